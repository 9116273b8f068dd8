"""Watch the other kits of the site: a live list kept by zeroconf browsing.

zeroconf keeps a kit's pointer record for at least 19 minutes, so on its own it would
not notice a power cut in time. The Browser also watches each kit's SRV record (it
lives RECORD_TTL seconds): it asks for it again near the end of its life, and a kit
that does not answer is marked gone. A kit that stops cleanly says goodbye and is
marked gone at once.

Example::

    with Browser(on_change=print, exclude_id="k1") as browser:
        time.sleep(2)
        browser.peers()     # [Peer(id='k2', name='Accueil', ...)]
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from zeroconf import (
    DNSOutgoing,
    DNSQuestion,
    DNSQuestionType,
    InterfaceChoice,
    ServiceBrowser,
    ServiceInfo,
    ServiceStateChange,
    Zeroconf,
)

from fabrique_kit.net.discovery import SERVICE_TYPE, open_zeroconf, peer_from_service
from fabrique_kit.net.peer import Peer

log = logging.getLogger(__name__)

_DNS_TYPE_SRV = 33
_DNS_CLASS_IN = 1
_DNS_FLAGS_QUERY = 0x0000
_ASK_GONE_FOR = 600  # seconds during which a vanished kit is still asked about
_REFRESH_AT = (0.70, 0.80, 0.90)  # ask again at these fractions of a record's life (RFC 6762 §5.2)


class Browser:
    """Keep a live list of the other kits of the site.

    ``on_change(peer)`` is called (in a background thread) when a kit appears, changes
    or leaves. A kit that leaves is kept with ``gone=True``; so is one whose records
    were not refreshed in time (a power cut: no goodbye).

    Example::

        browser = Browser(on_change=print, exclude_id=kit.id)
        browser.start()
        browser.peers()     # [Peer(id='k2', name='Accueil', ...)]
        browser.stop()
    """

    def __init__(
        self,
        on_change: Callable[[Peer], None] | None = None,
        *,
        exclude_id: str | None = None,
        zeroconf: Zeroconf | None = None,
        interfaces: Any = InterfaceChoice.Default,
        check_every: float = 5.0,
    ):
        self.on_change = on_change
        self.exclude_id = exclude_id
        self.interfaces = interfaces
        self.check_every = check_every
        self._zeroconf = zeroconf
        self._owns_zeroconf = zeroconf is None
        self._browser: ServiceBrowser | None = None
        self._peers: dict[str, Peer] = {}  # by zeroconf instance name
        self._lock = threading.Lock()
        self._changed = threading.Condition(self._lock)
        self._stop = threading.Event()
        self._checker: threading.Thread | None = None
        self._gone_at: dict[str, float] = {}  # monotonic ms when each kit was marked gone
        self._asked: dict[str, tuple[float, int]] = {}  # refresh questions already sent
        self._asked_gone: dict[str, float] = {}  # when a gone kit was last asked about

    # -- life ------------------------------------------------------------------
    def start(self, zeroconf: Zeroconf | None = None) -> Browser:
        """Start browsing, on ``zeroconf`` if given (it then stays open at stop)."""
        if zeroconf is not None:
            self._zeroconf, self._owns_zeroconf = zeroconf, False
        if self._zeroconf is None:
            self._zeroconf = open_zeroconf(self.interfaces)
        self._stop.clear()
        # QM (multicast) questions only: answers to QU questions come by unicast to port
        # 5353, which avahi or another kit on this machine may receive instead of us.
        self._browser = ServiceBrowser(
            self._zeroconf,
            SERVICE_TYPE,
            handlers=[self._on_service],
            question_type=DNSQuestionType.QM,
        )
        self._checker = threading.Thread(
            target=self._check_loop, name="fabrique-peers", daemon=True
        )
        self._checker.start()
        return self

    def stop(self) -> None:
        """Cancel the browser first, then close zeroconf if this object opened it."""
        self._stop.set()
        browser, self._browser = self._browser, None
        if browser is not None:
            browser.cancel()
        if self._checker is not None:
            self._checker.join(timeout=2)
            self._checker = None
        if self._owns_zeroconf and self._zeroconf is not None:
            self._zeroconf.close()
            self._zeroconf = None

    def __enter__(self) -> Browser:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    # -- reading ---------------------------------------------------------------
    def peers(self, include_gone: bool = False) -> list[Peer]:
        """The kits known now, by name (copies: they do not change under your feet)."""
        with self._lock:
            found = [_copy(p) for p in self._peers.values() if include_gone or not p.gone]
        return sorted(found, key=lambda p: (p.gone, p.name.casefold(), p.id))

    def wait_for_change(self, timeout: float) -> None:
        """Block until a kit appears, changes or leaves (or ``timeout`` seconds)."""
        with self._changed:
            self._changed.wait(timeout)

    # -- zeroconf events (browser thread) --------------------------------------
    def _on_service(self, zeroconf: Zeroconf, service_type: str, name: str, state_change) -> None:
        if state_change is ServiceStateChange.Removed:
            self._mark_gone(name)
            return
        try:
            service = zeroconf.get_service_info(
                service_type, name, timeout=2000, question_type=DNSQuestionType.QM
            )
        except Exception:  # zeroconf is closing
            log.debug("could not resolve %s", name, exc_info=True)
            return
        peer = peer_from_service(service) if service else None
        if peer is None or peer.id == self.exclude_id:
            return
        with self._lock:
            old = self._peers.get(name)
            self._peers[name] = peer
            for other in [n for n, p in self._peers.items() if p.id == peer.id and n != name]:
                del self._peers[other]  # the same kit under an older name (renamed)
            self._changed.notify_all()
        if old is None or vars(old) | {"last_seen": 0} != vars(peer) | {"last_seen": 0}:
            log.info("kit %s (%s) at %s", peer.name, peer.id, peer.urls())
            self._notify(peer)

    def _mark_gone(self, name: str) -> None:
        with self._lock:
            peer = self._peers.get(name)
            if peer is None or peer.gone:
                return
            peer.gone = True
            self._gone_at[name] = time.monotonic() * 1000
            self._changed.notify_all()
            copy = _copy(peer)
        log.info("kit %s (%s) left", copy.name, copy.id)
        self._notify(copy)

    def _notify(self, peer: Peer) -> None:
        if self.on_change is None:
            return
        try:
            self.on_change(peer)
        except Exception:
            log.exception("on_change failed for %s", peer.name)

    # -- freshness ---------------------------------------------------------------
    # zeroconf keeps a kit's pointer record for at least 19 minutes, so it would not
    # notice a power cut in time. The kit's own SRV record lives RECORD_TTL seconds:
    # we ask for it again near the end of its life, and a kit that does not answer
    # is marked gone.
    def _check_loop(self) -> None:
        delay = self.check_every
        while not self._stop.wait(delay):
            try:
                delay = self._check_freshness()
            except Exception:  # zeroconf closing under us at shutdown
                log.debug("freshness check failed", exc_info=True)
                delay = self.check_every

    def _check_freshness(self) -> float:
        """Check every kit's records; returns the seconds until the next check is due."""
        zc = self._zeroconf
        if zc is None:
            return self.check_every
        now_ms = time.monotonic() * 1000
        next_ms = now_ms + self.check_every * 1000
        with self._lock:
            known = {n: (p.gone, self._gone_at.get(n, 0.0)) for n, p in self._peers.items()}
        ask = []
        for name, (gone, gone_at) in known.items():
            records = zc.cache.get_all_by_details(name, _DNS_TYPE_SRV, _DNS_CLASS_IN)
            alive = [r for r in records if not r.is_expired(now_ms)]
            if not alive:
                if not gone:
                    self._mark_gone(name)
                elif now_ms - gone_at < _ASK_GONE_FOR * 1000 and self._due(name, now_ms):
                    ask.append(name)  # maybe only our questions were lost: ask again
                continue
            newest = max(alive, key=lambda r: r.created)
            if gone and newest.created > gone_at:
                self._mark_back(name)
            with self._lock:
                if name in self._peers:
                    self._peers[name].last_seen = time.time() - (now_ms - newest.created) / 1000
            self._reload(zc, name)
            life_ms = newest.ttl * 1000
            step = sum(1 for at in _REFRESH_AT if now_ms - newest.created >= at * life_ms)
            if step and self._asked.get(name) != (newest.created, step):
                self._asked[name] = (newest.created, step)
                ask.append(name)
            upcoming = [newest.created + at * life_ms for at in (*_REFRESH_AT, 1.0)]
            next_ms = min([next_ms, *(t for t in upcoming if t > now_ms)])
        if ask:
            query = DNSOutgoing(_DNS_FLAGS_QUERY)
            for name in ask:
                query.add_question(DNSQuestion(name, _DNS_TYPE_SRV, _DNS_CLASS_IN))
            zc.send(query)
        return max(0.05, (next_ms - now_ms) / 1000 + 0.01)

    def _reload(self, zc: Zeroconf, name: str) -> None:
        """Take the kit's addresses and port again from the cache (old ones expire)."""
        service = ServiceInfo(SERVICE_TYPE, name)
        if not service.load_from_cache(zc):
            return
        fresh = peer_from_service(service)
        with self._lock:
            peer = self._peers.get(name)
            if fresh is None or peer is None or peer.gone:
                return
            if (peer.addresses, peer.port) == (fresh.addresses, fresh.port):
                return
            peer.addresses, peer.port = fresh.addresses, fresh.port
            self._changed.notify_all()
            copy = _copy(peer)
        self._notify(copy)

    def _due(self, name: str, now_ms: float) -> bool:
        """True (and noted) if the last question about a gone kit is old enough."""
        if now_ms - self._asked_gone.get(name, 0.0) < self.check_every * 1000:
            return False
        self._asked_gone[name] = now_ms
        return True

    def _mark_back(self, name: str) -> None:
        with self._lock:
            peer = self._peers.get(name)
            if peer is None or not peer.gone:
                return
            peer.gone = False
            self._changed.notify_all()
            copy = _copy(peer)
        log.info("kit %s (%s) is back", copy.name, copy.id)
        self._notify(copy)


def _copy(peer: Peer) -> Peer:
    return replace(peer, addresses=list(peer.addresses))


def discover(
    timeout: float = 3.0,
    *,
    exclude_id: str | None = None,
    interfaces: Any = InterfaceChoice.Default,
) -> list[Peer]:
    """Look for kits for ``timeout`` seconds and return those found (for the CLI).

    Example::

        for peer in discover(timeout=3):
            print(peer.name, peer.place, peer.base_url)
    """
    with Browser(exclude_id=exclude_id, interfaces=interfaces) as browser:
        time.sleep(timeout)
        return browser.peers()
