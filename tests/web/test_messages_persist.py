"""The hall screen's messages survive a restart and a power cut: the real Kit saves them
in ``.fabrique/messages.json`` at each change and a new Kit on the same project reads
them back (ended ones dropped, a damaged file set aside with a warning, never a crash).
"""

from __future__ import annotations

import json
import logging

import pytest

from fabrique_kit.clock import FakeClock
from fabrique_kit.project import new_project, run_project
from tests.waiting import wait_until
from tests.web.test_closures import mediator, post_form


@pytest.fixture
def project(tmp_path):
    folder = new_project("afficheur", tmp_path / "afficheur")
    config = folder / "fabrique.toml"
    config.write_text(config.read_text(encoding="utf-8") + "\n[reseau]\ndecouverte = false\n", encoding="utf-8")
    return folder


def start_kit(project, moment: str):
    kit = run_project(project, mode="load", quiet=True, simulate=True, port=0, clock=FakeClock(moment))
    kit.start()
    return kit


def shown_message(kit) -> list[str]:
    wait_until(lambda: kit.web.latest_frame() is not None, timeout=10)
    return kit.web.latest_frame().display.texts("message.text")


def test_a_current_and_a_planned_message_come_back_after_a_restart(project):
    kit = start_kit(project, "2026-11-23 10:00")
    try:
        browser, base = mediator(kit)
        answer = post_form(browser, f"{base}/admin/message", text="Fermé exceptionnellement mardi",
                           kind="fermeture", until="2026-11-24T20:00", action="afficher")
        assert "Message affiché." in answer.text
        kit.actions.run("message.post", text="Atelier CAF à 14 h", kind="information",
                        start="2026-11-23T14:00", until="2026-11-23T16:00")
        saved = json.loads((project / ".fabrique" / "messages.json").read_text(encoding="utf-8"))
        assert saved["message"]["text"] == "Fermé exceptionnellement mardi"  # on disk at once
    finally:
        kit.close()
    assert kit._parts.banner._stop.is_set()  # the kit's close stops the banner's timer

    again = start_kit(project, "2026-11-23 11:00")  # the power came back an hour later
    try:
        wait_until(lambda: "Fermé exceptionnellement mardi" in " ".join(shown_message(again)), timeout=10)
        assert again.state.get("message")["kind"] == "fermeture"
        assert again.state.get("message")["until"].startswith("2026-11-24T20:00")
        (planned,) = again.state.get("messages_prevus")
        assert (planned["text"], planned["kind"]) == ("Atelier CAF à 14 h", "information")
        again.clock.set("2026-11-23 14:01")  # and the planned one still starts by itself
        wait_until(lambda: "Atelier CAF à 14 h" in " ".join(shown_message(again)), timeout=10)
        assert again.state.get("messages_prevus") == []
    finally:
        again.close()


def test_a_message_that_ended_while_the_kit_was_off_does_not_come_back(project):
    kit = start_kit(project, "2026-11-23 10:00")
    try:
        kit.actions.run("message.post", text="Coupure d'eau", kind="alerte", until="2026-11-23T10:30")
        kit.actions.run("message.post", text="Réunion du soir", start="2026-11-23T18:00",
                        until="2026-11-23T19:00")
    finally:
        kit.close()
    again = start_kit(project, "2026-11-24 09:00")
    try:
        assert again.state.get("message") is None  # neither the alert nor the config's « Bienvenue »
        assert again.state.get("messages_prevus") == []
        wait_until(lambda: again.web.frame_number > 0, timeout=10)
        assert shown_message(again) == []
    finally:
        again.close()


def test_a_cleared_starting_message_stays_cleared(project):
    kit = start_kit(project, "2026-11-23 10:00")
    assert kit.state.get("message")["text"].startswith("Bienvenue")  # [message] texte of the template
    try:
        kit.actions.run("message.clear")
    finally:
        kit.close()
    again = start_kit(project, "2026-11-23 10:05")
    try:
        assert again.state.get("message") is None
    finally:
        again.close()


@pytest.mark.parametrize("content", [b"\x00{pas du json", b'["une liste"]', b" " * (300 * 1024)],
                         ids=["garbage", "wrong-shape", "too-big"])
def test_a_damaged_file_is_set_aside_and_the_kit_starts_clean(project, caplog, content):
    data = project / ".fabrique"
    data.mkdir(exist_ok=True)
    (data / "messages.json").write_bytes(content)
    with caplog.at_level(logging.WARNING, logger="fabrique_kit"):
        kit = start_kit(project, "2026-11-23 10:00")
    try:
        assert any("messages.json était abîmé" in r.getMessage() and "mis de côté" in r.getMessage()
                   for r in caplog.records)
        (aside,) = data.glob("messages.json.abime-*")
        assert aside.read_bytes() == content  # kept for a look, not deleted
        assert not (data / "messages.json").exists()
        assert kit.state.get("messages_prevus") in (None, [])
        assert kit.state.get("message")["text"].startswith("Bienvenue")  # only the config's one
        wait_until(lambda: "Bienvenue" in " ".join(shown_message(kit)), timeout=10)
        kit.actions.run("message.post", text="Fermé lundi")  # and the next change writes a good file
        assert json.loads((data / "messages.json").read_text(encoding="utf-8"))["message"]["text"] == "Fermé lundi"
    finally:
        kit.close()


def test_unreadable_entries_are_dropped_and_the_good_ones_kept(project, caplog):
    data = project / ".fabrique"
    data.mkdir(exist_ok=True)
    entries = [{"text": "Bon", "from": "2026-11-23T15:00", "until": None, "kind": "alerte", "id": "ab12"},
               {"text": "", "from": "2026-11-23T15:00"}, {"text": "Sans date"}, "texte seul"]
    entries += [{"text": f"n°{i}", "from": "2026-11-25T09:00"} for i in range(80)]
    (data / "messages.json").write_text(json.dumps({"version": 1, "message": {"text": "x", "until": "demain"},
                                                    "prevus": entries}), encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="fabrique_kit"):
        kit = start_kit(project, "2026-11-23 10:00")
    try:
        assert any("ont été ignorés" in r.getMessage() for r in caplog.records)
        planned = kit.state.get("messages_prevus")
        assert planned[0]["text"] == "Bon" and planned[0]["kind"] == "alerte"
        assert len(planned) == 20  # the banner's own limit, after the 50 read at most
        assert kit.state.get("message")["text"].startswith("Bienvenue")
    finally:
        kit.close()
