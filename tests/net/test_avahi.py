"""Kits still find each other while avahi (the system's mDNS daemon) holds port 5353.

The avahi-daemon is the test's own, in the test's network namespace (tests/netns.py).
"""

import secrets
import shutil
import subprocess
import threading
import time
from pathlib import Path

import pytest

from fabrique_kit.net import Follower, Peers
from fabrique_kit.state import State
from tests.waiting import wait_until

pytestmark = [pytest.mark.multicast, pytest.mark.slow]

AVAHI_CONF = """[server]
use-ipv4=yes
use-ipv6=no
enable-dbus=no
disallow-other-stacks=no
[publish]
publish-workstation=no
"""


def udp_sockets_on(port: int) -> int:
    """How many UDP sockets of this thread's network namespace are bound to the port."""
    lines = Path("/proc/thread-self/net/udp").read_text().splitlines()[1:]
    return sum(line.split()[1].endswith(f":{port:04X}") for line in lines)


@pytest.fixture
def avahi(multicast, tmp_path):
    """An avahi-daemon of the test's own, inside its network namespace; yields "is it alive?".

    It gets a private mount namespace with its own empty /run (pid file, socket), so a
    host avahi is neither seen nor disturbed, and this one never touches the host's files.
    """
    for command, package in (("avahi-daemon", "avahi-daemon"), ("unshare", "util-linux")):
        if shutil.which(command) is None:
            pytest.skip(f"{command} is not installed (apt install {package})")
    conf = tmp_path / "avahi-daemon.conf"
    conf.write_text(AVAHI_CONF)
    daemon = subprocess.Popen(
        ["unshare", "--mount", "--propagation", "private", "sh", "-c",
         'mount -t tmpfs fabtest-avahi /run && exec avahi-daemon -f "$0" '
         "--no-drop-root --no-chroot --no-rlimits", str(conf)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    log: list[str] = []
    reader = threading.Thread(target=lambda: log.extend(daemon.stderr), daemon=True)
    reader.start()  # reads until avahi exits, so its pipe never fills
    try:
        try:
            wait_until(lambda: any("Server startup complete" in line for line in log),
                       timeout=5, step=0.05)
        except AssertionError:
            pytest.skip(f"avahi-daemon did not start: {''.join(log)[-300:]}")
        yield lambda: daemon.poll() is None
    finally:
        daemon.terminate()
        try:
            daemon.wait(5)
        except subprocess.TimeoutExpired:
            daemon.kill()
            daemon.wait(5)
        reader.join(5)


def test_discovery_and_following_work_beside_avahi(avahi, kit_processes):
    assert avahi() and udp_sockets_on(5353) >= 1  # avahi holds 5353 in this namespace
    name = f"Accueil avahi {secrets.token_hex(3)}"
    owner = kit_processes(name, key="cle-du-lieu-0123456789")
    peers = Peers().start()
    local = State()
    follower = Follower(name, "attente", local, peers)
    try:
        owner.wait_ready()
        started = time.monotonic()
        peer = peers.wait_for(name, timeout=5)
        assert time.monotonic() - started < 3
        assert peer.port == owner.port
        follower.start()
        wait_until(lambda: local.get("attente") is not None, timeout=5)
        peers.client(name, "cle-du-lieu-0123456789").counter("attente").take_ticket()
        wait_until(lambda: local.get("attente")["last_ticket"] == 1, timeout=2)
        assert avahi()  # it kept running: both stacks share 5353
        assert udp_sockets_on(5353) >= 3  # avahi's, the owner kit's, this test's
        owner.stop()
        wait_until(lambda: peers.get(name).gone, timeout=3)
    finally:
        follower.stop()
        peers.stop()
