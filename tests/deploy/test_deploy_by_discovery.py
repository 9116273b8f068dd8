"""`fabrique deploy NAME` finds the kit by real multicast discovery, then deploys to port + 1."""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
import sys
import time

import pytest
import requests

from fabrique_kit.deploy.versions import ServiceRoot
from fabrique_kit.project import new_project
from tests.deploy.conftest import REPO
from tests.netns import multicast_network

pytestmark = [pytest.mark.slow, pytest.mark.multicast]


@pytest.fixture
def multicast():
    """This test in its own network namespace, where multicast works (tests/netns.py)."""
    with multicast_network() as namespace:
        yield namespace


def two_free_ports() -> int:
    """A port P such that P and P + 1 are both free (the kit, then its deploy API)."""
    for _ in range(50):
        with socket.socket() as first:
            first.bind(("0.0.0.0", 0))
            port = first.getsockname()[1]
            with socket.socket() as second:
                try:
                    second.bind(("0.0.0.0", port + 1))
                except OSError:
                    continue
                return port
    raise AssertionError("no pair of free ports")


def test_deploy_by_name(multicast, tmp_path):
    name = f"accueil-{secrets.token_hex(3)}"  # unique on the network of this machine
    project = new_project("afficheur", tmp_path / "projet", name=name)
    root = ServiceRoot(tmp_path / "service")
    root.switch(root.install_folder(project))
    port = two_free_ports()
    log = open(tmp_path / "supervisor.log", "w")  # noqa: SIM115 (closed below)
    process = subprocess.Popen(
        [sys.executable, "-m", "fabrique_kit", "service", "run", str(root.root), "--port", str(port),
         "--host", "0.0.0.0", "--", "--simulate", "--output", "aucune"],
        cwd=REPO, stdout=log, stderr=subprocess.STDOUT, env=dict(os.environ),
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            assert process.poll() is None, (tmp_path / "supervisor.log").read_text()
            try:
                if requests.get(f"http://127.0.0.1:{port}/api/health", timeout=1).ok:
                    break
            except requests.RequestException:
                pass
            assert time.monotonic() < deadline, (tmp_path / "supervisor.log").read_text()
            time.sleep(0.2)
        config = project / "fabrique.toml"
        config.write_text(config.read_text(encoding="utf-8").replace("Bienvenue", "Déployé par son nom"),
                          encoding="utf-8")
        done = subprocess.run(
            [sys.executable, "-m", "fabrique_kit", "deploy", name, str(project), "--timeout", "90"],
            cwd=REPO, capture_output=True, text=True, timeout=150, env={**os.environ, "FABRIQUE_LANG": "fr"},
        )
        assert done.returncode == 0, done.stdout + done.stderr
        assert root.current() == 2
        message = requests.get(f"http://127.0.0.1:{port}/api/state/message", timeout=5).json()["value"]
        assert "Déployé par son nom" in message["text"]
        missing = subprocess.run([sys.executable, "-m", "fabrique_kit", "deploy", "kit-inexistant", str(project)],
                                 cwd=REPO, capture_output=True, text=True, timeout=60)
        assert missing.returncode == 1 and "Aucun kit « kit-inexistant »" in missing.stderr
    finally:
        process.terminate()
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()
