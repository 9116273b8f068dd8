"""A total deadline for an HTTP download, headers included, with requests.

requests' ``timeout`` bounds each read from the socket, not the whole exchange: a
server that sends its headers one byte every 2 s never trips a 10 s timeout and can
hold a download for minutes. The body can be checked against a monotonic deadline
between two reads, but the headers are read inside ``http.client`` in one call.

So a :class:`Watchdog` (a :class:`threading.Timer`) shuts the socket down when the
deadline passes: the blocked read returns at once and requests raises. The sockets
are those of the connections made or used while the watchdog is active in this
thread, registered by the connection classes of :func:`watched_session` (a
``requests.Session`` whose adapters use them). Shutting a socket down from another
thread is safe: the reading thread gets an error, it never hangs.

Example::

    session = watched_session()
    with Watchdog(30) as dog:
        try:
            response = session.get(url, timeout=10, stream=True)
            body = response.raw.read(2_000_000)
        except requests.RequestException:
            if dog.expired:
                print("too slow in all")      # the total deadline passed
"""

from __future__ import annotations

import contextlib
import socket
import threading

import requests
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

_current = threading.local()


class Watchdog:
    """Shut down the sockets this thread uses after ``seconds``, once (a context manager).

    Example: ``with Watchdog(30) as dog: ...`` then ``dog.expired``
    """

    def __init__(self, seconds: float):
        self.seconds = max(0.05, float(seconds))
        self.expired = False
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(self.seconds, self._expire)
        self._timer.daemon = True
        self._outer: Watchdog | None = None

    def __enter__(self) -> Watchdog:
        self._outer = getattr(_current, "dog", None)
        _current.dog = self
        self._timer.start()
        return self

    def __exit__(self, *exc) -> None:
        self._timer.cancel()
        _current.dog = self._outer

    def watch(self, sock: socket.socket | None) -> None:
        """Add a socket to shut down at the deadline (at once if it already passed)."""
        if sock is None:
            return
        with self._lock:
            self._sockets.append(sock)
            late = self.expired
        if late:
            _shut(sock)

    def _expire(self) -> None:
        with self._lock:
            self.expired = True
            sockets = list(self._sockets)
        for sock in sockets:
            _shut(sock)


def _shut(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)


def _watch(sock) -> None:
    dog = getattr(_current, "dog", None)
    if dog is not None:
        dog.watch(sock)


class _WatchedHTTPConnection(HTTPConnection):
    def _new_conn(self) -> socket.socket:
        sock = super()._new_conn()
        _watch(sock)  # before the TLS handshake, so a slow handshake is bounded too
        return sock

    def getresponse(self, *args, **kwargs):  # the headers are read here
        _watch(self.sock)
        return super().getresponse(*args, **kwargs)


class _WatchedHTTPSConnection(HTTPSConnection):
    def _new_conn(self) -> socket.socket:
        sock = super()._new_conn()
        _watch(sock)
        return sock

    def getresponse(self, *args, **kwargs):
        _watch(self.sock)
        return super().getresponse(*args, **kwargs)


class _WatchedPool(HTTPConnectionPool):
    ConnectionCls = _WatchedHTTPConnection


class _WatchedHTTPSPool(HTTPSConnectionPool):
    ConnectionCls = _WatchedHTTPSConnection


class WatchedAdapter(HTTPAdapter):
    """requests' adapter whose connections register their sockets with the :class:`Watchdog`."""

    def init_poolmanager(self, *args, **kwargs) -> None:
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = {"http": _WatchedPool, "https": _WatchedHTTPSPool}


def watched_session(user_agent: str | None = None, max_redirects: int = 5) -> requests.Session:
    """A requests session that a :class:`Watchdog` can interrupt, headers included.

    Example: ``session = watched_session("fabrique-kit/1.0")``
    """
    session = requests.Session()
    adapter = WatchedAdapter()
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    if user_agent:
        session.headers["User-Agent"] = user_agent
    session.max_redirects = max_redirects
    return session
