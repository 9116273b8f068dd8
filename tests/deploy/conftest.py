"""Fixtures for the deploy tests: a project, a service folder, a running supervisor."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from fabrique_kit.deploy.client import DeployClient, project_site_key
from fabrique_kit.deploy.versions import ServiceRoot
from fabrique_kit.project import new_project

REPO = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def project(tmp_path) -> Path:
    """An afficheur project (from the template) that does not use the network's discovery."""
    folder = new_project("afficheur", tmp_path / "projet", name="Accueil")
    config = folder / "fabrique.toml"
    config.write_text(config.read_text(encoding="utf-8") + "\n[reseau]\ndecouverte = false\n", encoding="utf-8")
    return folder


@pytest.fixture
def service(tmp_path, project) -> ServiceRoot:
    """A service folder with the project installed as version 1."""
    root = ServiceRoot(tmp_path / "service")
    root.switch(root.install_folder(project))
    return root


class RunningService:
    """A real supervisor process (``python -m fabrique_kit service run``) and its kit."""

    def __init__(self, service: ServiceRoot, key: str, health_timeout: float = 20.0, env: dict | None = None):
        self.service = service
        self.port = free_port()
        self.deploy_port = free_port()
        self.kit_url = f"http://127.0.0.1:{self.port}"
        self.deploy_url = f"http://127.0.0.1:{self.deploy_port}"
        self.log = open(service.root.parent / "supervisor.log", "w")  # noqa: SIM115 (closed in stop)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "fabrique_kit", "service", "run", str(service.root),
             "--port", str(self.port), "--host", "127.0.0.1", "--deploy-port", str(self.deploy_port),
             "--health-timeout", str(health_timeout), "--", "--simulate", "--output", "aucune"],
            cwd=REPO, stdout=self.log, stderr=subprocess.STDOUT, env={**os.environ, **(env or {})},
        )
        self.client = DeployClient(self.deploy_url, key, timeout=10)
        self.wait_kit()

    def wait_kit(self, timeout: float = 30.0) -> None:
        import requests

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.process.poll() is None, self.output()
            try:
                if requests.get(self.kit_url + "/api/health", timeout=1).ok:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.1)
        raise AssertionError("the kit did not start:\n" + self.output())

    def output(self) -> str:
        self.log.flush()
        return (self.service.root.parent / "supervisor.log").read_text(errors="replace")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(5)
        self.client.close()
        self.log.close()


@pytest.fixture
def running(service, project):
    runner = RunningService(service, project_site_key(project))
    yield runner
    runner.stop()
