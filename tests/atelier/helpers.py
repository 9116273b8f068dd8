"""Helpers for the guided mode's tests: edit a project file, a fake running kit."""

from __future__ import annotations

import json
import re
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path


def edit(project: Path, old: str, new: str, file: str = "fabrique.toml") -> None:
    """Replace ``old`` by ``new`` once in a project file (fails loudly if ``old`` is absent)."""
    path = project / file
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {file}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def set_port(project: Path, port: int) -> None:
    path = project / "fabrique.toml"
    text = re.sub(r"(?m)^port = \d+", f"port = {port}", path.read_text(encoding="utf-8"))
    path.write_text(text, encoding="utf-8")


def free_port() -> int:
    """A port nothing listens on (it was free a moment ago)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class FakeKit:
    """A local HTTP server that answers like a running kit: ``/``, ``/api/info``, ``/api/state``."""

    def __init__(self, name: str):
        self.info = {"name": name, "template": "afficheur"}
        self.values: dict = {}
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self.thread.start()

    def set(self, name: str, value, version: int = 1) -> None:
        self.values[name] = {"name": name, "value": value, "version": version}

    def _handler(self):
        kit = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                path = self.path.split("?")[0]
                if path == "/":
                    self._send(200, "text/html", b"<h1>Apercu</h1>")
                elif path == "/api/info":
                    self._send(200, "application/json", json.dumps(kit.info).encode())
                elif path == "/api/state":
                    body = {"version": 1, "values": kit.values}
                    self._send(200, "application/json", json.dumps(body).encode())
                else:
                    self._send(404, "text/plain", b"not found")

            def _send(self, status, kind, body):
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        return Handler

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
