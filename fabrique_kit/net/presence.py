"""A kit's presence on the site: advertise itself and watch the others, in one object.

One zeroconf instance serves both (as python-zeroconf recommends), and stopping
happens in the clean order: stop browsing, say goodbye, close the sockets. With
``start(background=True)`` a kit that boots before its network is ready keeps trying,
and a kit whose address changes (a new DHCP lease) announces the new one.

Example::

    presence = Presence(kit.info(), port=8080)
    presence.start(background=True)     # returns at once
    kit.peers = presence.peers          # peers["Accueil"], peers.wait_for(...)
    ...
    presence.stop()
"""

from __future__ import annotations

import logging
import threading
from typing import Any

from zeroconf import InterfaceChoice, Zeroconf

from fabrique_kit.net.addresses import local_ipv4_addresses
from fabrique_kit.net.discovery import RECORD_TTL, Advertiser, open_zeroconf
from fabrique_kit.net.peers import Peers

log = logging.getLogger(__name__)


class Presence:
    """Advertise ``info`` on ``port`` and keep :attr:`peers` up to date."""

    def __init__(
        self,
        info: dict,
        port: int,
        interfaces: Any = InterfaceChoice.Default,
        *,
        ttl: int = RECORD_TTL,
        retry_every: float = 10.0,
        check_addresses_every: float = 30.0,
        site_key: str | None = None,
    ):
        self.info = info
        self.port = port
        self.interfaces = interfaces
        self.ttl = ttl
        self.retry_every = retry_every
        self.check_addresses_every = check_addresses_every
        self.advertiser: Advertiser | None = None
        # usable (empty) before start(); the key lets followers check who answers
        self.peers = Peers(exclude_id=info.get("id"), site_key=site_key)
        self.ready = threading.Event()  # set once advertised
        self._zeroconf: Zeroconf | None = None
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self, background: bool = False) -> Presence:
        """Open zeroconf, start browsing, then register (about 1.5 s).

        With ``background=True`` it returns at once and a thread keeps trying until the
        network is there, then watches the kit's addresses.
        """
        self._stop.clear()
        if not background:
            self._start_now()
            return self
        self._thread = threading.Thread(
            target=self._keep_present, name="fabrique-presence", daemon=True
        )
        self._thread.start()
        return self

    def _start_now(self) -> None:
        with self._lock:
            if self._stop.is_set() or self._zeroconf is not None:
                return
            zeroconf = self._zeroconf = open_zeroconf(self.interfaces)
            advertiser = self.advertiser = Advertiser(
                self.info, self.port, self.interfaces, zeroconf=zeroconf, ttl=self.ttl
            )
            try:  # under the lock: stop() cannot slip between opening and browsing
                self.peers.start(zeroconf)
            except Exception:
                self._zeroconf = self.advertiser = None
                zeroconf.close()
                raise
        try:
            advertiser.start()  # ~1.5 s, outside the lock: stop() may interrupt it
        except Exception:
            if self._stop.is_set():
                return  # stopped while registering: stop() closed everything
            self._close()
            raise
        self.ready.set()

    def _keep_present(self) -> None:
        while not self._stop.is_set() and not self.ready.is_set():
            try:
                self._start_now()
            except Exception as error:  # FabriqueError, OSError, zeroconf's own errors
                log.warning("network not ready (%s): trying again in %s s", error, self.retry_every)
                self._stop.wait(self.retry_every)
        while not self._stop.wait(self._next_check()):
            self.check_addresses()

    def _next_check(self) -> float:
        """Seconds until the next look at the addresses: soon while the kit has none."""
        advertiser = self.advertiser
        return self.check_addresses_every if advertiser is None or advertiser.addresses else 2.0

    def check_addresses(self) -> bool:
        """Announce the kit's addresses again if they changed; True if they did."""
        advertiser = self.advertiser
        if advertiser is None or isinstance(self.interfaces, list):
            return False
        try:
            return advertiser.update_addresses(local_ipv4_addresses())
        except Exception as error:  # zeroconf closing, network going down
            log.warning("could not announce the new addresses: %s", error)
            return False

    def stop(self) -> None:
        """Stop browsing, unregister (goodbye), close zeroconf; interrupts a registration."""
        self._stop.set()
        self._close()  # cancels a registration in progress
        if self._thread is not None:
            self._thread.join(timeout=1.0)
            self._thread = None

    def _close(self) -> None:
        with self._lock:
            zeroconf, self._zeroconf = self._zeroconf, None
            advertiser, self.advertiser = self.advertiser, None
            self.ready.clear()
        self.peers.stop()
        if advertiser is not None:
            advertiser.stop()
        if zeroconf is not None:
            zeroconf.close()

    def __enter__(self) -> Presence:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
