"""Serve the web app with waitress, in a background thread that stops cleanly, fairly.

The kit sits on a public Wi-Fi: one device must not take the web app down. Waitress
alone counts connections for everyone (100 by default: 100 slow connections stop every
page) and closes a connection only after ``channel_timeout`` seconds *without any byte*
(one byte a second keeps it open forever). :class:`FairServer`, waitress' own TCP
server with two small additions, enforces per device:

- at most ``PER_CLIENT`` open connections per address (more are closed at once);
- a deadline for each request: its headers within ``HEADER_DEADLINE`` seconds, the
  whole request within ``REQUEST_DEADLINE``; a slower one is closed (it never held a
  thread: waitress dispatches a request to a thread only once it is read).

Waitress is kept (already used, maintained, pure Python for a Pi Zero): its server
class, channels and maintenance pass are public enough to extend, within its major
version 3 (pinned in pyproject.toml).

Example::

    server = WebServer(create_app(kit.web), port=0).start()   # port=0: any free port
    print(server.url)                                       # http://127.0.0.1:43817
    server.stop()                                           # closed within about 1 s
"""

from __future__ import annotations

import errno
import logging
import socket
import threading
import time
from typing import Any

from waitress import wasyncore
from waitress.adjustments import Adjustments
from waitress.channel import HTTPChannel
from waitress.server import TcpWSGIServer
from waitress.task import ThreadedTaskDispatcher

from fabrique_kit.errors import FabriqueError
from fabrique_kit.i18n import _
from fabrique_kit.web.context import FairWaiters

log = logging.getLogger("fabrique_kit.web")

# Server threads: long-polls of the preview may hold a few, the rest answer pages.
THREADS = 8
LOOP_TIMEOUT = 0.2
PER_CLIENT = 16  # open connections one address may hold (a browser opens about 6)
CONNECTION_LIMIT = 400  # open connections in all (waitress stops accepting beyond)
HEADER_DEADLINE = 10.0  # seconds to send a request's headers
REQUEST_DEADLINE = 120.0  # seconds to send a whole request (a 20 MB bundle on a slow Wi-Fi)


class FairChannel(HTTPChannel):
    """A waitress connection that notes when its current request began."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.request_started = time.monotonic()

    def received(self, data):
        if self.request is None:
            self.request_started = time.monotonic()  # a new request begins with these bytes
        return super().received(data)


class FairServer(TcpWSGIServer):
    """Waitress' TCP server, fair to each device (see the module's docstring).

    Example: ``FairServer(app, sock=listening, threads=8, per_client=16)``
    """

    channel_class = FairChannel

    def __init__(self, app, *, sock: socket.socket, socket_map: dict, threads: int,
                 per_client: int = PER_CLIENT, header_deadline: float = HEADER_DEADLINE,
                 request_deadline: float = REQUEST_DEADLINE, **adjustments):
        adj = Adjustments(threads=threads, connection_limit=CONNECTION_LIMIT, cleanup_interval=1,
                          **adjustments)
        dispatcher = ThreadedTaskDispatcher()
        dispatcher.set_thread_count(threads)
        self.per_client = per_client
        self.header_deadline = header_deadline
        self.request_deadline = request_deadline
        sockinfo = (sock.family, sock.type, sock.proto, sock.getsockname())
        super().__init__(app, socket_map, True, sock, dispatcher=dispatcher, adj=adj,
                         bind_socket=False, sockinfo=sockinfo)

    def handle_accept(self):
        try:
            accepted = self.accept()
            if accepted is None:
                return
            conn, addr = accepted
        except OSError:
            return
        host = addr[0] if isinstance(addr, tuple) else str(addr)
        held = sum(1 for c in list(self.active_channels.values())
                   if isinstance(c.addr, tuple) and c.addr[0] == host)
        if held >= self.per_client:
            conn.close()  # this device has enough connections open: the others go first
            return
        self.channel_class(self, conn, self.fix_addr(addr), self.adj, map=self._map)

    def maintenance(self, now):
        """Waitress' idle check, plus the deadlines of requests still being received."""
        super().maintenance(now)
        moment = time.monotonic()
        for channel in list(self.active_channels.values()):
            parser = getattr(channel, "request", None)
            if parser is None or channel.requests:
                continue  # between requests (the idle timeout applies) or being answered
            late = moment - getattr(channel, "request_started", moment)
            if (not parser.headers_finished and late > self.header_deadline) or late > self.request_deadline:
                channel.will_close = True


