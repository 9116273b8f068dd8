"""The pages in a real headless Chromium (Debian's /usr/bin/chromium, via Playwright)."""

from __future__ import annotations

import time

import pytest

from tests.web.conftest import TEST_PIN, set_pin

pytestmark = pytest.mark.browser


def wait_until(page, expression: str, timeout: float = 10.0) -> None:
    """Wait until the JavaScript ``expression`` is true in the page.

    Playwright's ``wait_for_function`` compiles its expression with ``eval``, which the
    pages' Content-Security-Policy rightly forbids; ``page.evaluate`` is not affected.
    """
    deadline = time.monotonic() + timeout
    while not page.evaluate(expression):
        assert time.monotonic() < deadline, f"still false after {timeout} s: {expression}"
        page.wait_for_timeout(50)


def _frame_number(page) -> int:
    return int(page.get_attribute("#frame", "data-frame"))


def test_clicking_a_simulated_button_changes_the_frame(page, base_url, kit):
    page.goto(f"{base_url}/")
    wait_until(page, "document.getElementById('frame').complete")
    first_src = page.get_attribute("#frame", "src")
    first_pixels = page.locator("#frame").screenshot()
    start = _frame_number(page)
    page.get_by_role("button", name="Prendre un ticket").click()
    wait_until(page, f"Number(document.getElementById('frame').dataset.frame) >= {start + 2}")
    assert kit.calls[:2] == [("press", "ticket"), ("release", "ticket")]
    assert kit.presses == 1
    assert page.get_attribute("#frame", "src") != first_src
    wait_until(page, "document.getElementById('frame').complete")
    assert page.locator("#frame").screenshot() != first_pixels
    # The status and outputs follow the frame: the LED output now reads 1.
    wait_until(page, "document.querySelector('[data-output-of=\"voyant\"]').textContent === '1'")


def test_press_and_hold_keeps_the_button_pressed(page, base_url, kit):
    page.goto(f"{base_url}/")
    button = page.get_by_role("button", name="Prendre un ticket")
    box = button.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.down()
    wait_until(page, "document.querySelector('[data-control=\"ticket\"]').classList.contains('pressed')")
    page.wait_for_timeout(300)
    assert kit.calls == [("press", "ticket")]  # held: not released yet
    page.mouse.up()
    page.wait_for_timeout(300)
    assert kit.calls == [("press", "ticket"), ("release", "ticket")]


def test_keyboard_keys_and_slider_reach_the_kit(page, base_url, kit):
    page.goto(f"{base_url}/")
    page.locator("h1").click()
    page.keyboard.press("Space")
    page.keyboard.press("ArrowLeft")
    page.wait_for_timeout(300)
    assert kit.keys == ["space", "left"]
    page.locator('[data-control="lumiere"]').fill("0.25")
    page.wait_for_timeout(400)
    assert ("value", "lumiere", 0.25) in kit.calls


def test_status_shows_script_as_text(page, base_url, kit):
    kit.state.fail("actus", '<img src=x onerror="window.pwned=1">titre')
    page.goto(f"{base_url}/")
    kit.press("ticket")  # a new frame makes the page refresh its status by script
    wait_until(page, "document.getElementById('status-values').textContent.includes('onerror')")
    assert page.evaluate("window.pwned") is None
    assert page.locator("#status-values img").count() == 0


def test_mediator_logs_in_and_edits_a_slot(page, base_url, kit):
    set_pin(kit)
    page.goto(f"{base_url}/admin/semainier")
    assert "/admin/connexion" in page.url
    page.get_by_label("Code des médiateurs").fill(TEST_PIN)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url("**/admin/semainier")
    page.get_by_role("link", name="Modifier mardi 14:00 Permanence numérique").click()
    page.get_by_label("Salle").fill("Salle informatique")
    page.get_by_label("Fin").fill("17:30")
    page.get_by_role("button", name="Enregistrer").click()
    page.wait_for_url("**/admin/semainier#lieu-0")
    assert page.get_by_text("Créneau enregistré.").is_visible()
    slot = kit.semainier_document()["lieux"][0]["creneaux"][0]
    assert slot["salle"] == "Salle informatique" and slot["fin"] == "17:30"
    assert slot["id"] == "maurepas-mardi"


def test_kiosk_frame_fills_the_viewport(chromium, base_url, kit):
    context = chromium.new_context(viewport={"width": 1024, "height": 600})
    page = context.new_page()
    try:
        page.goto(f"{base_url}/kiosk")
        wait_until(page, "document.getElementById('frame').complete")
        box = page.locator("#frame").bounding_box()
        assert box == {"x": 0, "y": 0, "width": 1024, "height": 600}
        assert page.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(0, 0, 0)"
        assert page.locator("button, input, nav").count() == 0
        start = _frame_number(page)
        kit.press("ticket")
        wait_until(page, f"Number(document.getElementById('frame').dataset.frame) > {start}")
    finally:
        context.close()


def test_pages_run_without_csp_violations(page, base_url, kit):
    problems = []
    page.on("console", lambda message: problems.append(message.text)
            if message.type == "error" else None)
    set_pin(kit)
    page.goto(f"{base_url}/")
    page.goto(f"{base_url}/admin/connexion")
    page.get_by_label("Code des médiateurs").fill(TEST_PIN)
    page.keyboard.press("Enter")
    page.wait_for_url("**/admin")
    page.goto(f"{base_url}/admin/message")
    assert problems == []
