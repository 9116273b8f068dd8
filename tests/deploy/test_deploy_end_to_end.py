"""A deployment between two "kits" on this machine, over real HTTP.

The laptop side is this test (bundle + DeployClient); the receiving side is a real
supervisor process running the kit as its child process.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time

import pytest
import requests

from fabrique_kit.deploy.client import deploy_project, project_site_key
from tests.deploy.conftest import REPO, RunningService

pytestmark = pytest.mark.slow


def take_ticket(running, key: str) -> int:
    from fabrique_kit.net import PeerClient

    with PeerClient(running.kit_url, key) as client:  # signed, after the kit proved the key
        return client.counter("attente").take_ticket()


def test_deploy_then_broken_bundle_is_rolled_back_and_counters_survive(running, project, service):
    key = running.client.site_key
    assert take_ticket(running, key) == 1
    assert take_ticket(running, key) == 2

    # 1. a good new version: a different message on the screen
    config = project / "fabrique.toml"
    config.write_text(config.read_text(encoding="utf-8").replace("Bienvenue", "Nouvelle version"), encoding="utf-8")
    result = deploy_project(project, running.client, timeout=60)
    assert result["state"] == "ok", result
    assert result["version"] == 2 and service.current() == 2
    message = requests.get(running.kit_url + "/api/state/message", timeout=5).json()["value"]
    assert "Nouvelle version" in message["text"]
    # the counters' data is shared by the versions: the next ticket is 3, not 1
    assert take_ticket(running, key) == 3
    assert (service.data_dir / "compteurs" / "attente.sqlite3").exists()
    # the kit kept its own site key, although the bundle did not carry it
    assert f'cle = "{key}"' in (service.path(2) / "fabrique.toml").read_text(encoding="utf-8")

    # 2. a broken version: main.py raises at start -> back to version 2 by itself
    # broken only where it really runs (the supervisor's child): « fabrique check » and its
    # dry run pass it, as they would a script that fails on the Pi's hardware
    (project / "main.py").write_text(ONLY_IN_SERVICE + "    raise RuntimeError('boum au démarrage')\n",
                                     encoding="utf-8")
    result = deploy_project(project, running.client, timeout=60)
    assert result["state"] == "rolled_back", result
    assert result["failed"] == 3 and result["version"] == 2
    assert service.current() == 2
    assert any("boum au démarrage" in line for line in result["log"])  # the team sees its traceback
    assert "n'a pas démarré" in result["message"]
    assert take_ticket(running, key) == 4  # the kit runs again, counters intact

    # 3. back by hand, with the command a team types on its laptop
    done = subprocess.run(
        [sys.executable, "-m", "fabrique_kit", "deploy", "--url", running.deploy_url, "--rollback",
         "--key", key, "--timeout", "60"], cwd=REPO, capture_output=True, text=True, timeout=90,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Version 1 en service" in done.stdout
    assert service.current() == 1
    running.wait_kit()
    assert "Bienvenue" in requests.get(running.kit_url + "/api/state/message", timeout=5).json()["value"]["text"]
    assert take_ticket(running, key) == 5  # version 1 reads the same counters


def test_unhealthy_version_is_rolled_back_from_the_command_line(project, service):
    """A main.py that never starts the kit's web server fails its health check."""
    running = RunningService(service, project_site_key(project), health_timeout=3.0)
    try:
        (project / "main.py").write_text(ONLY_IN_SERVICE + "    while True:\n        time.sleep(1)\n",
                                         encoding="utf-8")
        done = subprocess.run(
            [sys.executable, "-m", "fabrique_kit", "deploy", "--url", running.deploy_url, str(project),
             "--timeout", "60"], cwd=REPO, capture_output=True, text=True, timeout=90,
        )
        assert done.returncode == 1, done.stdout + done.stderr
        assert "Envoi de" in done.stdout
        assert "La version 2 n'a pas démarré : retour à la version 1." in done.stdout
        assert "ne répond pas à /api/health après 3 s" in done.stdout
        assert service.current() == 1
        running.wait_kit()
    finally:
        running.stop()


ONLY_IN_SERVICE = "import os\nimport time\n\nif os.environ.get('FABRIQUE_SUPERVISOR_PID'):\n"

CRASHES_SOON = """
import os
import threading

from fabrique_kit import Kit

kit = Kit()
if os.environ.get("FABRIQUE_SUPERVISOR_PID"):
    threading.Timer(2.0, os._exit, (3,)).start()  # healthy at first, then a crash
kit.run()
"""


def test_a_version_that_crashes_soon_after_its_deployment_is_rolled_back(running, project, service):
    (project / "main.py").write_text(CRASHES_SOON, encoding="utf-8")
    result = deploy_project(project, running.client, timeout=60)
    assert result["state"] == "ok" and service.current() == 2
    deadline = time.monotonic() + 30
    while service.current() != 1:
        assert time.monotonic() < deadline, running.output()
        time.sleep(0.2)
    status = running.client.status()["status"]
    deadline = time.monotonic() + 30
    while status["state"] != "ok":
        assert time.monotonic() < deadline, status
        time.sleep(0.2)
        status = running.client.status()["status"]
    assert status["action"] == "rollback" and status["version"] == 1 and status["previous"] == 2
    running.wait_kit()


def test_supervisor_restarts_a_crashed_kit_and_talks_to_systemd(project, service, tmp_path):
    path = tmp_path / "notify.sock"
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    listener.bind(str(path))
    listener.settimeout(30)
    running = RunningService(service, project_site_key(project),
                             env={"NOTIFY_SOCKET": str(path), "WATCHDOG_USEC": "4000000"})
    try:
        messages = [listener.recv(256)]
        while not messages[-1].startswith(b"READY=1"):  # "alive" while the kit starts, then "ready"
            messages.append(listener.recv(256))
        assert set(messages[:-1]) <= {b"WATCHDOG=1"}
        assert listener.recv(256) == b"WATCHDOG=1"  # and alive again, from its main loop
        boot = requests.get(running.kit_url + "/api/health", timeout=5).json()["boot"]
        supervisor = requests.get(running.deploy_url + "/api/health", timeout=5).json()
        assert supervisor["kit_running"] is True and supervisor["version"] == 1
        os.kill(supervisor["kit_pid"], signal.SIGKILL)  # a crash: no goodbye
        time.sleep(0.5)
        running.wait_kit(timeout=30)
        again = requests.get(running.kit_url + "/api/health", timeout=5).json()
        assert again["boot"] != boot  # a new life of the kit
        assert requests.get(running.deploy_url + "/api/health", timeout=5).json()["kit_pid"] != supervisor["kit_pid"]
        running.process.terminate()
        running.process.wait(20)
        rest = []
        listener.settimeout(1)
        with contextlib.suppress(TimeoutError):
            while True:
                rest.append(listener.recv(256))
        assert rest[-1] == b"STOPPING=1"
        assert running.process.returncode == 0
    finally:
        running.stop()
        listener.close()
