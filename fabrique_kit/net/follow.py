"""Follow a value owned by another kit: copy it into the local state as it changes.

A value has one owner. The other kits *follow* it: a background thread long-polls the
owner's ``/api/state?since=N&wait=25`` (one request per change, or every 25 s when
nothing happens) and writes the owner's value locally with ``owner=<peer name>``.
If the owner cannot be reached, the local value is kept but marked with an error
(« « Accueil » injoignable depuis 12 s »), so the screen shows it is stale instead of
freezing silently. When the owner is back (maybe at a new address), it resynchronises.

Example::

    follower = Follower("Accueil", "attente", kit.state, kit.peers)
    follower.start()
    ...
    follower.stop()     # returns within about a second
"""

from __future__ import annotations

import contextlib
import http.client
import json
import logging
import socket
import threading
import time
from typing import Any
from urllib.parse import quote, urlsplit

from fabrique_kit.i18n import _
from fabrique_kit.net.peer import Peer
from fabrique_kit.state import State

log = logging.getLogger(__name__)

MAX_ANSWER = 4 * 1024 * 1024  # bytes; a kit's whole state is far smaller
BACKOFF = (0.5, 1.0, 2.0, 3.0, 5.0)  # seconds between attempts while the owner is lost


class _Lost(Exception):
    """The owner could not be reached or answered nonsense.

    ``not_found`` is True when discovery does not know the owner at all.
    """

    def __init__(self, reason: str, not_found: bool = False):
        super().__init__(reason)
        self.not_found = not_found


