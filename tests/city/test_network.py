"""Two places on a real Mosquitto with the accounts and ACL of ``fabrique ville courtier``:
they see each other's live status, a site cannot write another's topics, a broken payload
or a dead broker never breaks a screen, and a broker restart resumes by itself."""

from __future__ import annotations

import json
import threading
import time
from datetime import timedelta

import paho.mqtt.client as mqtt
import pytest
from paho.mqtt.enums import CallbackAPIVersion

from fabrique_kit import Kit
from fabrique_kit.city.nearby import DROP_S
from fabrique_kit.city.topics import status_topic
from fabrique_kit.clock import FakeClock
from fabrique_kit.i18n import use_language
from tests.city.conftest import MONDAY, wait_until, write_place

pytestmark = pytest.mark.slow


def place_status(kit: Kit, place: str) -> dict:
    return ((kit.state.get("ville") or {}).get("lieux", {}).get(place) or {}).get("statut") or {}


def start_kit(path, clock) -> Kit:
    kit = Kit(config=path, clock=clock)
    kit.start()
    return kit


@pytest.fixture
def two_kits(broker, tmp_path):
    clocks = {"maurepas": FakeClock(MONDAY), "villejean": FakeClock(MONDAY)}
    kits = {
        "maurepas": start_kit(write_place(tmp_path / "m", "maurepas", broker, transport="Métro B — Gros-Chêne"),
                              clocks["maurepas"]),
        "villejean": start_kit(write_place(tmp_path / "v", "villejean", broker,
                                           transport="Métro A — Villejean-Université"), clocks["villejean"]),
    }
    assert wait_until(lambda: place_status(kits["maurepas"], "villejean") and place_status(kits["villejean"], "maurepas"))
    yield kits, clocks
    for kit in kits.values():
        kit.close()


def read_retained(broker, topic: str, user: str = "maurepas") -> dict | None:
    """What the broker keeps on ``topic`` (a new reader with its own account)."""
    seen: dict = {}
    done = threading.Event()
    client = mqtt.Client(CallbackAPIVersion.VERSION2, protocol=mqtt.MQTTv5)
    client.username_pw_set(user, broker.passwords[user])
    client.on_connect = lambda c, *_a: c.subscribe(topic, qos=1)
    client.on_subscribe = lambda *_a: threading.Timer(0.3, done.set).start()
    client.on_message = lambda _c, _u, m: seen.setdefault("payload", json.loads(m.payload))
    client.connect("127.0.0.1", broker.port)
    client.loop_start()
    done.wait(5)
    client.loop_stop()
    client.disconnect()
    return seen.get("payload")


def test_two_places_see_each_others_live_status_within_a_second(two_kits):
    kits, _clocks = two_kits
    assert place_status(kits["maurepas"], "villejean")["ouvert"] is True
    kits["villejean"]._parts.sources.counters["attente"].take_ticket()
    assert wait_until(lambda: place_status(kits["maurepas"], "villejean").get("attente") == 1, timeout=1.0)
    kits["maurepas"]._parts.sources.counters["attente"].take_ticket()
    kits["maurepas"]._parts.sources.counters["attente"].take_ticket()
    assert wait_until(lambda: place_status(kits["villejean"], "maurepas").get("attente") == 2, timeout=1.0)
    panel = kits["maurepas"].state.get("ville.ailleurs")
    assert [p["nom"] for p in panel["lieux"]] == ["Espace Social Commun Villejean"]
    assert panel["lieux"][0]["transport"] == "Métro A — Villejean-Université"
    assert panel["lieux"][0]["attente_min"] is not None


def test_another_sites_account_cannot_write_this_sites_topics(two_kits, broker):
    before = read_retained(broker, status_topic("maurepas"))
    assert before["nom"] == "Espace Social Commun Maurepas"
    refused = []
    intruder = mqtt.Client(CallbackAPIVersion.VERSION2, protocol=mqtt.MQTTv5)
    intruder.username_pw_set("villejean", broker.passwords["villejean"])
    intruder.on_publish = lambda _c, _u, _mid, reason, _p: refused.append(reason.value)
    intruder.connect("127.0.0.1", broker.port)
    intruder.loop_start()
    fake = {"v": 1, "nom": "Espace Social Commun Maurepas", "ouvert": False, "ferme_pourquoi": "Fermé (faux)"}
    intruder.publish(status_topic("maurepas"), json.dumps(fake), qos=1, retain=True).wait_for_publish(5)
    intruder.loop_stop()
    intruder.disconnect()
    assert refused == [135]  # MQTT 5 « not authorised »: the broker refused it
    after = read_retained(broker, status_topic("maurepas"), user="villejean")
    assert after["ferme_pourquoi"] is None and after["ouvert"] is True
    assert place_status(two_kits[0]["villejean"], "maurepas")["ouvert"] is True


