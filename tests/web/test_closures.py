"""Closures, cancellations and extra sessions from the admin pages, with the real Kit
(the afficheur template, six places of Rennes), its real server and its real semainier.

The reason reaches the hall screen's frame of that day (its display list); the file is
saved atomically with its previous version beside it; a change can be undone for a
minute; a hand-broken semainier.json gives its located message in the admin layout.
"""

from __future__ import annotations

import json
import re
from datetime import date

import pytest
import requests

from fabrique_kit.clock import FakeClock
from fabrique_kit.project import new_project, run_project
from fabrique_kit.web.auth_store import PinStore
from tests.waiting import wait_until
from tests.web.conftest import TEST_PIN, csrf_from

MONDAY = "2026-11-23 10:00"
NEXT_TUESDAY = date(2026, 11, 24)


@pytest.fixture
def real_kit(tmp_path):
    project = new_project("afficheur", tmp_path / "afficheur")
    config = project / "fabrique.toml"
    config.write_text(config.read_text(encoding="utf-8") + "\n[reseau]\ndecouverte = false\n", encoding="utf-8")
    kit = run_project(project, mode="load", quiet=True, simulate=True, port=0, clock=FakeClock(MONDAY))
    kit.start()
    yield kit
    kit.close()


def mediator(kit) -> tuple[requests.Session, str]:
    PinStore(kit.data_dir).set_pin(TEST_PIN)
    base = f"http://127.0.0.1:{kit.port}"
    browser = requests.Session()
    page = browser.get(f"{base}/admin/connexion", timeout=5)
    browser.post(f"{base}/admin/connexion", timeout=5,
                 data={"pin": TEST_PIN, "csrf_token": csrf_from(page.text), "next": "/admin"})
    return browser, base


def post_form(browser, url: str, **fields) -> requests.Response:
    page = browser.get(url, timeout=10)
    return browser.post(url, data={"csrf_token": csrf_from(page.text), **fields}, timeout=10)


def closed_reason(kit, day: date) -> list[str]:
    return kit.web.day_preview(day).display.texts("schedule.closed")


def test_a_closure_for_next_tuesday_reaches_that_days_frame(real_kit):
    browser, base = mediator(real_kit)
    page = browser.get(f"{base}/admin/semainier/exceptions", timeout=10)
    assert page.status_code == 200
    assert "Espace Social Commun Maurepas" in page.text and "Carrefour 18" in page.text  # the choice
    planned = page.text.count('class="slot"')  # what the sample already plans (the holidays...)
    assert closed_reason(real_kit, NEXT_TUESDAY) == []
    path = real_kit.project_dir / "semainier.json"
    before = path.read_text(encoding="utf-8")
    answer = post_form(browser, f"{base}/admin/semainier/exceptions", type="fermeture",
                       date=NEXT_TUESDAY.isoformat(), motif="Formation de l'équipe", action="enregistrer")
    assert answer.status_code == 200 and "Enregistré" in answer.text
    assert "Formation de l&#39;équipe" in answer.text  # listed under « À venir »
    assert answer.text.count('class="slot"') == planned + 1
    document = json.loads(path.read_text(encoding="utf-8"))
    assert document["lieux"][0]["fermetures"][-1] == {"date": "2026-11-24", "motif": "Formation de l'équipe"}
    assert (path.parent / "semainier.json.bak").read_text(encoding="utf-8") == before  # previous version kept
    assert [p.name for p in path.parent.glob(".semainier.json.*")] == []  # no temporary file left
    (reason,) = closed_reason(real_kit, NEXT_TUESDAY)
    assert "Formation de l’équipe" in reason or "Formation de l'équipe" in reason
    assert closed_reason(real_kit, date(2026, 11, 23)) == []  # today is untouched
    png = browser.get(f"{base}/admin/semainier/exceptions/apercu.png?jour=2026-11-24", timeout=10)
    assert png.headers["Content-Type"] == "image/png" and png.content[:4] == b"\x89PNG"
    # the live hall screen, once its clock reaches that Tuesday, says the same
    real_kit.clock.set("2026-11-24 10:00")
    real_kit.refresh_all()
    real_kit.render()
    frame = wait_until(lambda: (f := real_kit.web.latest_frame()) and f.display.texts("schedule.closed") and f)
    assert "Formation de l" in frame.display.texts("schedule.closed")[0]


