"""People turned away (« refus ») noted in one tap at the reception, and the admin's bilan
page over the counters' own figures, with the real Kit, its server and its SQLite counter.
"""

from __future__ import annotations

import re

import pytest

from fabrique_kit.clock import FakeClock
from fabrique_kit.net.kit_api import KitApi
from fabrique_kit.project import new_project, run_project
from tests.web.test_closures import mediator


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


def test_turned_away_in_one_tap_and_through_the_api_reach_the_bilan(real_kit):
    browser, base = mediator(real_kit)
    page = browser.get(f"{base}/admin/compteurs", timeout=10).text
    assert "Personne non reçue (refus)" in page and '<option value="CAF">CAF</option>' in page
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    answer = browser.post(f"{base}/admin/compteurs/attente/refus", data={"csrf_token": token, "kind": "CAF"},
                          timeout=10)
    assert "Personne non reçue notée (1 aujourd&#39;hui)." in answer.text
    browser.post(f"{base}/admin/compteurs/attente/refus", data={"csrf_token": token}, timeout=10)  # no kind
    wrong = browser.post(f"{base}/admin/compteurs/attente/refus", data={"csrf_token": token, "kind": "Dupont"},
                         timeout=10)
    assert "Types possibles" in wrong.text  # never a name: only the short list
    client = KitApi(real_kit.site_key)
    try:  # the kits' API, as another kit or a reception button on the network would
        api = client.send("POST", f"{base}/api/actions/attente.turn_away", json={"kind": "santé"}, signed=True)
    finally:
        client.close()
    assert api.status == 200, api.body
    counter = real_kit.counter("attente")
    counter.take_ticket()
    counter.call_next(desk=1)
    figures = real_kit.web.bilan(2026).total()
    assert (figures.turned_away, figures.tickets) == (3, 1)
    assert figures.turned_away_share == pytest.approx(0.75)
    page = browser.get(f"{base}/admin/bilan?annee=2026", timeout=10)
    assert page.status_code == 200 and 'aria-label="Menu principal"' in page.text
    total = re.search(r'<dl class="figures" id="bilan-total">(.*?)</dl>', page.text, re.S).group(1)
    assert re.search(r"Personnes non reçues \(refus\)</dt><dd>3 \(75", total)
    assert "CAF : 1" in page.text and "santé" in page.text.lower()
    printable = browser.get(f"{base}/admin/bilan/imprimer?annee=2026", timeout=20)
    assert printable.status_code == 200 and "<svg" in printable.text
    policy = printable.headers["Content-Security-Policy"]
    assert re.search(r"style-src 'self' 'sha256-[A-Za-z0-9+/=]+'", policy) and "unsafe-inline" not in policy
    csv = browser.get(f"{base}/admin/bilan/export.csv?annee=2026", timeout=10)
    assert csv.content.startswith("\ufeff".encode()) and ";" in csv.text.splitlines()[0]
    assert 'filename="bilan-2026.csv"' in csv.headers["Content-Disposition"]
    ods = browser.get(f"{base}/admin/bilan/export.ods?annee=2026&mois=11", timeout=10)
    assert ods.content[:2] == b"PK" and 'filename="bilan-2026-11.ods"' in ods.headers["Content-Disposition"]
    assert browser.get(f"{base}/admin/bilan?annee=2026&mois=13", timeout=10).status_code == 404
