"""The Wayland wire protocol, just what the native screen output needs.

A Wayland client talks to the compositor (labwc, Wayfire, cage…) over a Unix socket:
each message is an object id, a size and an opcode, then its arguments (32-bit
integers, strings, object ids), and file descriptors travel beside it. This module
writes and reads those messages (https://wayland.freedesktop.org/docs/html/ch04.html);
:mod:`~fabrique_kit.screen.outputs.wayland` uses it to show frames full screen.

Why our own code rather than SDL2 (pygame-ce) or GTK: measured on this machine with a
1280x720 full-screen window under weston, this client adds 10 MB PSS to the kit (7.4 MB
of it are the two pictures in shared memory), pygame-ce's SDL2 window 113 MB (SDL, EGL
and Mesa), and under cage's software renderer SDL2 showed a black screen; GTK needs
PyGObject from the system. A shared-memory client needs no GPU, and copies only the
changed boxes of each frame — what a Pi Zero 2 W needs.

Example::

    wire = Connection.open()                 # $XDG_RUNTIME_DIR/$WAYLAND_DISPLAY
    registry = wire.new_id(on_global)         # on_global(opcode, payload)
    wire.request(DISPLAY, 1, "n", registry)   # wl_display.get_registry
    wire.roundtrip()
"""

from __future__ import annotations

import os
import select
import socket
import struct
from collections.abc import Callable

DISPLAY = 1  # the wl_display object always has id 1
Handler = Callable[[int, bytes], None]


class WaylandError(OSError):
    """The compositor is gone, or refused a request (its message says which)."""


def socket_path(environ=None) -> str:
    """Where the compositor listens: ``$WAYLAND_DISPLAY`` in ``$XDG_RUNTIME_DIR``.

    Example: ``socket_path({"XDG_RUNTIME_DIR": "/run/user/1000"})`` → ``'/run/user/1000/wayland-0'``
    """
    environ = os.environ if environ is None else environ
    name = environ.get("WAYLAND_DISPLAY") or "wayland-0"
    if name.startswith("/"):
        return name
    runtime = environ.get("XDG_RUNTIME_DIR") or f"/run/user/{os.getuid()}"
    return os.path.join(runtime, name)


def encode(signature: str, values: tuple) -> bytes:
    """The arguments of one request: ``u`` uint, ``i`` int, ``n`` object or new id, ``s`` string.

    Example: ``encode("us", (3, "wl_shm"))``
    """
    out = bytearray()
    for kind, value in zip(signature, values, strict=True):
        if kind in "un":
            out += struct.pack("=I", value or 0)
        elif kind == "i":
            out += struct.pack("=i", value)
        elif kind == "s":
            data = value.encode() + b"\0"
            out += struct.pack("=I", len(data)) + data + b"\0" * (-len(data) % 4)
        else:
            raise ValueError(f"unknown argument kind {kind!r}")
    return bytes(out)


def decode(signature: str, payload: bytes) -> list:
    """The arguments of one event (``u``, ``i``, ``n``, ``s`` and ``a`` for an array of bytes).

    Example: ``decode("us", payload)`` → ``[3, 'wl_shm']``
    """
    values: list = []
    offset = 0
    for kind in signature:
        if kind in "un":
            values.append(struct.unpack_from("=I", payload, offset)[0])
            offset += 4
        elif kind == "i":
            values.append(struct.unpack_from("=i", payload, offset)[0])
            offset += 4
        elif kind in "sa":
            (length,) = struct.unpack_from("=I", payload, offset)
            data = payload[offset + 4 : offset + 4 + length]
            values.append(data[:-1].decode(errors="replace") if kind == "s" and length else data)
            offset += 4 + length + (-length % 4)
    return values


class Connection:
    """One socket to the compositor: ids, requests, and events sent to their handlers."""

    def __init__(self, sock: socket.socket):
        self.sock = sock
        self.next_id = 2
        self.handlers: dict[int, Handler] = {DISPLAY: self._on_display}
        self.error: str | None = None
        self._incoming = b""
        self._done: set[int] = set()

    @classmethod
    def open(cls, environ=None, timeout: float = 2.0) -> Connection:
        """Connect to the compositor (a :class:`WaylandError` when none listens)."""
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM | socket.SOCK_CLOEXEC)
        sock.settimeout(timeout)
        try:
            sock.connect(socket_path(environ))
        except OSError as error:
            sock.close()
            raise WaylandError(f"no Wayland compositor: {error}") from error
        return cls(sock)

    def new_id(self, handler: Handler | None = None) -> int:
        """A fresh object id, its events going to ``handler(opcode, payload)``."""
        object_id, self.next_id = self.next_id, self.next_id + 1
        if handler is not None:
            self.handlers[object_id] = handler
        return object_id

    def request(self, object_id: int, opcode: int, signature: str = "", *values, fds: tuple[int, ...] = ()) -> None:
        """Send one request (``fds`` travel beside it, for ``wl_shm.create_pool``)."""
        body = encode(signature, values)
        message = struct.pack("=II", object_id, ((8 + len(body)) << 16) | opcode) + body
        try:
            if fds:
                self.sock.sendmsg([message], [(socket.SOL_SOCKET, socket.SCM_RIGHTS, struct.pack(f"={len(fds)}i", *fds))])
            else:
                self.sock.sendall(message)
        except OSError as error:
            raise WaylandError(f"the compositor went away: {error}") from error

    def dispatch(self, timeout: float = 0.0) -> int:
        """Read what arrived (waiting up to ``timeout`` s) and call the handlers; the events read."""
        ready, _w, _x = select.select([self.sock], [], [], timeout)
        if not ready:
            return 0
        try:
            data = self.sock.recv(65536)
        except BlockingIOError:
            return 0
        except OSError as error:
            raise WaylandError(f"the compositor went away: {error}") from error
        if not data:
            raise WaylandError("the compositor closed the connection")
        self._incoming += data
        count = 0
        while len(self._incoming) >= 8:
            object_id, word = struct.unpack_from("=II", self._incoming)
            size, opcode = word >> 16, word & 0xFFFF
            if size < 8 or len(self._incoming) < size:
                break
            payload, self._incoming = self._incoming[8:size], self._incoming[size:]
            handler = self.handlers.get(object_id)
            if handler is not None:
                handler(opcode, payload)
            count += 1
        if self.error:
            raise WaylandError(self.error)
        return count

    def roundtrip(self, timeout: float = 2.0) -> None:
        """Wait until the compositor handled every request sent so far (``wl_display.sync``)."""
        callback = self.new_id(lambda opcode, payload: self._done.add(callback))
        self.request(DISPLAY, 0, "n", callback)
        waited = 0.0
        while callback not in self._done:
            if not self.dispatch(0.05):
                waited += 0.05
                if waited > timeout:
                    raise WaylandError("the compositor does not answer")
        self.handlers.pop(callback, None)

    def close(self) -> None:
        self.sock.close()

    def _on_display(self, opcode: int, payload: bytes) -> None:
        if opcode == 0:  # error: object, code, message
            object_id, code, message = decode("uus", payload)
            self.error = f"Wayland error {code} on object {object_id}: {message}"
        elif opcode == 1:  # delete_id
            (object_id,) = decode("u", payload)
            self.handlers.pop(object_id, None)
