"""Example 7: a reception kit and a waiting-room kit find each other and share the queue.

The reception runs as its own process (`fabrique run`), the waiting room in this test;
they meet through real multicast (zeroconf) and talk over HTTP with the site key, both
inside the test's own network namespace (tests/netns.py).
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from fabrique_kit.net import PeerClient
from fabrique_kit.project import run_project
from tests.netns import multicast_network
from tests.waiting import wait_until

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "07_site_deux_kits"
pytestmark = pytest.mark.multicast


@pytest.fixture
def multicast():
    """This test in its own network namespace, where multicast works (tests/netns.py)."""
    with multicast_network() as namespace:
        yield namespace


@pytest.fixture
def reception(multicast, tmp_path):
    """The reception kit as its own process (`fabrique run`), inside the namespace."""
    folder = tmp_path / "accueil"
    shutil.copytree(EXAMPLE / "accueil", folder)
    env = {**os.environ, "FABRIQUE_SIMULATION": "1", "FABRIQUE_LANG": "fr"}
    process = subprocess.Popen(
        [sys.executable, "-m", "fabrique_kit", "run", str(folder), "--port", "0"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env,
    )
    yield process
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=5)
    except subprocess.TimeoutExpired:
        process.kill()


def test_waiting_room_follows_and_calls_the_reception(reception, tmp_path):
    folder = tmp_path / "salle"
    shutil.copytree(EXAMPLE / "salle_attente", folder)
    kit = run_project(folder, mode="load", quiet=True, simulate=True, port=0)
    kit.start()
    try:
        peer = kit.peers.wait_for("accueil", timeout=10)
        key = kit.site_key
        client = PeerClient(peer, key)
        client.counter("attente").take_ticket()
        client.counter("attente").take_ticket()
        # the value reaches the waiting room through the follower (long-poll)
        assert wait_until(lambda: (kit.state.get("attente") or {}).get("last_ticket") == 2, timeout=10)
        assert kit.state.value("attente").owner == "accueil"
        assert wait_until(lambda: kit.web.frame_number > 0, timeout=10)
        before, number = kit.web.frame_png(), kit.web.frame_number
        # the waiting room's own button sends « call next » to the owner, with the key
        button = next(c["id"] for c in kit.web.controls() if c["label"] == "Appeler le suivant")
        kit.web.press(button)
        assert wait_until(lambda: (kit.state.get("attente") or {}).get("called") == 1, timeout=10)
        assert wait_until(lambda: kit.web.frame_png() != before, timeout=10)  # the running screen redrew
        assert kit.web.frame_number > number
        # without the key, the owner refuses
        with pytest.raises(Exception) as refused:
            PeerClient(peer, None).counter("attente").call_next()
        assert "clé" in str(refused.value).lower()
        # the reception stops: the value is marked as unreachable, not frozen silently
        reception.send_signal(signal.SIGTERM)
        reception.wait(timeout=5)
        assert wait_until(lambda: kit.state.value("attente").error, timeout=15)
    finally:
        kit.close()