class WebServer:
    """The kit's web server (waitress), never Flask's development server.

    ``host="127.0.0.1"`` keeps it on this computer; ``host="0.0.0.0"`` opens it to the
    local network (phones of the mediators, other kits).
    """

    def __init__(self, app, host: str = "127.0.0.1", port: int = 8000, threads: int = THREADS):
        self.app = app
        self.host = host
        self.requested_port = port
        self.threads = threads
        self._server: Any | None = None  # waitress's server (waitress has no types)
        self._thread: threading.Thread | None = None
        self._stop = threading.Event()
        self._closing = threading.Lock()  # the loop's sockets are closed once, safely
        self._closed = False
        self._socket_map: dict = {}

    @property
    def port(self) -> int:
        """The port really listened on (known after :meth:`start`, even with port 0)."""
        if self._server is not None:
            return int(self._server.effective_port)
        return self.requested_port

    @property
    def url(self) -> str:
        host = "127.0.0.1" if self.host in ("0.0.0.0", "") else self.host
        host = f"[{host}]" if ":" in host else host
        return f"http://{host}:{self.port}"

    def start(self) -> WebServer:
        """Open the port and serve in a background thread; returns ``self``.

        A busy port raises :class:`~fabrique_kit.errors.FabriqueError` saying what to do.
        """
        if self._thread is not None:
            return self
        listening = self._open_socket()
        self._socket_map = {}
        self._server = FairServer(
            self.app,
            sock=listening,
            socket_map=self._socket_map,
            threads=self.threads,
            ident="fabrique-kit",
            max_request_body_size=4 * 1024 * 1024,
        )
        self._tune_long_polls()
        self._stop.clear()
        self._closed = False
        self._thread = threading.Thread(target=self._serve, name="fabrique-web", daemon=True)
        self._thread.start()
        log.info(_("Application web ouverte sur {url}", url=self.url))
        return self

    def _open_socket(self) -> socket.socket:
        """Bind the listening socket ourselves, so a busy port is a clear error."""
        try:
            choices = socket.getaddrinfo(
                self.host or None, self.requested_port, type=socket.SOCK_STREAM,
                flags=socket.AI_PASSIVE,
            )
        except socket.gaierror as error:
            raise self._explain(OSError(errno.EADDRNOTAVAIL, str(error))) from None
        family, kind, proto, _name, address = sorted(
            choices, key=lambda c: c[0] != socket.AF_INET
        )[0]
        listening = socket.socket(family, kind, proto)
        try:
            listening.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            listening.bind(address)
        except OSError as error:
            listening.close()
            raise self._explain(error) from None
        return listening

    def _tune_long_polls(self) -> None:
        context = self.app.extensions.get("fabrique")
        if context is not None:
            context.stopping.clear()
            # Keep at least three threads free for pages and actions; two per device.
            context.waiters = FairWaiters(total=max(1, self.threads - 3))

    def _explain(self, error: OSError) -> FabriqueError:
        port = self.requested_port
        if error.errno == errno.EADDRINUSE:
            return FabriqueError(
                _("Le port {port} est déjà utilisé par un autre programme.", port=port),
                field="port",
                hint=_(
                    "Arrêtez l'autre programme (un autre « fabrique run » ?) ou choisissez "
                    "un autre port, par exemple {other}.",
                    other=port + 1 if port else 8001,
                ),
            )
        if error.errno == errno.EACCES:
            return FabriqueError(
                _("Le port {port} est réservé à l'administrateur du système.", port=port),
                field="port",
                hint=_("Choisissez un port au-dessus de 1024, par exemple 8000."),
            )
        return FabriqueError(
            _("Impossible d'ouvrir l'adresse {host}:{port} ({reason}).",
              host=self.host, port=port, reason=error.strerror or error),
            field="host",
            hint=_("Vérifiez l'adresse : 127.0.0.1 pour ce seul ordinateur, 0.0.0.0 pour le réseau."),
        )

    def _serve(self) -> None:
        server = self._server
        socket_map = self._socket_map
        try:
            while not self._stop.is_set() and socket_map:
                wasyncore.loop(timeout=LOOP_TIMEOUT, map=socket_map, count=1)
        finally:
            # The request threads end first: one finishing a response wakes the loop
            # through the server's trigger, which close_all() closes.
            if server is not None:  # None only if stop() ran before this thread did
                server.task_dispatcher.shutdown(cancel_pending=True, timeout=1)
            with self._closing:
                self._closed = True
                wasyncore.close_all(socket_map)

    def stop(self, timeout: float = 2.0) -> None:
        """Close the port, end the long-polls and wait for the server thread."""
        context = self.app.extensions.get("fabrique")
        if context is not None:
            context.stopping.set()
        self._stop.set()
        with self._closing:
            if self._server is not None and not self._closed:
                self._server.pull_trigger()  # wake the loop now rather than at its next tick
        thread, self._thread = self._thread, None
        if thread is not None:
            thread.join(timeout)
        self._server = None

    def __enter__(self) -> WebServer:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
