"""The fleet view ``/ville`` of a kit, and a coordinator's kit sending a message that
appears on one place's screen with its kind."""

from __future__ import annotations

import pytest

from fabrique_kit import Kit
from fabrique_kit.clock import FakeClock
from fabrique_kit.web import create_app
from tests.city.conftest import MONDAY, wait_until, write_place

pytestmark = pytest.mark.slow


def coordinator_config(folder, broker):
    folder.mkdir(parents=True)
    (folder / "fabrique.toml").write_text("\n".join([
        "[kit]", 'nom = "coordination"', 'lieu = "Ville de Rennes"', "[ecran]", 'sortie = "aucune"',
        "[web]", "port = 0", "[reseau]", "decouverte = false",
        "[ville]", f'courtier = "{broker.url()}"', 'identifiant = "ville-de-rennes"', 'utilisateur = "coordination"',
        f'mot_de_passe = "{broker.passwords["coordination"]}"',
    ]) + "\n", encoding="utf-8")
    return folder / "fabrique.toml"


def test_the_fleet_page_and_a_message_from_the_coordinators_kit(broker, tmp_path):
    place = Kit(config=write_place(tmp_path / "v", "villejean", broker), clock=FakeClock(MONDAY))
    coordinator = Kit(config=coordinator_config(tmp_path / "c", broker), clock=FakeClock(MONDAY))
    place.start()
    coordinator.start()
    try:
        assert wait_until(lambda: "villejean" in ((coordinator.state.get("ville") or {}).get("lieux") or {}))
        assert "ville-de-rennes" not in coordinator.state.get("ville")["lieux"]  # it publishes nothing of its own
        page = create_app(coordinator.web).test_client().get("/ville")
        assert page.status_code == 200
        html = page.get_data(as_text=True)
        assert "Espace Social Commun Villejean" in html and "en ligne" in html and "hall-villejean" in html
        rows = create_app(coordinator.web).test_client().get("/ville?format=json").get_json()["lieux"]
        assert rows[0]["en_ligne"] is True and rows[0]["ouvert"] is True
        assert "ville.message" in coordinator.actions and "ville.message" not in place.actions
        coordinator.actions.run("ville.message", text="Toutes les permanences sont fermées le 14 juillet",
                                kind="alerte", places="villejean")
        assert wait_until(lambda: (place.state.get("message") or {}).get("kind") == "alerte")
        assert place.state.get("message")["text"] == "Toutes les permanences sont fermées le 14 juillet"
    finally:
        place.close()
        coordinator.close()


def test_a_wrong_password_shows_on_the_fleet_page_in_french(broker, tmp_path):
    kit = Kit(config=write_place(tmp_path / "m", "maurepas", broker, password="faux"), clock=FakeClock(MONDAY))
    kit.start()
    try:
        assert wait_until(lambda: kit.state.value("ville") and kit.state.value("ville").error)
        html = create_app(kit.web).test_client().get("/ville").get_data(as_text=True)
        assert "refuse l&#39;identifiant ou le mot de passe du lieu « maurepas »" in html
    finally:
        kit.close()
