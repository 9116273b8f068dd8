"""Power cuts during deployments: SIGKILL of the supervisor and its kit at 20 moments.

The moments are the supervisor's own steps (deploy/recovery.py, ``CutPoints``), drawn
at random with a fixed seed, for good, broken and crash-looping versions: every time,
after a restart, a known-good version runs and the next deployment works. The kit is a
stand-in that starts in milliseconds (tests/deploy/tiny_kit.py); the supervisor, its
files and its processes are the real ones.
"""

from __future__ import annotations

import http.client
import json
import os
import random
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from fabrique_kit.deploy.recovery import CUT_ENV
from fabrique_kit.deploy.requests_file import DeployBoard
from fabrique_kit.deploy.versions import ServiceRoot
from tests.deploy.conftest import free_port
from tests.waiting import wait_until

HERE = Path(__file__).resolve().parent
GOOD_STEPS = ["taken", "running", "switched", "stopped", "started", "healthy", "remembered", "pruned"]
BROKEN_STEPS = ["taken", "running", "switched", "stopped", "started", "back", "back-stopped", "back-started"]


class Site:
    """A service folder, its supervisor process and the port of its kit."""

    def __init__(self, root: Path):
        self.service = ServiceRoot(root)
        self.board = DeployBoard(self.service)
        self.port, self.deploy_port = free_port(), free_port()
        self.cut_file = root.parent / "cut"
        self.process: subprocess.Popen | None = None
        self.log = open(root.parent / "supervisor.log", "a")  # noqa: SIM115 (closed in close())

    def add_version(self, kind: str) -> int:
        """A new version folder (as install_bundle leaves it) whose kit is ``kind``."""
        versions = self.service.versions()
        number = (versions[-1] if versions else 0) + 1
        folder = self.service.path(number)
        folder.mkdir(parents=True)
        (folder / "main.py").write_text(f"# tiny: {kind}\n", encoding="utf-8")
        self.service.data_dir.mkdir(parents=True, exist_ok=True)
        os.symlink(Path("..") / ".." / "data", folder / ".fabrique")
        return number

    def start(self) -> None:
        env = {**os.environ, CUT_ENV: str(self.cut_file)}
        self.process = subprocess.Popen(
            [sys.executable, str(HERE / "cut_supervisor.py"), str(self.service.root), str(self.port),
             str(self.deploy_port)], env=env, stdout=self.log, stderr=subprocess.STDOUT,
        )

    def health(self) -> dict | None:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/api/health", timeout=1) as answer:
                return json.loads(answer.read())
        except (OSError, ValueError, http.client.HTTPException):  # a kit killed while answering
            return None

    def settled(self, timeout: float = 40.0) -> dict:
        """Wait until a known-good version runs, answers, and no deployment is under way."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            health = self.health()
            state = (self.board.status() or {}).get("state")
            current = self.service.current()
            if (health and health["kind"] == "good" and state not in ("pending", "running")
                    and Path(health["folder"]) == self.service.path(current).resolve()
                    and current in self.board.history() and current not in self.board.failed()):
                return health
            time.sleep(0.05)
        if self.process is not None and self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGUSR2)  # where it is stuck, into its log
            time.sleep(0.5)
        self.log.flush()
        tail = (self.service.root.parent / "supervisor.log").read_text()[-4000:]
        raise AssertionError(f"no known-good version runs: {self.board.status()} {self.health()}\n{tail}")

    def deploy(self, number: int) -> dict:
        ask = self.board.ask("deploy", version=number)
        os.kill(self.process.pid, signal.SIGUSR1)
        return ask

    def wait_final(self, request_id: str, timeout: float = 20.0) -> dict:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            status = self.board.status() or {}
            if status.get("id") == request_id and status.get("state") in ("ok", "rolled_back", "failed"):
                return status
            time.sleep(0.05)
        raise AssertionError(f"no verdict: {self.board.status()}")

    def close(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(10)
        self.log.close()


@pytest.fixture
def site(tmp_path):
    site = Site(tmp_path / "service")
    site.service.switch(site.add_version("good"))
    site.start()
    yield site
    site.close()


def test_twenty_power_cuts_during_deployments(site):
    rng = random.Random(17)
    site.settled()
    for cut in range(20):
        kind = rng.choice(["good", "crash", "crash-later"])
        step = rng.choice(GOOD_STEPS if kind != "crash" else BROKEN_STEPS)
        alone = rng.random() < 0.25  # sometimes only the supervisor dies: its kit is an orphan
        site.cut_file.write_text(step + (":alone" if alone else ""), encoding="utf-8")
        site.deploy(site.add_version(kind))
        site.process.wait(20)  # the cut: SIGKILL at that step
        assert site.process.returncode == -signal.SIGKILL, (cut, kind, step)
        assert not site.cut_file.exists()
        site.start()  # the power is back
        site.settled()
        status = site.board.status()
        assert status["state"] != "running", (cut, kind, step, status)
        # ... and the next deployment works
        number = site.add_version("good")
        verdict = site.wait_final(site.deploy(number)["id"])
        assert verdict["state"] == "ok" and site.service.current() == number, (cut, kind, step, verdict)
        site.settled()
    # pruning kept the current and the last known-good ones, and removed the failed first
    versions = site.service.versions()
    assert len(versions) <= site.service.keep + 1 and site.service.current() in versions
    assert site.board.last_good(versions, besides=site.service.current()) is not None


def test_the_orphan_of_a_dead_supervisor_is_stopped_first(site):
    first = site.settled()
    site.process.send_signal(signal.SIGKILL)  # the supervisor alone dies; its kit runs on
    site.process.wait(5)
    assert site.health() == first  # the orphan still holds the port
    orphan = json.loads((site.service.deploy_dir / "kit.pid").read_text())["pid"]
    site.start()

    def new_kit() -> bool:
        try:
            return json.loads((site.service.deploy_dir / "kit.pid").read_text())["pid"] != orphan
        except (OSError, ValueError):
            return False

    assert wait_until(new_kit, timeout=40)  # the new supervisor started its own kit...
    status = Path(f"/proc/{orphan}/status")  # ...after stopping the orphan (at most a zombie left)
    assert not status.exists() or "zombie" in status.read_text().lower()
    site.settled()


def test_a_crash_loop_after_any_start_goes_back_to_the_known_good_version(site):
    site.settled()
    good = site.service.current()
    site.process.terminate()
    site.process.wait(10)
    # a version switched to by hand (or left by a cut) that was never proven: it crash-loops
    looping = site.add_version("crash-later")
    site.service.switch(looping)
    site.start()
    site.settled()
    assert site.service.current() == good and looping in site.board.failed()
    # --rollback never picks it: there is no other known-good version to go back to
    ask = site.board.ask("rollback")
    os.kill(site.process.pid, signal.SIGUSR1)
    verdict = site.wait_final(ask["id"])
    assert verdict["state"] == "failed" and site.service.current() == good
