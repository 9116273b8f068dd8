"""The hall screen's message from the admin, with the real Kit and its real server: a kind,
a start and an end that the kit follows by itself (no polling: it sleeps until the next
change, and the test moves the kit's clock), the characters the hall screen really shows
(measured on the kit's own layout), and a preview of the frame.
"""

from __future__ import annotations

import re

import pytest

from fabrique_kit.clock import FakeClock
from fabrique_kit.project import new_project, run_project
from tests.waiting import wait_until
from tests.web.test_closures import mediator, post_form


@pytest.fixture
def real_kit(tmp_path):
    project = new_project("afficheur", tmp_path / "afficheur")
    config = project / "fabrique.toml"
    config.write_text(config.read_text(encoding="utf-8") + "\n[reseau]\ndecouverte = false\n", encoding="utf-8")
    kit = run_project(project, mode="load", quiet=True, simulate=True, port=0,
                      clock=FakeClock("2026-11-23 10:00"))
    kit.start()
    yield kit
    kit.close()


def shown_message(kit) -> list[str]:
    frame = kit.web.latest_frame()
    return frame.display.texts("message.text") if frame is not None else []


def test_an_alert_with_an_end_disappears_after_it(real_kit):
    browser, base = mediator(real_kit)
    answer = post_form(browser, f"{base}/admin/message", text="Coupure d'eau : toilettes fermées",
                       kind="alerte", until="2026-11-23T10:30", action="afficher")
    assert answer.status_code == 200 and "Message affiché." in answer.text
    assert real_kit.state.get("message")["kind"] == "alerte"
    assert "⚠" in answer.text and "Alerte" in answer.text  # the kind in words and icon, not colour only
    wait_until(lambda: "toilettes fermées" in " ".join(shown_message(real_kit)), timeout=10)
    real_kit.clock.set("2026-11-23 10:29")
    real_kit.web.wait_frame(real_kit.web.frame_number, timeout=0.3)
    assert real_kit.state.get("message") is not None  # not before its end
    real_kit.clock.set("2026-11-23 10:31")
    wait_until(lambda: real_kit.state.get("message") is None, timeout=10)  # the kit's own timer
    wait_until(lambda: shown_message(real_kit) == [], timeout=10)  # and the hall screen follows
    # nothing else planned: the banner's timer thread ends (it never polls in the background)
    wait_until(lambda: real_kit._parts.banner._thread is None, timeout=10)
    assert "Coupure" not in browser.get(f"{base}/admin/message", timeout=10).text


def test_a_planned_message_is_listed_then_shown_at_its_start(real_kit):
    browser, base = mediator(real_kit)
    answer = post_form(browser, f"{base}/admin/message", text="Atelier CAF à 14 h en salle 2",
                       kind="information", start="2026-11-23T13:00", until="2026-11-23T15:00",
                       action="afficher")
    assert "Message programmé." in answer.text
    planned = re.search(r'<ul class="slots" id="messages-prevus">(.*?)</ul>', answer.text, re.S).group(1)
    assert "Atelier CAF à 14 h" in planned and "23/11/2026 13:00" in planned
    assert real_kit.state.get("message")["text"].startswith("Bienvenue")  # today's one stays
    real_kit.clock.set("2026-11-23 13:01")
    wait_until(lambda: (real_kit.state.get("message") or {}).get("text") == "Atelier CAF à 14 h en salle 2",
               timeout=10)
    assert real_kit.state.get("messages_prevus") == []
    # and a planned message can be taken away before it starts
    post_form(browser, f"{base}/admin/message", text="Fermé demain", kind="fermeture",
              start="2026-11-24T08:00", action="afficher")
    (planned_id,) = [m["id"] for m in real_kit.state.get("messages_prevus")]
    page = browser.get(f"{base}/admin/message", timeout=10)
    from tests.web.conftest import csrf_from

    browser.post(f"{base}/admin/message/prevus/{planned_id}/retirer", timeout=10,
                 data={"csrf_token": csrf_from(page.text)})
    assert real_kit.state.get("messages_prevus") == []


def test_the_counter_tells_the_characters_the_hall_screen_shows(real_kit):
    browser, base = mediator(real_kit)
    long_text = ("Fermeture exceptionnelle de l'accueil jeudi après-midi pour la formation de l'équipe ; "
                 "les permanences numériques reprennent vendredi à 9 h 30 comme d'habitude, merci de "
                 "votre compréhension et à bientôt à l'espace social commun. ") * 2
    long_text = long_text[:280]
    measured = browser.get(f"{base}/admin/message/mesure", params={"text": long_text}, timeout=10).json()
    assert measured["total"] == len(" ".join(long_text.split()))
    # the count is what the kit's own renderer draws in the banner of the hall screen
    drawn = real_kit.web.message_preview(long_text).display.first("message.text")
    shown = len(drawn.text.rstrip("…").rstrip()) if drawn.cut else measured["total"]
    assert measured["visible"] == shown and 0 < shown <= measured["total"]
    assert 100 < measured["capacity"] < 1000  # at 1920x1080: a few lines of the banner
    huge = real_kit.web.message_fit("Atelier numérique " * 100)  # more than any banner holds
    assert 0 < huge["visible"] < huge["total"] and huge["visible"] <= measured["capacity"] * 1.5
    short = browser.get(f"{base}/admin/message/mesure", params={"text": "Fermé lundi"}, timeout=10).json()
    assert short["visible"] == short["total"] == len("Fermé lundi")
    page = browser.get(f"{base}/admin/message", timeout=10).text
    assert f"L&#39;écran du hall (1920×1080) montre environ {measured['capacity']} caractères" in page
    answer = post_form(browser, f"{base}/admin/message", text=long_text, kind="information",
                       action="apercu")
    assert 'src="data:image/png;base64,' in answer.text
    if measured["visible"] < measured["total"]:
        assert f"n’en montre que {measured['visible']} caractères sur {measured['total']}" in answer.text
    else:
        assert f"Tout le message est visible sur l’écran du hall ({measured['total']} caractères)" in answer.text
    assert real_kit.state.get("message")["text"].startswith("Bienvenue")  # a preview posts nothing


def test_message_actions_check_their_kind_and_dates(real_kit):
    from fabrique_kit.errors import FabriqueError

    with pytest.raises(FabriqueError, match="Type de message inconnu"):
        real_kit.actions.run("message.post", text="x", kind="rouge")
    with pytest.raises(FabriqueError, match="avant son début"):
        real_kit.actions.run("message.post", text="x", start="2026-11-24T10:00", until="2026-11-24T09:00")
    value = real_kit.actions.run("message.post", text="Fermé", kind="fermeture")
    assert value["kind"] == "fermeture" and real_kit.message["kind"] == "fermeture"