def test_preview_shows_the_change_without_saving_it(real_kit):
    browser, base = mediator(real_kit)
    path = real_kit.project_dir / "semainier.json"
    before = path.read_bytes()
    answer = post_form(browser, f"{base}/admin/semainier/exceptions", type="annulation",
                       date=NEXT_TUESDAY.isoformat(), creneau="14:00|", motif="Animatrice absente",
                       action="apercu")
    assert answer.status_code == 200, answer.text
    assert 'src="data:image/png;base64,' in answer.text and "pas encore enregistrée" in answer.text
    assert path.read_bytes() == before


def test_a_closure_without_reason_is_refused_next_to_its_field(real_kit):
    browser, base = mediator(real_kit)
    path = real_kit.project_dir / "semainier.json"
    before = path.read_bytes()
    answer = post_form(browser, f"{base}/admin/semainier/exceptions", type="fermeture",
                       date=NEXT_TUESDAY.isoformat(), motif="  ", action="enregistrer")
    assert answer.status_code == 400
    assert re.search(r'id="erreur-motif">Écrivez le motif', answer.text)
    assert 'id="motif" name="motif" type="text" maxlength="200" value="" aria-invalid="true"' in answer.text
    assert path.read_bytes() == before


def test_an_extra_session_then_removed_after_confirmation_and_undone(real_kit):
    browser, base = mediator(real_kit)
    answer = post_form(browser, f"{base}/admin/semainier/exceptions", type="seance",
                       date="2026-11-25", debut="16:00", fin="17:30", service="Atelier CAF",
                       motif="Avec la conseillère CAF", action="enregistrer")
    assert answer.status_code == 200 and "Atelier CAF" in answer.text
    sessions = real_kit.semainier().current().sessions_on(date(2026, 11, 25), "Maurepas")
    assert "Atelier CAF" in [s.service for s in sessions]
    link = re.search(r'href="(/admin/semainier/exceptions/0/seance/\d+/supprimer[^"]*)"', answer.text)
    confirm = browser.get(base + link.group(1).replace("&amp;", "&"), timeout=10)
    assert "Oui, supprimer" in confirm.text and "Atelier CAF" in confirm.text
    assert "Atelier CAF" in [s.service for s in real_kit.semainier().current().sessions_on(date(2026, 11, 25), "Maurepas")]
    gone = browser.post(base + link.group(1).replace("&amp;", "&"), timeout=10,
                        data={"csrf_token": csrf_from(confirm.text)})
    assert "Exception supprimée." in gone.text and "Annuler cette modification" in gone.text
    assert "Atelier CAF" not in [s.service for s in real_kit.semainier().current().sessions_on(date(2026, 11, 25), "Maurepas")]
    undo = re.search(r'action="(/admin/annuler/[^"]+)"', gone.text).group(1)
    back = browser.post(base + undo, data={"csrf_token": csrf_from(gone.text)}, timeout=10)
    assert "Modification annulée" in back.text
    assert "Atelier CAF" in [s.service for s in real_kit.semainier().current().sessions_on(date(2026, 11, 25), "Maurepas")]
    again = browser.post(base + undo, data={"csrf_token": csrf_from(back.text)}, timeout=10)
    assert "Trop tard pour annuler" in again.text  # an undo is used once


def test_a_hand_broken_semainier_gives_its_located_message_in_the_admin(real_kit):
    browser, base = mediator(real_kit)
    path = real_kit.project_dir / "semainier.json"
    lines = path.read_text(encoding="utf-8").splitlines()
    number = next(i for i, line in enumerate(lines) if '"nom":' in line)
    lines[number] = lines[number].replace('"nom":', '"nom"', 1)  # the colon forgotten
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    for url in ("/admin/semainier", "/admin/semainier/exceptions", "/admin/semainier/0/nouveau"):
        page = browser.get(base + url, timeout=10)
        assert page.status_code == 200, url
        assert f"semainier.json, ligne {number + 1}" in page.text, url
        assert "colonne" in page.text and "deux-points" in page.text
        assert 'aria-label="Menu principal"' in page.text and "Se déconnecter" in page.text
        assert str(real_kit.project_dir) not in page.text  # no full path
