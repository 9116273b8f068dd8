"""Every template: created, checked, drawn, and its inputs do what its guide says."""

from __future__ import annotations

import time

import pytest

from fabrique_kit.clock import FakeClock
from fabrique_kit.project import check_project, new_project, run_project, templates
from tests.waiting import wait_until

NAMES = ["afficheur", "compteur", "borne", "capteur"]


def test_the_four_templates_are_listed():
    assert set(NAMES) <= set(templates())
    for template in templates().values():
        assert template.description_fr and template.description_en


@pytest.mark.parametrize("name", NAMES)
def test_template_project_is_complete_and_checks(name, tmp_path):
    project = new_project(name, tmp_path / name)
    assert (project / "README.md").read_text(encoding="utf-8").startswith("# ")
    script = (project / "main.py").read_text(encoding="utf-8")
    assert 20 <= len(script.splitlines()) <= 52  # short enough to read in one screen
    assert script.count("#") >= 5  # commented in French
    assert "$" not in (project / "fabrique.toml").read_text(encoding="utf-8")
    assert [p for p in check_project(project) if p.severity == "error"] == []


@pytest.mark.parametrize("name", NAMES)
def test_template_draws_a_frame(name, tmp_path):
    project = new_project(name, tmp_path / name)
    kit = run_project(project, mode="load", network=False, quiet=True, simulate=True)
    frame = kit.render(force=True)
    assert frame.image.size == kit.config.screen.size
    assert not frame.errors
    kit.close()


def load(name, tmp_path, **options):
    project = new_project(name, tmp_path / name)
    return run_project(project, mode="load", network=False, quiet=True, simulate=True, **options)


def control(kit, label):
    return next(c["id"] for c in kit.web.controls() if c["label"] == label)


def test_compteur_buttons(tmp_path):
    kit = load("compteur", tmp_path)
    try:
        for _ in range(3):
            kit.web.press(control(kit, "Prendre un ticket"))
            time.sleep(0.06)  # a real finger: longer than the 50 ms debounce
            kit.web.release(control(kit, "Prendre un ticket"))
            time.sleep(0.06)
        kit.web.press(control(kit, "Appeler le suivant"))
        status = kit.counter("attente").status()
        assert (status.last_ticket, status.called, status.waiting) == (3, 1, 2)
    finally:
        kit.close()


def test_borne_turns_pages_with_button_and_space(tmp_path):
    kit = load("borne", tmp_path)
    try:
        first = kit.render(force=True)
        kit.web.press(control(kit, "Page suivante"))
        assert kit.state.get("page") == 1
        second = kit.renderer.render()
        assert second is not None and second.image.tobytes() != first.image.tobytes()
        kit.web.press_key("space")
        assert kit.state.get("page") == 2
    finally:
        kit.close()


def test_borne_shows_the_coming_sessions_in_the_evening_and_says_to_press(tmp_path):
    """« Prochaines permanences » after the day's last session: the next days, not « none today »."""
    clock = FakeClock("2026-11-23 19:30")  # a Monday evening: the sample's Monday sessions are over
    kit = load("borne", tmp_path, clock=clock)
    try:
        frame = kit.render(force=True)
        headings = frame.display.texts("schedule.heading")
        assert headings[0].startswith("Prochaines permanences le ") and "/11" in headings[0]
        assert frame.display.texts("schedule.time")  # the sessions themselves, not a summary
        assert not any("Aujourd" in t for t in frame.display.texts("schedule.more"))  # not today's
        assert not any("Pas de permanence" in text for item in frame.display.items for text in [item.text])
        assert any("Appuyez sur le bouton" in t and "1 sur 4" in t for t in frame.display.texts("text.body"))
        clock.set("2026-11-23 10:30")  # the same Monday morning: today's sessions come first
        morning = kit.renderer.render(force=True)
        assert morning.display.texts("schedule.heading")[0] == "Prochaines permanences aujourd’hui"  # typography
        kit.web.press(control(kit, "Page suivante"))
        page = kit.renderer.render(force=True)
        assert any("2 sur 4" in t for t in page.display.texts("text.body"))
    finally:
        kit.close()


def test_capteur_shows_occupied_then_free_after_five_minutes(tmp_path):
    clock = FakeClock("2026-11-23 14:00")
    kit = load("capteur", tmp_path, clock=clock)
    try:
        check_capteur(kit, clock)
    finally:
        kit.close()


def check_capteur(kit, clock):
    free = kit.render(force=True).image.copy()
    sensor = control(kit, "Détecteur salle 2")
    kit.web.set_value(sensor, 1)
    # gpiozero samples a motion sensor about ten times a second
    wait_until(lambda: kit.state.get("dernier_mouvement") is not None, timeout=3)
    assert kit.state.get("dernier_mouvement") == clock.now()
    busy = kit.renderer.render(force=True).image.copy()
    assert busy.crop((0, 200, 1280, 660)).tobytes() != free.crop((0, 200, 1280, 660)).tobytes()
    kit.web.set_value(sensor, 0)
    clock.advance(minutes=2)
    body = (0, 200, 1280, 660)  # below the header, whose clock moves
    still = kit.renderer.render(force=True).image
    assert still.crop(body).tobytes() == busy.crop(body).tobytes()  # still « occupée »
    clock.advance(minutes=4)
    after = kit.renderer.render(force=True).image
    assert after.crop(body).tobytes() == free.crop(body).tobytes()
