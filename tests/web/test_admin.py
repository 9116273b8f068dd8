"""The mediators' pages through a real server: semainier, message, counters, statistics."""

from __future__ import annotations

import re

from tests.web.conftest import csrf_from, logged_in_session

SLOT_URL = "/admin/semainier/0/creneaux/0"


def _form(mediator, base_url, path):
    html = mediator.get(f"{base_url}{path}", timeout=5).text
    fields = dict(re.findall(r'name="(csrf_token|fingerprint)" value="([^"]*)"', html))
    return html, fields


def test_semainier_lists_the_kits_own_place_and_others_behind_a_choice(base_url, kit):
    mediator = logged_in_session(base_url, kit)
    html = mediator.get(f"{base_url}/admin/semainier", timeout=5).text
    assert "mardi 14:00–17:00" in html and "Atelier smartphone" not in html
    assert html.count("/supprimer") == 2 and html.count("/nouveau") == 1
    assert '<option value="1" >Carrefour 18</option>' in html  # the other place, to choose
    other = mediator.get(f"{base_url}/admin/semainier?lieu=1", timeout=5).text
    assert "Atelier smartphone" in other and "mardi 14:00–17:00" not in other
    assert other.count("/supprimer") == 1 and "/admin/semainier/1/nouveau" in other


def test_editing_a_slot_changes_only_its_fields(base_url, kit):
    mediator = logged_in_session(base_url, kit)
    html, fields = _form(mediator, base_url, SLOT_URL)
    assert 'value="Permanence numérique"' in html and 'type="time"' in html
    answer = mediator.post(f"{base_url}{SLOT_URL}", timeout=5, data={
        **fields, "jour": "mercredi", "debut": "13:30", "fin": "16:30",
        "service": "Démarches accompagnées", "animateur": "", "salle": "Salle 3",
        "public": "Tout public", "note": "Venir avec ses papiers", "sur_rendez_vous": "on",
    })
    assert answer.status_code == 200 and "Créneau enregistré." in answer.text
    slot = kit.semainier_document()["lieux"][0]["creneaux"][0]
    assert slot == {
        "jour": "mercredi", "debut": "13:30", "fin": "16:30", "service": "Démarches accompagnées",
        "salle": "Salle 3", "public": "Tout public", "note": "Venir avec ses papiers",
        "sur_rendez_vous": True, "id": "maurepas-mardi",  # unknown key kept, empty one removed
    }
    assert kit.semainier_document()["valide_du"] == "2026-09-01"


def test_invalid_slot_shows_messages_next_to_fields_and_saves_nothing(base_url, kit):
    mediator = logged_in_session(base_url, kit)
    before = kit.semainier_document()
    _html, fields = _form(mediator, base_url, SLOT_URL)
    answer = mediator.post(f"{base_url}{SLOT_URL}", timeout=5, data={
        **fields, "jour": "mardi", "debut": "18:00", "fin": "17:00", "service": "",
    })
    assert answer.status_code == 400
    html = answer.text
    fin_error = re.search(r'id="fin".*?<p class="field-error" id="erreur-fin">([^<]*)', html, re.S)
    assert fin_error and "La fin doit venir après le début." in fin_error.group(1)
    assert re.search(r'id="service"[^>]*aria-invalid="true"', html)
    assert 'id="erreur-service">Le service est obligatoire.' in html
    assert 'value="18:00"' in html  # what was typed is kept
    assert kit.semainier_document() == before


def test_problems_of_other_slots_are_shown_at_the_top(base_url, kit):
    document = kit.semainier_document()
    document["lieux"][1]["creneaux"][0]["debut"] = "10h"
    kit._semainier = document  # a broken slot elsewhere, e.g. after a hand edit of the file
    mediator = logged_in_session(base_url, kit)
    _html, fields = _form(mediator, base_url, SLOT_URL)
    answer = mediator.post(f"{base_url}{SLOT_URL}", timeout=5, data={
        **fields, "jour": "mardi", "debut": "14:00", "fin": "17:00", "service": "Permanence",
    })
    assert answer.status_code == 400
    assert "lieux[1].creneaux[0].debut" in answer.text and "Heure illisible" in answer.text


def test_alias_keys_of_a_slot_are_kept(base_url, kit):
    document = kit.semainier_document()
    document["lieux"][1]["creneaux"][0].update(qui="Yann", libre=False)
    kit.save_semainier(document)
    mediator = logged_in_session(base_url, kit)
    path = "/admin/semainier/1/creneaux/0"
    html, fields = _form(mediator, base_url, path)
    assert 'value="Yann"' in html
    assert re.search(r'id="sur_rendez_vous"[^>]*checked', html)
    mediator.post(f"{base_url}{path}", timeout=5, data={
        **fields, "jour": "mercredi", "debut": "10:00", "fin": "12:00",
        "service": "Atelier smartphone", "animateur": "Awa",
    })
    slot = kit.semainier_document()["lieux"][1]["creneaux"][0]
    assert slot["qui"] == "Awa" and "animateur" not in slot
    assert slot["libre"] is True and "sur_rendez_vous" not in slot


