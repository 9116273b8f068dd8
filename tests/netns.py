"""Network namespaces for the tests that need multicast: their own network, never the host's.

A test that advertises or discovers kits runs in a fresh network namespace
(``fabtest-<pid>-<n>``, unique per pytest process, so per xdist worker) that holds only
``lo``, with multicast on, a route for 224.0.0.0/4 and one non-loopback address
(198.18.0.1, from the benchmark range: it plays the kit's LAN address, as kits announce
their real addresses, not 127.0.0.1). Every ``ip`` command names the namespace
(``ip -n NS ...``): no host route, no host interface is ever changed.

The test's thread enters the namespace with ``setns()``; the threads and processes it
starts afterwards (zeroconf, kit servers, ``fabrique run``, supervisors) inherit it, and
127.0.0.1 there is the namespace's own loopback. What was started before entering stays
outside: fixtures that start anything must depend on the multicast fixture. On leaving,
the thread goes back to its own namespace and ``ip netns del`` removes the namespace,
also when the test failed.

Where this cannot work (not root, no ``ip``, namespaces not permitted) the tests are
skipped with the reason. Example::

    from tests.netns import multicast_network

    @pytest.fixture
    def multicast():
        with multicast_network() as namespace:
            yield namespace
"""

from __future__ import annotations

import contextlib
import ctypes
import functools
import itertools
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

PREFIX = "fabtest"
LAN_ADDRESS = "198.18.0.1"  # RFC 2544 benchmark range; exists only inside the namespaces
NETNS_DIR = Path("/run/netns")  # where `ip netns add` keeps the namespaces
CLONE_NEWNET = 0x40000000
_THIS_THREAD = "/proc/thread-self/ns/net"

_numbers = itertools.count(1)
_swept = False
_active: list[NetNamespace] = []  # the namespace the test thread is in now (at most one)


class NamespaceUnavailable(Exception):
    """A test namespace cannot be made here; the message says what is missing."""


def multicast_loops_back(timeout: float = 0.5) -> bool:
    """True if a packet sent to the mDNS group reaches a listener of this network."""
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


@functools.cache
def _libc_setns():
    try:
        setns = ctypes.CDLL(None, use_errno=True).setns
    except (OSError, AttributeError):
        return None
    setns.argtypes, setns.restype = [ctypes.c_int, ctypes.c_int], ctypes.c_int
    return setns


def missing() -> str | None:
    """Why no test namespace can be made here (None when nothing is missing)."""
    if sys.platform != "linux":
        return f"network namespaces are Linux only (this is {sys.platform})"
    if os.geteuid() != 0:
        return (
            "these tests make their own network namespace with `ip netns add`, which "
            f"needs root (they run as uid {os.geteuid()}); run them as root, as CI does"
        )
    if shutil.which("ip") is None:
        return "the `ip` command is missing (apt install iproute2)"
    if not os.path.exists(_THIS_THREAD):
        return f"{_THIS_THREAD} is missing (no /proc, or no network namespaces in this kernel)"
    if _libc_setns() is None:
        return "the C library has no setns()"
    return None


def _ip(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["ip", *args], capture_output=True, text=True, timeout=30)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _sweep_stale() -> None:
    """Delete the test namespaces a killed run left: its pid is gone (or is this new process)."""
    global _swept
    if _swept:
        return
    _swept = True
    pattern = re.compile(rf"{PREFIX}-(\d+)-\d+")
    for entry in NETNS_DIR.glob(f"{PREFIX}-*"):
        match = pattern.fullmatch(entry.name)
        if match and (int(match[1]) == os.getpid() or not _alive(int(match[1]))):
            _ip("netns", "del", entry.name)


def _setns(fd: int, what: str) -> None:
    if _libc_setns()(fd, CLONE_NEWNET) != 0:
        error = ctypes.get_errno()
        raise NamespaceUnavailable(f"setns() into {what} failed: {os.strerror(error)}")


