"""The deploy API: keys, refusals with French reasons, a good upload handed to the supervisor."""

from __future__ import annotations

import os
from types import SimpleNamespace

import pytest
from flask import Flask

from fabrique_kit.deploy.api import deploy_app, deploy_blueprint
from fabrique_kit.deploy.bundle import MAX_BUNDLE, make_bundle
from fabrique_kit.deploy.client import project_site_key
from fabrique_kit.deploy.requests_file import DeployBoard
from fabrique_kit.net.signing import sign_request
from tests.deploy.zips import make_zip, project_zip


@pytest.fixture
def woken():
    return []


@pytest.fixture
def client(service, woken):
    app = deploy_app(service, wake=lambda: woken.append(1))
    return app.test_client()


@pytest.fixture
def key(project):
    return project_site_key(project)


def signed(key: str, method: str, path: str, data: bytes | None = None, kit_id: str | None = None) -> dict:
    """The headers of a request signed with ``key`` for the kit of ``SERVICE`` (or ``kit_id``)."""
    return sign_request(key, method, path, data, kit_id if kit_id is not None else SERVICE[0].kit_id())


SERVICE: list = []


@pytest.fixture(autouse=True)
def _remember_service(service):
    SERVICE[:] = [service]


def post(client, data: bytes, key: str | None, kit_id: str | None = None):
    headers = {"Content-Type": "application/zip"}
    if key is not None:
        headers.update(signed(key, "POST", "/api/deploy", data, kit_id))
    return client.post("/api/deploy", data=data, headers=headers)


def test_missing_or_wrong_key(client, project, key, service):
    data = make_bundle(project).data
    missing = post(client, data, None)
    assert missing.status_code == 401
    assert "non signée" in missing.get_json()["error"]
    old = client.post("/api/deploy", data=data, headers={"X-Fabrique-Key": key})  # the key in clear
    assert old.status_code == 401 and "Mettez à jour" in old.get_json()["hint"]
    other_kit = post(client, data, key, kit_id="un-autre-kit")  # signed for another kit of the site
    assert other_kit.status_code == 403
    wrong = post(client, data, "x" * 43)
    assert wrong.status_code == 403
    assert wrong.get_json()["error"] == "Clé de site incorrecte."
    assert client.get("/api/deploy").status_code == 401
    assert client.post("/api/deploy/rollback", headers=signed("nope-nope-nope-nope", "POST", "/api/deploy/rollback")).status_code == 403
    assert service.versions() == [1]  # nothing installed


def test_good_upload_is_installed_and_handed_to_the_supervisor(client, project, key, service, woken):
    answer = post(client, make_bundle(project).data, key)
    assert answer.status_code == 202, answer.get_json()
    body = answer.get_json()
    assert body["version"] == 2 and body["state"] == "pending"
    assert woken == [1]
    request = DeployBoard(service).pending()
    assert request == {"id": body["id"], "action": "deploy", "version": 2}
    assert service.current() == 1  # the supervisor switches, not the API
    assert (service.path(2) / ".fabrique").resolve() == service.data_dir.resolve()
    # a second upload while the first waits is refused
    again = post(client, make_bundle(project).data, key)
    assert again.status_code == 409
    assert "déjà en cours" in again.get_json()["error"]
    status = client.get("/api/deploy", headers=signed(key, "GET", "/api/deploy")).get_json()
    assert status["current"] == 1 and status["versions"] == [1, 2]
    assert status["status"]["state"] == "pending"


@pytest.mark.parametrize(
    ("data", "status", "words"),
    [
        (project_zip({"../evil.py": "x"}), 400, "remonte avec « .. »"),
        (project_zip({"/home/pi/.bashrc": "x"}), 400, "chemin absolu"),
        (project_zip(links={"lien": "/etc/passwd"}), 400, "lien symbolique"),
        (project_zip({"zeros.bin": b"\0" * (8 * 1024 * 1024)}), 400, "bombe zip"),
        (b"MZ pas un zip", 400, "pas un fichier zip valide"),
        (project_zip({"fabrique.toml": "[kit]\nlieux = 'x'\n"}), 400, "ne passe pas « fabrique check »"),
        (make_zip({"lisez-moi.txt": "rien"}), 400, "ne passe pas « fabrique check »"),
    ],
)
def test_malicious_or_broken_bundles_are_refused(client, key, service, data, status, words):
    answer = post(client, data, key)
    assert answer.status_code == status, answer.get_json()
    body = answer.get_json()
    assert words in body["error"]
    assert service.versions() == [1]
    assert DeployBoard(service).pending() is None
    assert not [p for p in service.versions_dir.iterdir() if p.name.startswith(".incoming")]


def test_check_problems_are_listed(client, key):
    body = post(client, project_zip({"fabrique.toml": "[kit]\nlieux = 'x'\n"}), key).get_json()
    assert body["problems"], body
    assert any("lieux" in (p["message"] + (p.get("hint") or "") + (p.get("field") or "")) for p in body["problems"])
    assert not any("/tmp" in (p.get("file") or "") for p in body["problems"])  # paths relative to the project


def test_oversize_is_refused_before_unpacking(client, key, service):
    data = b"PK" + os.urandom(MAX_BUNDLE)
    answer = post(client, data, key)
    assert answer.status_code == 413
    assert "Paquet trop gros" in answer.get_json()["error"]
    assert service.versions() == [1]


def test_a_kit_not_installed_as_a_service_says_so(tmp_path, key):
    kit = SimpleNamespace(site_key=key, project_dir=tmp_path / "projet")
    app = Flask(__name__)
    app.register_blueprint(deploy_blueprint(kit, root=None))
    answer = app.test_client().post("/api/deploy", data=b"x", headers=signed(key, "POST", "/api/deploy", b"x", ""))
    assert answer.status_code == 409
    assert "ne tourne pas comme un service" in answer.get_json()["error"]


def test_blueprint_in_the_kit_app_finds_its_service_folder(service, key, project, monkeypatch):
    monkeypatch.delenv("FABRIQUE_SERVICE_ROOT", raising=False)
    monkeypatch.delenv("FABRIQUE_SUPERVISOR_PID", raising=False)
    kit = SimpleNamespace(site_key=key, project_dir=service.current_link)  # as `fabrique run ROOT/current`
    app = Flask(__name__)
    app.register_blueprint(deploy_blueprint(kit))
    data = make_bundle(project).data
    answer = app.test_client().post("/api/deploy", data=data, headers=signed(key, "POST", "/api/deploy", data))
    assert answer.status_code == 202, answer.get_json()
    assert DeployBoard(service).pending()["version"] == 2


def test_rollback_request(client, key, service, woken):
    answer = client.post("/api/deploy/rollback", headers=signed(key, "POST", "/api/deploy/rollback"))
    assert answer.status_code == 202
    assert DeployBoard(service).pending()["action"] == "rollback"
    assert woken == [1]