def test_a_slot_changed_meanwhile_is_not_overwritten(base_url, kit):
    mediator = logged_in_session(base_url, kit)
    _html, fields = _form(mediator, base_url, SLOT_URL)
    document = kit.semainier_document()
    document["lieux"][0]["creneaux"][0]["salle"] = "Salle 5"
    kit.save_semainier(document)
    answer = mediator.post(f"{base_url}{SLOT_URL}", timeout=5, data={
        **fields, "jour": "mardi", "debut": "14:00", "fin": "17:00", "service": "Autre",
    })
    assert "modifié entre-temps" in answer.text
    assert kit.semainier_document()["lieux"][0]["creneaux"][0]["service"] == "Permanence numérique"


def test_adding_and_deleting_slots(base_url, kit):
    mediator = logged_in_session(base_url, kit)
    _html, fields = _form(mediator, base_url, "/admin/semainier/1/nouveau")
    answer = mediator.post(f"{base_url}/admin/semainier/1/nouveau", timeout=5, data={
        **fields, "jour": "vendredi", "debut": "14:00", "fin": "16:00",
        "service": "Bornes CAF en accès libre",
    })
    assert "Créneau ajouté." in answer.text
    slots = kit.semainier_document()["lieux"][1]["creneaux"]
    assert slots[-1] == {"jour": "vendredi", "debut": "14:00", "fin": "16:00",
                         "service": "Bornes CAF en accès libre", "sur_rendez_vous": False}
    delete = "/admin/semainier/1/creneaux/0/supprimer"
    html, fields = _form(mediator, base_url, delete)
    assert "Atelier smartphone" in html and "Oui, supprimer" in html
    assert len(kit.semainier_document()["lieux"][1]["creneaux"]) == 2  # GET deletes nothing
    answer = mediator.post(f"{base_url}{delete}", data=fields, timeout=5)
    assert "Créneau supprimé." in answer.text
    assert [s["service"] for s in kit.semainier_document()["lieux"][1]["creneaux"]] == [
        "Bornes CAF en accès libre"]


def test_unknown_place_or_slot_is_404(base_url, kit):
    mediator = logged_in_session(base_url, kit)
    for path in ("/admin/semainier/9/creneaux/0", "/admin/semainier/0/creneaux/9",
                 "/admin/semainier/5/nouveau"):
        assert mediator.get(f"{base_url}{path}", timeout=5).status_code == 404


def test_posting_and_clearing_the_message(base_url, kit):
    mediator = logged_in_session(base_url, kit)
    _html, fields = _form(mediator, base_url, "/admin/message")
    answer = mediator.post(f"{base_url}/admin/message", timeout=5, data={
        **fields, "text": "Fermé lundi 1er décembre", "until": "2099-12-01T18:00"})
    assert "Message affiché." in answer.text and "Fermé lundi 1er décembre" in answer.text
    assert kit.calls[-1] == ("message.post", "Fermé lundi 1er décembre", "2099-12-01T18:00:00+01:00")
    answer = mediator.post(f"{base_url}/admin/message/effacer", data=fields, timeout=5)
    assert "Message effacé." in answer.text and kit.state.get("message") is None


def test_message_form_errors(base_url, kit):
    mediator = logged_in_session(base_url, kit)
    _html, fields = _form(mediator, base_url, "/admin/message")
    empty = mediator.post(f"{base_url}/admin/message", data={**fields, "text": " "}, timeout=5)
    assert empty.status_code == 400 and "Écrivez le message" in empty.text
    past = mediator.post(f"{base_url}/admin/message", timeout=5,
                         data={**fields, "text": "Fermé", "until": "2001-01-01T10:00"})
    assert past.status_code == 400 and "déjà passée" in past.text
    assert kit.calls == []