class NetNamespace:
    """A network namespace of this test process: ``create()``, ``inside()``, ``delete()``."""

    def __init__(self, name: str):
        self.name = name
        self._home: int | None = None  # an fd of the namespace to go back to

    @classmethod
    def create(cls) -> NetNamespace:
        """A new namespace with ``lo`` up, multicast on, a multicast route and LAN_ADDRESS."""
        reason = missing()
        if reason:
            raise NamespaceUnavailable(reason)
        _sweep_stale()
        name = f"{PREFIX}-{os.getpid()}-{next(_numbers)}"
        added = _ip("netns", "add", name)
        if added.returncode != 0:
            raise NamespaceUnavailable(f"`ip netns add {name}` failed: {added.stderr.strip()}")
        namespace = cls(name)
        try:
            namespace.ip("link", "set", "lo", "up")
            namespace.ip("link", "set", "lo", "multicast", "on")
            namespace.ip("address", "add", f"{LAN_ADDRESS}/32", "dev", "lo")
            namespace.ip("route", "add", "224.0.0.0/4", "dev", "lo")
        except BaseException:
            namespace.delete()
            raise
        return namespace

    def ip(self, *args: str) -> str:
        """Run ``ip -n NAME ARGS`` (inside the namespace only); its output."""
        done = _ip("-n", self.name, *args)
        if done.returncode != 0:
            command = " ".join(["ip", "-n", self.name, *args])
            raise NamespaceUnavailable(f"`{command}` failed: {done.stderr.strip()}")
        return done.stdout

    def enter(self) -> None:
        """Move the calling thread into the namespace (what it starts next is inside too)."""
        if self._home is not None:
            raise RuntimeError(f"already inside {self.name}")
        home = os.open(_THIS_THREAD, os.O_RDONLY)
        try:
            target = os.open(NETNS_DIR / self.name, os.O_RDONLY)
        except OSError as error:
            os.close(home)
            raise NamespaceUnavailable(f"cannot open {NETNS_DIR / self.name}: {error}") from error
        try:
            _setns(target, f"the network namespace {self.name}")
        except BaseException:
            os.close(home)
            raise
        finally:
            os.close(target)
        self._home = home

    def leave(self) -> None:
        """Move the calling thread back to the namespace it was in before ``enter()``."""
        home, self._home = self._home, None
        if home is None:
            return
        try:
            expected = os.fstat(home).st_ino
            _setns(home, "the namespace of the test process")
        finally:
            os.close(home)
        if os.stat(_THIS_THREAD).st_ino != expected:
            raise RuntimeError(f"the test thread did not leave the network namespace {self.name}")

    @contextlib.contextmanager
    def inside(self) -> Iterator[NetNamespace]:
        self.enter()
        try:
            yield self
        finally:
            self.leave()

    def delete(self) -> None:
        """``ip netns del``: gone from the host's list (the kernel frees it with its last user)."""
        _ip("netns", "del", self.name)

    def __repr__(self) -> str:
        return f"NetNamespace({self.name!r})"


def current() -> NetNamespace | None:
    """The test namespace the test thread is in, if any."""
    return _active[-1] if _active else None


@contextlib.contextmanager
def multicast_network() -> Iterator[NetNamespace]:
    """Run the block inside a fresh test namespace where multicast works, or skip the test.

    Inside one already (a module's namespace, then a test of that module), it is shared.
    """
    if _active:
        yield _active[-1]
        return
    try:
        namespace = NetNamespace.create()
    except NamespaceUnavailable as error:
        pytest.skip(f"no network namespace for the multicast tests: {error}")
    try:
        try:
            namespace.enter()
        except NamespaceUnavailable as error:
            pytest.skip(f"no network namespace for the multicast tests: {error}")
        try:
            if not multicast_loops_back():
                pytest.skip(
                    f"multicast does not loop back inside the test namespace {namespace.name} "
                    "(lo with multicast on and a route for 224.0.0.0/4)"
                )
            _active.append(namespace)
            try:
                yield namespace
            finally:
                _active.remove(namespace)
        finally:
            namespace.leave()
    finally:
        namespace.delete()
