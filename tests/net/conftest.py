"""Fixtures for the network tests: a real API server, real multicast, kit processes.

Multicast: each test that needs it runs in its own network namespace (tests/netns.py),
where ``lo`` has multicast on and a route for 224.0.0.0/4, and the kernel loops
zeroconf's packets back to the other threads and processes of the test. The host's
interfaces and routes are never changed; without root (or ``ip``) the tests are
skipped, with the reason.
"""

from __future__ import annotations

import json
import secrets
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.net.standin_kit import StandinKit, serve
from tests.netns import multicast_network

ROOT = Path(__file__).resolve().parents[2]
STANDIN = Path(__file__).with_name("standin_kit.py")


@pytest.fixture
def multicast():
    """This test in its own network namespace, where multicast works, or skipped (tests/netns.py)."""
    with multicast_network() as namespace:
        yield namespace


@pytest.fixture(scope="module")
def multicast_module():
    """One network namespace for a module's tests (for module fixtures that advertise)."""
    with multicast_network() as namespace:
        yield namespace


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
        extra: tuple[str, ...] = (),
    ):
        self.name, self.key, self.ttl, self.port = name, key, ttl, port
        self.extra = list(extra)
        self.id = kit_id or f"kit-{secrets.token_hex(4)}"
        self.process: subprocess.Popen | None = None
        self.ready: dict = {}

    def launch(self) -> KitProcess:
        """Start the process without waiting (several kits then start together)."""
        command = [sys.executable, str(STANDIN), "--name", self.name, "--id", self.id]
        command += ["--ttl", str(self.ttl), "--port", str(self.port)]
        if self.key:
            command += ["--key", self.key]
        command += self.extra
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
def kit_processes(multicast):
    """``launch(name, ...)`` kit processes (call ``.wait_ready()``); all stop at the end.

    They advertise themselves: they run inside the test's network namespace.
    """
    started: list[KitProcess] = []

    def launch(name: str, **options) -> KitProcess:
        kit = KitProcess(name, **options).launch()
        started.append(kit)
        return kit

    yield launch
    for kit in started:
        kit.stop()