class Follower:
    """Keep ``state[local_name]`` equal to ``value_name`` on the kit ``peer_name``.

    ``source`` is the kit's :class:`~fabrique_kit.net.peers.Peers` (the owner is looked
    up by name at each connection, so it is found again if it moves) or a fixed base
    URL like ``http://192.168.1.20:8080``.
    """

    def __init__(
        self,
        peer_name: str,
        value_name: str,
        state: State,
        source: Any,
        *,
        local_name: str | None = None,
        wait: float = 25.0,
        connect_timeout: float = 2.0,
        grace: float = 5.0,
    ):
        self.peer_name = peer_name
        self.value_name = value_name
        self.local_name = local_name or value_name
        self.state = state
        self.source = source
        self.wait = wait
        self.connect_timeout = connect_timeout
        self.grace = grace  # seconds at start before an unfound owner is reported
        self.connected = threading.Event()  # set while the owner answers
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._lock = threading.Lock()
        self._socket: socket.socket | None = None
        self._thread: threading.Thread | None = None
        self._unsubscribe = None

    def value(self, default: Any = None) -> Any:
        """The followed value as this kit last received it (read through the state).

        Example: ``attente = kit.follow("accueil", "attente")`` then ``attente.value()``.
        """
        return self.state.get(self.local_name, default)

    # -- life ------------------------------------------------------------------
    def start(self) -> Follower:
        """Start following in a background thread; returns the follower.

        Example: ``follower = Follower("accueil", "attente", kit.state, kit.peers).start()``
        """
        if hasattr(self.source, "subscribe"):
            self._unsubscribe = self.source.subscribe(self._peer_changed)
        self._stop.clear()
        self._thread = threading.Thread(
            target=self._run, name=f"follow-{self.peer_name}-{self.value_name}", daemon=True
        )
        self._thread.start()
        return self

    def stop(self, timeout: float = 1.0) -> None:
        """Stop following; interrupts a long-poll in progress.

        Example: ``follower.stop()`` (the kit does it when it closes)
        """
        self._stop.set()
        self._wake.set()
        if self._unsubscribe:
            self._unsubscribe()
            self._unsubscribe = None
        self._interrupt()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    def __enter__(self) -> Follower:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    # -- the loop ----------------------------------------------------------------
    def _run(self) -> None:
        since = -1  # -1: answer at once with everything (first contact, or after a loss)
        failures = 0
        started = time.monotonic()
        ever_connected = False
        lost_since: float | None = None
        while not self._stop.is_set():
            try:
                answer = self._poll(since)
            except _Lost as error:
                if self._stop.is_set():
                    break
                self.connected.clear()
                since = -1
                failures += 1
                lost_since = lost_since or time.monotonic()
                # one hiccup is forgiven, and discovery gets a few seconds at start
                if failures >= 2 and (ever_connected or time.monotonic() - started >= self.grace):
                    self._mark_lost(lost_since, error)
                self._sleep(BACKOFF[min(failures - 1, len(BACKOFF) - 1)])
                continue
            failures, lost_since, ever_connected = 0, None, True
            self.connected.set()
            since = answer["version"]
            try:
                self._apply(answer)
            except Exception:  # a listener of the state failed: keep following anyway
                log.exception("could not write %s from %s", self.local_name, self.peer_name)
            retry_after = answer.get("retry_after")
            if isinstance(retry_after, int | float) and retry_after > 0:
                self._sleep(min(float(retry_after), 10.0))  # the owner is busy: no tight loop

    def _sleep(self, seconds: float) -> None:
        self._wake.wait(seconds)
        self._wake.clear()

    def _peer_changed(self, peer: Peer) -> None:
        if peer.matches(self.peer_name) and not peer.gone:
            self._wake.set()  # it is back, maybe at a new address: try now

    def _urls(self) -> list[str]:
        if isinstance(self.source, str):
            return [self.source.rstrip("/")]
        peer = self.source.get(self.peer_name)
        if peer is None:
            raise _Lost(f"{self.peer_name} not found", not_found=True)
        return peer.urls()

    def _poll(self, since: int) -> dict:
        path = (
            f"/api/state?since={since}&wait={self.wait:g}&names={quote(self.value_name, safe='')}"
        )
        error: Exception | None = None
        for url in self._urls():
            try:
                return self._get(url, path)
            except (OSError, http.client.HTTPException, ValueError) as problem:
                error = problem
        raise _Lost(str(error)) from error

    def _get(self, base_url: str, path: str) -> dict:
        parts = urlsplit(base_url)
        if parts.hostname is None:  # HTTPConnection(None) would quietly connect to localhost
            raise ValueError(f"no host in {base_url!r}")
        connection = http.client.HTTPConnection(
            parts.hostname, parts.port or 80, timeout=self.connect_timeout
        )
        try:
            connection.connect()
            with self._lock:
                self._socket = connection.sock
            if self._stop.is_set():
                raise OSError("stopped")
            connection.sock.settimeout(self.wait + 10)
            connection.request("GET", path, headers={"Accept": "application/json"})
            response = connection.getresponse()
            body = response.read(MAX_ANSWER)
            if response.status != 200:
                raise ValueError(f"HTTP {response.status}")
            answer = json.loads(body)
            if (
                not isinstance(answer, dict)
                or not isinstance(answer.get("values"), dict)
                or not isinstance(answer.get("version"), int)
            ):
                raise ValueError("not a kit state")
            return answer
        finally:
            with self._lock:
                self._socket = None
            connection.close()

    def _interrupt(self) -> None:
        with self._lock:
            sock = self._socket
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)

    # -- writing the local state ---------------------------------------------------
    def _apply(self, answer: dict) -> None:
        item = answer["values"].get(self.value_name)
        name = self.local_name
        if not isinstance(item, dict) or "value" not in item:
            self.state.fail(
                name,
                _(
                    "« {peer} » n'a pas de valeur « {value} »",
                    peer=self.peer_name,
                    value=self.value_name,
                ),
            )
            return
        local = self.state.value(name)
        value, remote_error = item["value"], item.get("error")
        if local is None or local.value != value or local.owner != self.peer_name:
            self.state.set(name, value, owner=self.peer_name)
        elif not remote_error:
            self.state.touch(name)  # confirmed: fresh again, clears a "lost" error
        if remote_error:
            self.state.fail(name, f"« {self.peer_name} » : {remote_error}")

    def _mark_lost(self, since: float, error: _Lost) -> None:
        seconds = max(1, round(time.monotonic() - since))
        log.info("lost %s (%s)", self.peer_name, error)
        if error.not_found:
            message = _(
                "« {peer} » introuvable sur le réseau depuis {seconds} s",
                peer=self.peer_name,
                seconds=seconds,
            )
        else:
            message = _(
                "« {peer} » injoignable depuis {seconds} s", peer=self.peer_name, seconds=seconds
            )
        self.state.fail(self.local_name, message)
