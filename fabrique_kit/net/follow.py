"""Follow a value owned by another kit: copy it into the local state as it changes.

A value has one owner. The other kits *follow* it: a background thread long-polls the
owner's ``/api/state?since=N&wait=25`` (one request per change, or every 25 s when
nothing happens) and writes the owner's value locally with ``owner=<peer name>``.
If the owner cannot be reached, the local value is kept but marked with an error
(« « Accueil » injoignable depuis 12 s »), so the screen shows it is stale instead of
freezing silently. When the owner is back (maybe at a new address), it resynchronises.

With a site key (the normal case on a site), every answer must be signed by a kit
holding the key (net/kit_api.py): a device that takes the owner's name but cannot prove
the key is never followed (the value says « non vérifié »); the first kit that proves
it is pinned by its id, so the follower never switches silently to another kit of the
same name; and a kit never follows itself. Without a key nothing can be verified: the
value is read as public data. Requests go through the one client (:class:`KitApi`), with
TCP keepalive, so a silent link cut is noticed within seconds, not at the end of the poll.

Example::

    follower = Follower("Accueil", "attente", kit.state, kit.peers)
    follower.start()
    ...
    follower.stop()     # returns within about a second
"""

from __future__ import annotations

import logging
import threading
import time
from typing import Any
from urllib.parse import quote

from fabrique_kit.i18n import _
from fabrique_kit.net.kit_api import (
    KEEPALIVE_COUNT,
    KEEPALIVE_EVERY,
    KEEPALIVE_IDLE,
    KitApi,
    Unreachable,
)
from fabrique_kit.net.peer import Peer
from fabrique_kit.state import State

log = logging.getLogger(__name__)

NOTICE = KEEPALIVE_IDLE + KEEPALIVE_EVERY * KEEPALIVE_COUNT  # seconds to notice a silent cut
BACKOFF = (0.5, 1.0, 2.0, 3.0, 5.0)  # seconds between attempts while the owner is lost


class _Lost(Exception):
    """The owner could not be reached or answered nonsense.

    ``not_found`` is True when discovery does not know the owner at all; ``unverified``
    when a kit of that name answered but could not prove the site key.
    """

    def __init__(self, reason: str, not_found: bool = False, unverified: bool = False):
        super().__init__(reason)
        self.not_found = not_found
        self.unverified = unverified


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
        site_key: str | None = None,
        own_id: str | None = None,
    ):
        self.peer_name = peer_name
        self.value_name = value_name
        self.local_name = local_name or value_name
        self.state = state
        self.source = source
        self.wait = wait
        self.connect_timeout = connect_timeout
        self.grace = grace  # seconds at start before an unfound owner is reported
        self.site_key = site_key or getattr(source, "site_key", None)
        browser = getattr(source, "browser", None)
        self.own_id = own_id or getattr(browser, "exclude_id", None)
        self.pinned_id: str | None = None  # the owner's id, once it proved the site key
        self.api = KitApi(self.site_key, timeout=wait + 10)
        self.connected = threading.Event()  # set while the owner answers
        self._stop = threading.Event()
        self._wake = threading.Event()
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
        self.api.interrupt()
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
            asked_at = time.monotonic()
            try:
                answer = self._poll(since)
            except _Lost as error:
                if self._stop.is_set():
                    break
                self.connected.clear()
                since = -1
                failures += 1
                # a silent cut is noticed NOTICE s after it happened (TCP keepalive)
                lost_since = lost_since or max(asked_at, time.monotonic() - NOTICE)
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

    def _targets(self) -> list[tuple[list[str], str | None]]:
        """Where the owner may be: ``[(urls, advertised id)]``, the pinned kit only once known."""
        if isinstance(self.source, str):
            return [([self.source.rstrip("/")], None)]
        if hasattr(self.source, "all"):
            found = [p for p in self.source.all() if p.matches(self.peer_name)]
        else:
            one = self.source.get(self.peer_name)
            found = [one] if one is not None and not one.gone else []
        found = [p for p in found if p.id != self.own_id]  # never follow itself
        if self.pinned_id is not None and self.site_key:
            found = [p for p in found if p.id == self.pinned_id]
        if not found:
            raise _Lost(f"{self.peer_name} not found", not_found=True)
        return [(p.urls(), p.id) for p in found]

    def _poll(self, since: int) -> dict:
        path = (
            f"/api/state?since={since}&wait={self.wait:g}&names={quote(self.value_name, safe='')}"
        )
        error: _Lost | None = None
        for urls, advertised in self._targets():
            for url in urls:
                try:
                    return self._get(url + path, advertised)
                except Unreachable as problem:
                    error = error if error is not None and error.unverified else _Lost(str(problem))
                except _Lost as problem:
                    error = problem
        raise error or _Lost("no address")

    def _get(self, url: str, advertised: str | None) -> dict:
        if self._stop.is_set():
            raise _Lost("stopped")
        answer = self.api.send("GET", url)
        body = answer.body
        if answer.status != 200 or body is None:
            raise _Lost(f"HTTP {answer.status}")
        if not isinstance(body.get("values"), dict) or not isinstance(body.get("version"), int):
            raise _Lost("not a kit state")
        if self.own_id is not None and body.get("id") == self.own_id:
            raise _Lost("this kit itself")
        if self.site_key:
            proof = answer.proof
            expected = self.pinned_id or advertised
            if proof is None or proof.id == self.own_id or (expected is not None and proof.id != expected):
                raise _Lost("not verified", unverified=True)
            self.pinned_id = proof.id
        return body

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
        if error.unverified:
            message = _(
                "« {peer} » non vérifié : ce kit n'a pas prouvé qu'il a la clé de site",
                peer=self.peer_name,
            )
        elif error.not_found:
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
