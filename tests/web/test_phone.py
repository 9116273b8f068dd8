"""A mediator runs the place from a phone (390x844, headless Chromium through Playwright),
with the real Kit and its real server, reached through the kit's LAN address like a
phone on the Wi-Fi would:

- the PIN is chosen with the setup code read on the hall screen's frame (display list);
- an alert with an end time is posted, and goes from the hall screen after it (the
  kit's clock is moved, no sleep stands for time passing);
- a closure is added for next Tuesday with a reason, and the hall screen's frame of
  that Tuesday says it;
- every admin page visited has no critical or serious axe-core violation.
"""

from __future__ import annotations

import re
from datetime import date

import pytest

from fabrique_kit.web.auth_store import PinStore
from tests.waiting import wait_until as wait_for
from tests.web.conftest import TEST_PIN
from tests.web.test_first_run import LAN, code_on_screen, invitation, lan_kit  # noqa: F401 - the fixture

pytestmark = [pytest.mark.browser, pytest.mark.skipif(LAN is None, reason="no non-loopback IPv4 address")]
NEXT_TUESDAY = date(2026, 11, 24)  # the kit's clock says Monday 23 November 2026, 10:00


def serious_violations(page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [f"{v['id']}: {v['help']}" for v in results.response["violations"]
            if v.get("impact") in ("critical", "serious")]


@pytest.fixture
def phone(chromium):
    context = chromium.new_context(locale="fr-FR", viewport={"width": 390, "height": 844},
                                   is_mobile=True, has_touch=True)
    tab = context.new_page()
    yield tab
    context.close()


def test_a_mediator_runs_the_place_from_a_phone(phone, lan_kit):  # noqa: F811 - the fixture
    kit, base = lan_kit, f"http://{LAN}:{lan_kit.port}"
    code = code_on_screen(wait_for(lambda: invitation(kit), timeout=10))

    # 1. the PIN, chosen with the code the hall screen shows
    phone.goto(f"{base}/admin")
    phone.wait_for_url("**/admin/premier-code")
    assert serious_violations(phone) == []
    phone.get_by_label("Code d'installation").fill(code)
    phone.get_by_label("Nouveau code").fill(TEST_PIN)
    phone.get_by_label("Le même code").fill(TEST_PIN)
    phone.get_by_role("button", name="Enregistrer le code").click()
    phone.wait_for_url("**/admin")
    assert PinStore(kit.data_dir).has_pin()
    wait_for(lambda: (f := kit.web.latest_frame()) and not f.display.texts("setup.code"), timeout=10)

    # 2. an alert until 10:30, measured and previewed, then gone after 10:30
    phone.get_by_role("link", name="Message", exact=True).click()
    phone.get_by_role("radio", name="Alerte").check()
    phone.get_by_label("Texte du message").fill("Coupure d'eau : toilettes fermées ce matin")
    wait_for(lambda: "Tout le message est visible" in phone.locator("#mesure").inner_text(), timeout=10)
    phone.get_by_label("Afficher jusqu'à").fill("2026-11-23T10:30")
    phone.get_by_role("button", name="Voir l'aperçu").click()
    assert phone.locator("#apercu img").is_visible()
    assert serious_violations(phone) == []
    phone.get_by_role("button", name="Afficher le message").click()
    assert phone.get_by_text("Message affiché.").is_visible()
    assert kit.state.get("message")["kind"] == "alerte"
    wait_for(lambda: "toilettes" in " ".join(kit.web.latest_frame().display.texts("message.text")), timeout=10)
    kit.clock.set("2026-11-23 10:31")
    wait_for(lambda: kit.web.latest_frame().display.texts("message.text") == [], timeout=10)

    # 3. a closure for next Tuesday, with its reason, seen on that Tuesday's frame
    phone.get_by_role("link", name="Fermetures").click()
    phone.wait_for_url("**/admin/semainier/exceptions")
    assert phone.locator(".place").inner_text() == "Espace Social Commun Maurepas"
    assert phone.locator("details.place-choice").get_attribute("open") is None  # others behind a choice
    phone.get_by_label("Jour", exact=True).fill(NEXT_TUESDAY.isoformat())
    phone.get_by_label("Motif affiché sur l'écran du hall").fill("Formation de l'équipe")
    phone.get_by_role("button", name="Voir l'aperçu").click()
    assert phone.locator("#draft").is_visible()
    assert kit.web.day_preview(NEXT_TUESDAY).display.texts("schedule.closed") == []  # nothing saved yet
    phone.get_by_role("button", name="Enregistrer").click()
    assert phone.get_by_text("Enregistré").first.is_visible()
    assert phone.get_by_role("button", name="Annuler cette modification").is_visible()
    assert serious_violations(phone) == []
    (closed,) = kit.web.day_preview(NEXT_TUESDAY).display.texts("schedule.closed")
    assert re.search(r"Formation de l.équipe", closed)
    kit.clock.set("2026-11-24 10:00")
    kit.render()
    frame = wait_for(lambda: (f := kit.web.latest_frame()) and f.display.texts("schedule.closed") and f, timeout=10)
    assert re.search(r"Formation de l.équipe", frame.display.texts("schedule.closed")[0])
    # the page fits the phone: nothing wider than the screen
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
