"""The laptop side: finding the kit, refusing to send a broken project, plain French errors."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from fabrique_kit.cli.deploy import build_deploy_command
from fabrique_kit.deploy import client as deploy_client
from fabrique_kit.deploy.client import DeployClient, deploy_project, deploy_url_for, find_kit
from fabrique_kit.errors import FabriqueError
from fabrique_kit.i18n import use_language
from fabrique_kit.net.peer import Peer
from tests.deploy.conftest import free_port


def test_the_deploy_api_is_on_the_kit_port_plus_one():
    peer = Peer(id="k1", name="Accueil", addresses=["192.168.1.20"], port=8000)
    assert deploy_url_for(peer) == "http://192.168.1.20:8001"


def test_find_kit_by_name(monkeypatch):
    peers = [Peer(id="k1", name="Accueil", addresses=["192.168.1.20"], port=8000),
             Peer(id="k2", name="Salle d'attente", addresses=["192.168.1.21"], port=8000)]
    monkeypatch.setattr("fabrique_kit.net.browser.discover", lambda timeout: peers)
    assert find_kit("accueil") == "http://192.168.1.20:8001"
    with use_language("fr"), pytest.raises(FabriqueError) as missing:
        find_kit("Hall")
    assert "Aucun kit « Hall »" in str(missing.value) and "Salle d'attente" in str(missing.value)


def test_a_broken_project_is_not_sent(project):
    (project / "main.py").write_text("def oups(:\n", encoding="utf-8")

    class NeverCalled(DeployClient):
        def upload(self, bundle):
            raise AssertionError("nothing may be sent")

    with use_language("fr"), pytest.raises(FabriqueError, match="rien n'a été envoyé"):
        deploy_project(project, NeverCalled("http://127.0.0.1:9", "k" * 20))


def test_a_kit_that_does_not_answer():
    client = DeployClient(f"http://127.0.0.1:{free_port()}", "k" * 20, timeout=2)
    with use_language("fr"), pytest.raises(FabriqueError, match="Le kit ne répond pas"):
        client.status()


def test_command_without_key_or_kit(project, monkeypatch):
    monkeypatch.setattr(deploy_client, "project_site_key", lambda directory: None)
    runner = CliRunner()
    with use_language("fr"):
        no_kit = runner.invoke(build_deploy_command(), [])
        no_key = runner.invoke(build_deploy_command(), ["--url", "http://127.0.0.1:9", str(project)])
    assert no_kit.exit_code == 1 and "Dites à quel kit" in no_kit.output
    assert no_key.exit_code == 1 and "Pas de clé de site" in no_key.output