def test_a_malformed_payload_from_one_site_never_breaks_another_screen(two_kits, broker):
    kits, _clocks = two_kits
    sender = mqtt.Client(CallbackAPIVersion.VERSION2, protocol=mqtt.MQTTv5)
    sender.username_pw_set("villejean", broker.passwords["villejean"])
    sender.connect("127.0.0.1", broker.port)
    sender.loop_start()
    view = kits["maurepas"]._parts.sources.get("ville").view
    for payload in (b"\xff not json", b'{"v": 1, "nom": 12, "ouvert": "oui"}', b'{"v": 2}', b"x" * 5000):
        sender.publish(status_topic("villejean"), payload, qos=1, retain=False).wait_for_publish(5)
    assert wait_until(lambda: view.rejected_from.get("villejean") == 4, timeout=3)
    sender.loop_stop()
    sender.disconnect()
    assert place_status(kits["maurepas"], "villejean")["nom"] == "Espace Social Commun Villejean"
    frame = kits["maurepas"].render()
    assert frame.display.texts("elsewhere.place") == ["Espace Social Commun Villejean"]


def test_the_broker_down_leaves_the_last_data_with_its_age_and_a_restart_resumes(two_kits, broker):
    kits, clocks = two_kits
    source = kits["maurepas"]._parts.sources.get("ville")
    broker.kill()
    assert wait_until(lambda: kits["maurepas"].state.value("ville").error, timeout=10)
    with use_language("fr"):
        assert "injoignable" in kits["maurepas"].state.value("ville").error
    for clock in clocks.values():
        clock.advance(minutes=20)
    source.refresh(kits["maurepas"].state)  # the kit's periodic refresh, now
    panel = kits["maurepas"].state.get("ville.ailleurs")
    assert [p["nom"] for p in panel["lieux"]] == ["Espace Social Commun Villejean"]
    from fabrique_kit.screen.widgets.elsewhere import Elsewhere

    widget = Elsewhere(panel["lieux"])
    now = kits["maurepas"].clock.now()
    assert widget.content(now)[2][0][-1] == 20  # shown with « informations d'il y a 20 min »
    assert not widget.visible(now + timedelta(seconds=DROP_S))  # then dropped
    # the local site keeps working without the broker
    kits["maurepas"]._parts.sources.counters["attente"].take_ticket()
    assert kits["maurepas"]._parts.sources.counters["attente"].status().waiting == 1
    broker.start()
    assert wait_until(lambda: source.client.connected.is_set(), timeout=40)
    assert wait_until(lambda: kits["maurepas"].state.value("ville").error is None, timeout=5)
    kits["villejean"]._parts.sources.counters["attente"].take_ticket()
    assert wait_until(lambda: place_status(kits["maurepas"], "villejean").get("attente") == 1, timeout=40)
    assert wait_until(lambda: place_status(kits["villejean"], "maurepas").get("attente") == 1, timeout=40)


def test_a_wrong_password_is_told_in_french_and_nothing_is_accepted(broker, tmp_path):
    kit = start_kit(write_place(tmp_path / "m", "maurepas", broker, password="pas-le-bon"), FakeClock(MONDAY))
    try:
        assert wait_until(lambda: kit.state.value("ville") and kit.state.value("ville").error, timeout=5)
        error = kit.web.status()["values"]["ville"]["error"]
        assert "refuse l'identifiant ou le mot de passe du lieu « maurepas »" in error
        assert "pas-le-bon" not in error
    finally:
        kit.close()
    time.sleep(0.2)
    assert read_retained(broker, status_topic("maurepas"), user="villejean") is None


def test_the_city_bilan_adds_up_every_places_figures(two_kits):
    from fabrique_kit.city.fleet import city_bilan

    kits, _clocks = two_kits
    for place, tickets in (("maurepas", 2), ("villejean", 3)):
        for _ in range(tickets):
            kits[place]._parts.sources.counters["attente"].take_ticket()
        kits[place]._parts.sources.get("ville").publish_bilan()

    def added_up():
        total = city_bilan(kits["maurepas"].state.get("ville") or {}, "2026")
        return total if total["lieux"] == 2 and total["chiffres"].get("tickets") == 5 else None

    assert wait_until(added_up), city_bilan(kits["maurepas"].state.get("ville") or {})
