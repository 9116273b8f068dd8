"""The semainier editing helpers behind the exceptions page (sources/semainier/edit.py),
checked against the real semainier validation: what they write is what a person would
write by hand, and the file still reads."""

from __future__ import annotations

import json
from datetime import date, time

import pytest

from fabrique_kit.errors import DataError
from fabrique_kit.sources.semainier import edit, load_semainier, save_semainier


def document() -> dict:
    return {"fermetures": [{"du": "2026-12-24", "au": "2026-12-26", "motif": "Fêtes"}],
            "lieux": [{"nom": "Espace Social Commun Maurepas",
                       "creneaux": [{"jour": "mardi", "debut": "14:00", "fin": "17:00",
                                     "service": "Permanence numérique"}]},
                      {"nom": "Carrefour 18", "creneaux": []}]}


def test_each_exception_is_written_as_by_hand_and_reads_back(tmp_path):
    doc = document()
    assert edit.place_index(doc, "maurepas") == 0 and edit.place_index(doc, "Carrefour 18") == 1
    assert edit.place_index(doc, "Kléber") is None
    edit.add_closure(doc, 0, date(2026, 12, 8), reason="  Formation   de l'équipe ")
    edit.add_closure(doc, 1, date(2027, 7, 20), date(2027, 8, 15), "Congés d'été")
    edit.add_cancellation(doc, 0, date(2026, 12, 15), time(14), reason="Animatrice absente")
    edit.add_extra_session(doc, 0, date(2026, 12, 9), time(16), time(17, 30), "Atelier CAF", room="Salle 2")
    place = doc["lieux"][0]
    assert place["fermetures"] == [{"date": "2026-12-08", "motif": "Formation de l'équipe"}]
    assert place["annulations"] == [{"date": "2026-12-15", "debut": "14:00", "motif": "Animatrice absente"}]
    assert place["seances_exceptionnelles"] == [{"date": "2026-12-09", "debut": "16:00", "fin": "17:30",
                                                 "service": "Atelier CAF", "salle": "Salle 2"}]
    assert doc["lieux"][1]["fermetures"] == [{"du": "2027-07-20", "au": "2027-08-15", "motif": "Congés d'été"}]
    path = tmp_path / "semainier.json"
    path.write_text(json.dumps(document()), encoding="utf-8")
    save_semainier(path, doc)
    planning = load_semainier(path)
    assert planning.closure(date(2026, 12, 8), "Maurepas") == "Formation de l'équipe"
    assert [s.reason for s in planning.sessions_on(date(2026, 12, 15), "Maurepas")] == ["Animatrice absente"]
    assert edit.previous_version(path) == document()  # the .bak is the version before


def test_the_list_is_by_date_from_today_with_the_shared_closures():
    doc = document()
    edit.add_closure(doc, 0, date(2026, 11, 2), reason="Passée")
    edit.add_cancellation(doc, 0, date(2026, 12, 1), time(14), reason="Réunion")
    found = edit.list_exceptions(doc, 0, today=date(2026, 11, 23))
    assert [(e["kind"], e["scope"], e["reason"]) for e in found] == [
        ("annulation", 0, "Réunion"), ("fermeture", None, "Fêtes")]
    assert found[1]["last"] == date(2026, 12, 26)


def test_refusals_say_which_field():
    doc = document()
    with pytest.raises(DataError) as no_reason:
        edit.add_closure(doc, 0, date(2026, 12, 8), reason=" ")
    assert no_reason.value.problems[0].field == "motif"
    with pytest.raises(DataError) as backwards:
        edit.add_closure(doc, 0, date(2026, 12, 8), date(2026, 12, 1), "Congés")
    assert backwards.value.problems[0].field == "au"
    with pytest.raises(DataError, match="n'existe plus"):
        edit.remove_exception(doc, 0, "fermeture", 3)
    with pytest.raises(DataError, match="n'existe pas"):
        edit.add_extra_session(doc, 7, date(2026, 12, 9), time(16), time(17), "Atelier")
    assert doc == document()  # nothing half-changed
    assert edit.remove_exception(doc, None, "fermeture", 0)["motif"] == "Fêtes"
