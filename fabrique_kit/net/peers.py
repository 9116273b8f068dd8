"""The other kits of the site, as a live list a script can use by name.

``kit.peers`` is one of these. A kit is found by its name (« Accueil ») or its id.

Example::

    peers = Peers(exclude_id=kit.id).start()
    accueil = peers.wait_for("Accueil", timeout=5)
    print(accueil.base_url)
    peers["accueil"].place          # case does not matter
    peers.client("accueil", site_key).counter("attente").take_ticket()
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

from zeroconf import InterfaceChoice, Zeroconf

from fabrique_kit.errors import FabriqueError, suggestion_hint
from fabrique_kit.i18n import _
from fabrique_kit.net.browser import Browser
from fabrique_kit.net.peer import Peer


class PeerNotFound(FabriqueError, KeyError):
    """No kit with that name or id is on the network (a KeyError too)."""


class Peers:
    """A live, read-only list of the other kits (``peers["accueil"]``, ``peers.get(...)``)."""

    def __init__(
        self,
        browser: Browser | None = None,
        *,
        exclude_id: str | None = None,
        zeroconf: Zeroconf | None = None,
        interfaces: Any = InterfaceChoice.Default,
        site_key: str | None = None,
    ):
        self.site_key = site_key  # what followers and clients prove the other kits with
        self._listeners: list[Callable[[Peer], None]] = []
        self._lock = threading.Lock()
        self.browser = browser or Browser(
            exclude_id=exclude_id, zeroconf=zeroconf, interfaces=interfaces
        )
        self.browser.on_change = self._changed

    def start(self, zeroconf: Zeroconf | None = None) -> Peers:
        """Start looking for kits (returns at once; they appear within a second or two)."""
        self.browser.start(zeroconf)
        return self

    def stop(self) -> None:
        self.browser.stop()

    # -- reading ---------------------------------------------------------------
    def all(self, include_gone: bool = False) -> list[Peer]:
        """Every kit known now, by name."""
        return self.browser.peers(include_gone=include_gone)

    def __iter__(self) -> Iterator[Peer]:
        return iter(self.all())

    def __len__(self) -> int:
        return len(self.all())

    def get(
        self, key: str, default: Peer | None = None, *, include_gone: bool = True
    ) -> Peer | None:
        """The kit whose id or name is ``key`` (present ones first), or ``default``."""
        matches = [p for p in self.all(include_gone=include_gone) if p.matches(key)]
        return matches[0] if matches else default

    def __getitem__(self, key: str) -> Peer:
        peer = self.get(key)
        if peer is None:
            raise self._not_found(key)
        return peer

    def __contains__(self, key: str) -> bool:
        return self.get(key, include_gone=False) is not None

    def wait_for(self, key: str, timeout: float = 5.0) -> Peer:
        """The kit ``key``, waiting up to ``timeout`` seconds for it to appear."""
        deadline = time.monotonic() + timeout
        while True:
            peer = self.get(key, include_gone=False)
            if peer is not None:
                return peer
            left = deadline - time.monotonic()
            if left <= 0:
                raise self._not_found(key)
            self.browser.wait_for_change(min(left, 0.5))

    def client(self, key: str, site_key: str | None = None, **options: Any):
        """A :class:`~fabrique_kit.net.client.PeerClient` for the kit ``key``."""
        from fabrique_kit.net.client import PeerClient

        return PeerClient(key, site_key or self.site_key, peers=self, **options)

    # -- watching --------------------------------------------------------------
    def subscribe(self, listener: Callable[[Peer], None]) -> Callable[[], None]:
        """Call ``listener(peer)`` when a kit appears, changes or leaves; returns an unsubscribe."""
        with self._lock:
            self._listeners.append(listener)

        def unsubscribe() -> None:
            with self._lock:
                if listener in self._listeners:
                    self._listeners.remove(listener)

        return unsubscribe

    def _changed(self, peer: Peer) -> None:
        with self._lock:
            listeners = list(self._listeners)
        for listener in listeners:
            listener(peer)

    def _not_found(self, key: str) -> PeerNotFound:
        names = [p.name for p in self.all()]
        if names:
            hint = suggestion_hint(key, names)
        else:
            hint = _(
                "Aucun autre kit n'est visible : vérifiez qu'il est allumé et sur le même "
                "réseau (même box ou même Wi-Fi)."
            )
        return PeerNotFound(
            _("Aucun kit « {name} » sur le réseau.", name=key), field="peer", hint=hint
        )
