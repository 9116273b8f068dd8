"""Fixtures for the network tests: a real API server, real multicast, kit processes.

Multicast: zeroconf sends to 224.0.0.251 on the interface of the default route, and
the kernel loops the packets back to the other processes of this machine. When that
does not work (a machine with only a loopback interface), the tests enable multicast
on ``lo`` with a route for 224.0.0.0/4 (needs root) and remove the route at the end;
they are skipped, with the reason, only if multicast still cannot work.
"""

from __future__ import annotations

import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.net.standin_kit import StandinKit, serve

ROOT = Path(__file__).resolve().parents[2]
STANDIN = Path(__file__).with_name("standin_kit.py")


def multicast_loops_back(timeout: float = 0.5) -> bool:
    """True if a packet sent to the mDNS group reaches a listener on this machine."""
    token = secrets.token_bytes(8)
    with (
        socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as rx,
        socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as tx,
    ):
        try:
            rx.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            rx.bind(("", 0))
            port = rx.getsockname()[1]
            group = socket.inet_aton("224.0.0.251") + socket.inet_aton("0.0.0.0")
            rx.setsockopt(socket.IPPROTO_IP, socket.IP_ADD_MEMBERSHIP, group)
            tx.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_LOOP, 1)
            tx.sendto(token, ("224.0.0.251", port))
            rx.settimeout(timeout)
            while True:
                if rx.recv(64) == token:
                    return True
        except OSError:
            return False


def _ip(*args: str) -> bool:
    return subprocess.run(["ip", *args], capture_output=True).returncode == 0


@pytest.fixture(scope="session")
def multicast():
    """Make sure multicast reaches the other processes of this machine, or skip."""
    added_route = False
    if not multicast_loops_back():
        if os.geteuid() != 0:
            pytest.skip("multicast does not loop back here and the tests are not root")
        _ip("link", "set", "lo", "multicast", "on")
        added_route = _ip("route", "add", "224.0.0.0/4", "dev", "lo")
        if not multicast_loops_back():
            if added_route:
                _ip("route", "del", "224.0.0.0/4", "dev", "lo")
            pytest.skip("multicast cannot work on this machine (even on lo with a route)")
    yield
    if added_route:
        _ip("route", "del", "224.0.0.0/4", "dev", "lo")


@pytest.fixture
def api_kit():
    """A stand-in kit with the site key « cle-de-test-0123456789 », served on loopback."""
    kit = StandinKit(site_key="cle-de-test-0123456789")
    server = serve(kit)
    kit.url = f"http://127.0.0.1:{kit.port}"
    yield kit
    server.close()


class KitProcess:
    """A stand-in kit running as a separate process (advertised with zeroconf)."""

    def __init__(
        self,
        name: str,
        key: str | None = None,
        ttl: int = 60,
        kit_id: str | None = None,
        port: int = 0,
    ):
        self.name, self.key, self.ttl, self.port = name, key, ttl, port
        self.id = kit_id or f"kit-{secrets.token_hex(4)}"
        self.process: subprocess.Popen | None = None
        self.ready: dict = {}

    def launch(self) -> KitProcess:
        """Start the process without waiting (several kits then start together)."""
        command = [sys.executable, str(STANDIN), "--name", self.name, "--id", self.id]
        command += ["--ttl", str(self.ttl), "--port", str(self.port)]
        if self.key:
            command += ["--key", self.key]
        self.process = subprocess.Popen(
            command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
        )
        return self

    def wait_ready(self, timeout: float = 15.0) -> KitProcess:
        """Wait for the kit to serve and be advertised (it prints READY)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            line = self.process.stdout.readline()
            if line.startswith("READY "):
                self.ready = json.loads(line[6:])
                self.port = self.ready["port"]
                return self
            if not line and self.process.poll() is not None:
                break
        raise RuntimeError(f"kit process {self.name} did not start")

    def start(self, timeout: float = 15.0) -> KitProcess:
        return self.launch().wait_ready(timeout)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def kill(self) -> None:
        """A power cut: SIGKILL, no goodbye."""
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(5)

    def stop(self) -> None:
        """A clean stop: SIGTERM, the kit says goodbye."""
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)


@pytest.fixture
def kit_processes():
    """``launch(name, ...)`` kit processes (call ``.wait_ready()``); all stop at the end."""
    started: list[KitProcess] = []

    def launch(name: str, **options) -> KitProcess:
        kit = KitProcess(name, **options).launch()
        started.append(kit)
        return kit

    yield launch
    for kit in started:
        kit.stop()