def test_counter_controls(base_url, kit):
    mediator = logged_in_session(base_url, kit)
    html, fields = _form(mediator, base_url, "/admin/compteurs")
    assert "41" in html and "Appeler la personne suivante" in html
    answer = mediator.post(f"{base_url}/admin/compteurs/attente/appeler",
                           data={**fields, "desk": "3"}, timeout=5)
    assert "guichet 3" in answer.text
    assert kit.state.get("attente") == {"called": 42, "desk": 3, "waiting": 2}
    confirm = mediator.get(f"{base_url}/admin/compteurs/attente/clore", timeout=5).text
    assert "2 personne(s) encore en attente seront comptées comme « parties sans aide »" in confirm
    mediator.post(f"{base_url}/admin/compteurs/attente/clore", data=fields, timeout=5)
    assert ("attente.close_session",) not in kit.calls  # one tap is not enough
    mediator.post(f"{base_url}/admin/compteurs/attente/clore", data={**fields, "confirm": "oui"}, timeout=5)
    assert ("attente.close_session",) in kit.calls
    assert mediator.post(f"{base_url}/admin/compteurs/inconnu/appeler", data=fields,
                         timeout=5).status_code == 404


def test_reset_needs_a_confirmation(base_url, kit):
    mediator = logged_in_session(base_url, kit)
    path = "/admin/compteurs/attente/remise-a-zero"
    html, fields = _form(mediator, base_url, path)
    assert 'name="confirm"' in html
    answer = mediator.post(f"{base_url}{path}", data=fields, timeout=5)
    assert "Cochez la case" in answer.text and ("attente.reset",) not in kit.calls
    mediator.post(f"{base_url}{path}", data={**fields, "confirm": "oui"}, timeout=5)
    assert ("attente.reset",) in kit.calls


def test_statistics_page_and_csv_download(base_url, kit):
    mediator = logged_in_session(base_url, kit)
    html = mediator.get(f"{base_url}/admin/compteurs/attente/statistiques", timeout=5).text
    assert "<th scope=\"col\">attente_moyenne_min</th>" in html and "<td>23</td>" in html
    answer = mediator.get(f"{base_url}/admin/compteurs/attente/statistiques.csv", timeout=5)
    assert answer.headers["Content-Type"].startswith("text/csv")
    assert 'filename="statistiques-attente.csv"' in answer.headers["Content-Disposition"]
    assert answer.text == kit.stats_csv("attente")


def test_admin_in_english(base_url, kit):
    mediator = logged_in_session(base_url, kit)
    html = mediator.get(f"{base_url}/admin/semainier/0/creneaux/0?lang=en", timeout=5).text
    assert '<html lang="en">' in html and "Edit a slot" in html and ">Start</label>" in html
    # The choice is remembered for the next pages.
    assert "Mediators&#39; area" in mediator.get(f"{base_url}/admin", timeout=5).text


def test_login_keeps_the_page_asked_for(base_url, kit):
    logged_in_session(base_url, kit).close()
    import requests

    visitor = requests.Session()
    page = visitor.get(f"{base_url}/admin/compteurs", timeout=5)
    assert page.url.endswith("/admin/connexion?next=/admin/compteurs")
    answer = visitor.post(f"{base_url}/admin/connexion", timeout=5, data={
        "pin": "482913", "csrf_token": csrf_from(page.text), "next": "/admin/compteurs"})
    assert answer.url.endswith("/admin/compteurs") and "Compteurs d&#39;attente" in answer.text


def test_expired_message_is_not_shown_as_current(base_url, kit):
    kit.state.set("message", {"text": "Fermé hier", "until": "2001-01-01T18:00:00+01:00"})
    mediator = logged_in_session(base_url, kit)
    assert "Fermé hier" not in mediator.get(f"{base_url}/admin/message", timeout=5).text
    kit.state.set("message", {"text": "Fermé lundi", "until": "2099-12-01T18:00:00+01:00"})
    html = mediator.get(f"{base_url}/admin/message", timeout=5).text
    assert "Fermé lundi" in html and "01/12/2099 18:00" in html


def test_statistics_in_french_spreadsheet_format(base_url, kit):
    kit.stats_csv = lambda name: "\ufeffcompteur;date;personnes reçues\nattente;2026-11-24;18\n"
    mediator = logged_in_session(base_url, kit)
    html = mediator.get(f"{base_url}/admin/compteurs/attente/statistiques", timeout=5).text
    assert '<th scope="col">compteur</th>' in html and "<td>18</td>" in html
    download = mediator.get(f"{base_url}/admin/compteurs/attente/statistiques.csv", timeout=5)
    assert download.content.decode("utf-8") == kit.stats_csv("attente")


def test_errors_in_the_admin_keep_its_menu(base_url, kit):
    mediator = logged_in_session(base_url, kit)
    page = mediator.get(f"{base_url}/admin/compteurs/inconnu/statistiques", timeout=5)
    assert page.status_code == 404 and "Cette page n&#39;existe pas." in page.text
    assert "Se déconnecter" in page.text and "Fermetures" in page.text  # the admin's menu is there
    import requests

    anonymous = requests.get(f"{base_url}/nulle-part", timeout=5)
    assert anonymous.status_code == 404 and "Se déconnecter" not in anonymous.text
