"""End to end with the real Kit (the afficheur template), its real server and Chromium.

A simulated button clicked on the preview page changes the counter on the frame; a
slot edited in the admin pages changes the schedule on the frame; the kiosk shows it.
"""

from __future__ import annotations

import pytest

from fabrique_kit.clock import FakeClock
from fabrique_kit.project import new_project, run_project
from fabrique_kit.web.auth_store import PinStore
from tests.waiting import wait_until as wait_for
from tests.web.conftest import TEST_PIN
from tests.web.test_browser import wait_until

pytestmark = pytest.mark.browser


@pytest.fixture
def real_kit(tmp_path):
    project = new_project("afficheur", tmp_path / "afficheur")
    config = project / "fabrique.toml"
    config.write_text(config.read_text(encoding="utf-8") + "\n[reseau]\ndecouverte = false\n", encoding="utf-8")
    clock = FakeClock("2026-11-23 10:00")  # a Monday: the morning drop-in session is on
    kit = run_project(project, mode="load", quiet=True, simulate=True, port=0, clock=clock)
    kit.start()
    yield kit
    kit.close()


def frame_number(page) -> int:
    return int(page.get_attribute("#frame", "data-frame") or 0)


def test_button_click_changes_the_counter_on_the_frame(page, real_kit):
    page.goto(f"http://127.0.0.1:{real_kit.port}/")
    wait_until(page, "document.getElementById('frame').complete && document.getElementById('frame').naturalWidth > 0")
    before = page.locator("#frame").screenshot()
    start = frame_number(page)
    page.get_by_role("button", name="Prendre un ticket").click()
    page.wait_for_timeout(120)  # longer than the 50 ms debounce, like a finger
    page.get_by_role("button", name="Appeler le suivant").click()
    # the press reaches the counter, then a frame that says so: number 1 is drawn
    wait_for(lambda: real_kit.counter("attente").status().called == 1, timeout=10)
    status = real_kit.counter("attente").status()
    assert (status.last_ticket, status.called) == (1, 1)
    drawn = wait_for(lambda: (f := real_kit.web.latest_frame()) is not None and f.display.texts("queue.number") == ["1"]
                     and f.number, timeout=10)
    assert drawn > start
    wait_until(page, f"Number(document.getElementById('frame').dataset.frame) >= {drawn}")
    wait_until(page, "document.getElementById('frame').complete")
    assert page.locator("#frame").screenshot() != before


def test_admin_slot_edit_changes_the_schedule_on_the_frame(page, real_kit):
    PinStore(real_kit.data_dir).set_pin(TEST_PIN)
    planning = real_kit.semainier()
    assert [s.room for s in planning.today()] == ["Salle 2"]
    base = f"http://127.0.0.1:{real_kit.port}"
    page.goto(f"{base}/admin/semainier")
    page.get_by_label("Code des médiateurs").fill(TEST_PIN)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url("**/admin/semainier")
    start = real_kit.web.frame_number
    page.get_by_role("link", name="Modifier lundi 09:30").first.click()
    page.get_by_label("Salle").fill("Salle informatique")
    page.get_by_role("button", name="Enregistrer").click()
    assert page.get_by_text("Créneau enregistré.").is_visible()
    assert [s.room for s in planning.today()] == ["Salle informatique"]
    assert real_kit.web.wait_frame(start, timeout=5) > start  # the hall screen redrew
    page.goto(f"{base}/")
    wait_until(page, f"Number(document.getElementById('frame').dataset.frame) > {start}")


def test_kiosk_shows_the_real_frame_fullscreen(chromium, real_kit):
    context = chromium.new_context(viewport={"width": 1280, "height": 720})
    page = context.new_page()
    try:
        page.goto(f"http://127.0.0.1:{real_kit.port}/kiosk")
        wait_until(page, "document.getElementById('frame').complete && document.getElementById('frame').naturalWidth === 1920")
        assert page.locator("#frame").bounding_box() == {"x": 0, "y": 0, "width": 1280, "height": 720}
    finally:
        context.close()
