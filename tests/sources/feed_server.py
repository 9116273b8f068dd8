"""A real HTTP server on 127.0.0.1 for the feed and JSON tests.

Each path answers with a :class:`Reply` (or a function of the request that returns
one); every request is recorded with its headers so tests can check what was sent.

Example::

    with FeedServer() as server:
        server.route("/feed.xml", Reply(b"<rss/>", headers={"Content-Type": "text/xml"}))
        requests.get(server.url("/feed.xml"))
        server.requests[0].headers["User-Agent"]
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

FIXTURES = Path(__file__).parent / "fixtures" / "feeds"


@dataclass
class Reply:
    body: bytes = b""
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds to wait before answering
    send_length: bool = True  # False: no Content-Length, the body ends when the connection closes
    repeat: int = 1  # the body is sent this many times (big answers without big memory)
    pause: float = 0.0  # seconds between two repeats (a server that trickles)
    trickle_headers: float = 0.0  # seconds between two bytes of the status line and headers


@dataclass
class Seen:
    path: str
    headers: dict[str, str]


class FeedServer:
    def __init__(self):
        self.routes: dict[str, Reply | Callable[[Seen], Reply]] = {}
        self.requests: list[Seen] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.0"

            def do_GET(self):  # noqa: N802 (http.server's name)
                seen = Seen(self.path, dict(self.headers.items()))
                server.requests.append(seen)
                route = server.routes.get(self.path.split("?")[0])
                reply = Reply(b"not found", 404) if route is None else route
                if callable(reply):
                    reply = reply(seen)
                if reply.delay:
                    time.sleep(reply.delay)
                try:
                    if reply.trickle_headers:  # one byte at a time, never the end of the headers
                        for byte in f"HTTP/1.0 {reply.status} OK\r\nX-Slow: {'a' * 10_000}".encode():
                            self.wfile.write(bytes([byte]))
                            self.wfile.flush()
                            time.sleep(reply.trickle_headers)
                        return
                    self.send_response(reply.status)
                    for key, value in reply.headers.items():
                        self.send_header(key, value)
                    if reply.send_length and reply.status != 304:
                        self.send_header("Content-Length", str(len(reply.body) * reply.repeat))
                    self.end_headers()
                    if reply.status != 304:
                        for _ in range(reply.repeat):
                            self.wfile.write(reply.body)
                            if reply.pause:
                                self.wfile.flush()
                                time.sleep(reply.pause)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.httpd.block_on_close = False
        self.thread = threading.Thread(target=self.httpd.serve_forever, args=(0.02,), daemon=True)

    def url(self, path: str) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}{path}"

    def route(self, path: str, reply: Reply | Callable[[Seen], Reply]) -> str:
        self.routes[path] = reply
        return self.url(path)

    def fixture(self, path: str, filename: str, content_type: str = "application/rss+xml") -> str:
        body = (FIXTURES / filename).read_bytes()
        return self.route(path, Reply(body, headers={"Content-Type": content_type}))

    def start(self) -> FeedServer:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def __enter__(self) -> FeedServer:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
