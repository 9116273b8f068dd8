"""Talk to systemd: "I am ready", "I am alive" (watchdog), "I am stopping".

systemd gives a service started with ``Type=notify`` the path of a datagram socket in
``NOTIFY_SOCKET``; each message is one datagram of ``KEY=value`` lines. Outside systemd
the variable is absent and every call does nothing (returns False).

Example::

    from fabrique_kit.deploy.sdnotify import Notifier
    notifier = Notifier()            # reads NOTIFY_SOCKET and WATCHDOG_USEC
    notifier.ready()                 # READY=1
    notifier.watchdog()              # WATCHDOG=1, at least every notifier.interval seconds
    notifier.stopping()              # STOPPING=1
"""

from __future__ import annotations

import os
import socket
from collections.abc import Mapping


def notify(message: str, socket_path: str | None = None) -> bool:
    """Send ``message`` (e.g. ``"READY=1"``) to systemd; False when not under systemd."""
    path = socket_path if socket_path is not None else os.environ.get("NOTIFY_SOCKET", "")
    if not path:
        return False
    if path.startswith("@"):  # an abstract socket (Linux): a NUL byte instead of "@"
        path = "\0" + path[1:]
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM | socket.SOCK_CLOEXEC) as sock:
            sock.connect(path)
            sock.sendall(message.encode("utf-8"))
    except OSError:
        return False
    return True


def watchdog_interval(environ: Mapping[str, str] | None = None) -> float | None:
    """Seconds between two WATCHDOG=1 (half of ``WatchdogSec``), or None without a watchdog."""
    env: Mapping[str, str] = os.environ if environ is None else environ
    try:
        usec = int(env.get("WATCHDOG_USEC", ""))
    except ValueError:
        return None
    pid = env.get("WATCHDOG_PID")
    if pid and pid != str(os.getpid()):
        return None  # the watchdog is meant for another process
    return usec / 2_000_000 if usec > 0 else None


class Notifier:
    """The service's messages to systemd; harmless outside systemd."""

    def __init__(self, socket_path: str | None = None, environ: Mapping[str, str] | None = None):
        env: Mapping[str, str] = os.environ if environ is None else environ
        self.socket_path = socket_path if socket_path is not None else env.get("NOTIFY_SOCKET", "")
        self.interval = watchdog_interval(env)

    @property
    def active(self) -> bool:
        return bool(self.socket_path)

    def send(self, message: str) -> bool:
        return notify(message, self.socket_path) if self.socket_path else False

    def ready(self, status: str | None = None) -> bool:
        return self.send("READY=1" + (f"\nSTATUS={status}" if status else ""))

    def watchdog(self) -> bool:
        return self.send("WATCHDOG=1")

    def status(self, text: str) -> bool:
        return self.send(f"STATUS={text}")

    def stopping(self) -> bool:
        return self.send("STOPPING=1")
