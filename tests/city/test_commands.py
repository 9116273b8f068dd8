"""``fabrique ville``: the broker's files, a kit's connection check, the fleet's state and a
message from the coordinator to some places, on a real Mosquitto."""

from __future__ import annotations

import json

import pytest

from fabrique_kit import Kit
from fabrique_kit.city.broker import acl_text
from fabrique_kit.clock import FakeClock
from tests.city.conftest import MONDAY, wait_until, write_place
from tests.core.test_cli import fabrique

pytestmark = pytest.mark.slow


def test_the_broker_files_give_each_place_its_own_branch(tmp_path):
    result = fabrique("ville", "courtier", tmp_path / "c", "--lieu", "maurepas", "--lieu", "villejean",
                      "--port", "1883", "--compte-systeme", "nobody")
    assert result.returncode == 0, result.stderr
    folder = tmp_path / "c"
    conf = (folder / "mosquitto.conf").read_text()
    assert "allow_anonymous false" in conf and "listener 1883" in conf and "persistence true" in conf
    assert (folder / "acl").read_text() == acl_text()
    assert "pattern write fabrique/v1/lieux/%u/#" in acl_text()
    users = [line.split(":")[0] for line in (folder / "passwd").read_text().splitlines()]
    assert users == ["maurepas", "villejean", "coordination"]
    assert "$7$" in (folder / "passwd").read_text()  # hashed by mosquitto_passwd, never in clear
    assert oct((folder / "identifiants.csv").stat().st_mode)[-3:] == "600"


def test_an_encrypted_port_without_certificate_is_refused_in_french(tmp_path):
    result = fabrique("ville", "courtier", tmp_path / "c", "--lieu", "maurepas")
    assert result.returncode == 1
    assert "8883" in result.stderr and "certificat" in result.stderr and "Traceback" not in result.stderr


def test_check_fleet_state_and_a_message_to_one_place(broker, tmp_path):
    kits = [Kit(config=write_place(tmp_path / p, p, broker), clock=FakeClock(MONDAY)) for p in ("maurepas", "villejean")]
    for kit in kits:
        kit.start()
    try:
        result = fabrique("ville", "verifier", tmp_path / "maurepas")
        assert result.returncode == 0, result.stdout + result.stderr
        assert "✓ Connexion acceptée pour « maurepas »." in result.stdout
        assert "✓ Écriture sur les sujets du lieu « maurepas » : autorisée." in result.stdout
        bad = fabrique("ville", "verifier", tmp_path / "maurepas", "--mot-de-passe", "faux")
        assert bad.returncode == 1 and "refuse l'identifiant ou le mot de passe" in bad.stdout
        coordinator = ("--courtier", broker.url(), "--utilisateur", "coordination",
                       "--mot-de-passe", broker.passwords["coordination"])
        assert wait_until(lambda: all(k.state.get("ville") and len(k.state.get("ville")["lieux"]) == 2 for k in kits))
        state = fabrique("ville", "etat", tmp_path, *coordinator, "--json")
        assert state.returncode == 0, state.stderr
        rows = {row["lieu"]: row for row in json.loads(state.stdout)}
        assert set(rows) == {"maurepas", "villejean"}
        assert rows["maurepas"]["kit"] == "hall-maurepas" and rows["maurepas"]["ouvert"] is True
        assert rows["villejean"]["version"]
        table = fabrique("ville", "etat", tmp_path, *coordinator)
        assert "Lieu" in table.stdout and "villejean" in table.stdout
        refused = fabrique("ville", "message", "Essai", tmp_path / "maurepas")
        assert refused.returncode == 1 and "coordination" in refused.stderr
        sent = fabrique("ville", "message", "Fermé le 14 juillet", tmp_path, *coordinator, "--type", "fermeture",
                        "--lieu", "villejean", "--au", "2026-11-24T00:00")
        assert sent.returncode == 0, sent.stderr
        assert wait_until(lambda: (kits[1].state.get("message") or {}).get("text") == "Fermé le 14 juillet")
        assert kits[1].state.get("message")["kind"] == "fermeture"
        assert (kits[0].state.get("message") or {}).get("text") != "Fermé le 14 juillet"
    finally:
        for kit in kits:
            kit.close()
