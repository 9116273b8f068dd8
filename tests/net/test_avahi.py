"""Kits still find each other while avahi (the system's mDNS daemon) holds port 5353."""

import secrets
import shutil
import subprocess
import time

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


def avahi_is_running() -> bool:
    return subprocess.run(["avahi-daemon", "--check"], capture_output=True).returncode == 0


@pytest.fixture
def avahi(multicast, tmp_path):
    """A running avahi-daemon (the system's, or one started here); yields "is it alive?"."""
    if shutil.which("avahi-daemon") is None:
        pytest.skip("avahi-daemon is not installed (apt install avahi-daemon)")
    if avahi_is_running():
        yield avahi_is_running  # the system's daemon (or another test run's)
        return
    conf = tmp_path / "avahi-daemon.conf"
    conf.write_text(AVAHI_CONF)
    daemon = subprocess.Popen(
        ["avahi-daemon", "-f", str(conf), "--no-drop-root", "--no-chroot", "--no-rlimits"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        wait_until(avahi_is_running, timeout=5, step=0.1)
    except AssertionError:
        daemon.kill()
        pytest.skip(f"avahi-daemon did not start: {daemon.stderr.read()[-300:]}")
    yield lambda: daemon.poll() is None
    daemon.terminate()
    daemon.wait(5)


def test_discovery_and_following_work_beside_avahi(avahi, kit_processes):
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
        if avahi is not avahi_is_running:  # ours: it kept running, both stacks share 5353
            assert avahi()
        owner.stop()
        wait_until(lambda: peers.get(name).gone, timeout=3)
    finally:
        follower.stop()
        peers.stop()
