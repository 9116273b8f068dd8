"""The semainier file: broken fixtures are located by line and field, and explained."""

import copy
import json
from pathlib import Path

import jsonschema
import pytest

from fabrique_kit.errors import DataError, field_name
from fabrique_kit.i18n import use_language
from fabrique_kit.sources.semainier import SAMPLE, load_semainier, validate_semainier
from fabrique_kit.sources.semainier.json_lines import load_with_lines
from fabrique_kit.sources.semainier.validate import check_text

FIXTURES = Path(__file__).parent / "fixtures" / "semainier"
SCHEMA = json.loads((Path(__file__).parents[2] / "docs" / "semainier.schema.json").read_text("utf-8"))


def errors(name):
    return [p for p in validate_semainier(FIXTURES / name) if p.severity == "error"]


def minimal(**slot):
    base = {"jour": "lundi", "debut": "09:30", "fin": "12:00", "service": "Permanence numérique"}
    base.update(slot)
    return {"lieux": [{"nom": "Maurepas", "creneaux": [base]}]}


def test_lines_of_keys_and_items_are_recorded():
    data, lines, duplicates = load_with_lines('{"lieux": [\n  {"nom": "A"},\n  {"nom": "B", "nom": "C"}\n]}')
    assert data["lieux"][1]["nom"] == "C"
    assert lines[("lieux", 0, "nom")] == 2
    assert lines[("lieux", 1)] == 3
    assert duplicates == [(("lieux", 1, "nom"), 3)]
    assert field_name(("lieux", 0, "creneaux", 3, "fin")) == "lieux[0].creneaux[3].fin"


def test_end_before_start_is_located_on_the_end_key():
    [problem] = errors("fin-avant-debut.json")
    assert problem.line == 12
    assert problem.field == "lieux[0].creneaux[3].fin"
    assert problem.message == "créneau 4 : la fin 11:00 est avant le début 14:00."
    assert problem.file.endswith("fin-avant-debut.json")


def test_bad_times_say_how_to_write_them():
    first, second = errors("heures-invalides.json")
    assert (first.line, first.field) == (6, "lieux[0].creneaux[0].debut")
    assert "« 9h »" in first.message and "« 09:00 »" in first.hint
    assert (second.line, second.field) == (7, "lieux[0].creneaux[1].fin")
    assert "25:00" in second.message and "23:59" in second.hint


def test_unknown_day_suggests_the_right_one_and_accepts_capitals():
    [problem] = errors("jour-inconnu.json")  # "LUNDI" on line 6 is fine
    assert (problem.line, problem.field) == (7, "lieux[0].creneaux[1].jour")
    assert "mecredi" in problem.message
    assert "mercredi" in problem.hint


def test_missing_service_points_at_the_slot():
    [problem] = errors("service-manquant.json")
    assert problem.line == 6
    assert problem.field == "lieux[0].creneaux[0]"
    assert "« service » manque" in problem.message


def test_unknown_keys_get_a_suggestion_and_accents_are_explained():
    problems = errors("cles-inconnues.json")
    by_field = {p.field: p for p in problems}
    assert "Vouliez-vous dire « salle »" in by_field["lieux[0].creneaux[0].salel"].hint
    assert by_field["lieux[0].creneaux[0].salel"].line == 6
    accent = by_field["lieux[0].séances_exceptionnelles"]
    assert accent.line == 8 and "seances_exceptionnelles" in accent.hint


def test_broken_json_gives_line_and_a_french_explanation():
    [problem] = errors("json-casse.json")
    assert problem.line == 7
    assert "JSON" in problem.message and "virgule en trop" in problem.message


def test_overlap_in_one_room_is_only_a_warning():
    problems = validate_semainier(FIXTURES / "chevauchement.json")
    assert [p.severity for p in problems] == ["warning"]
    assert problems[0].field == "lieux[0].creneaux[1]"
    assert "Salle 2" in problems[0].message
    assert load_semainier(FIXTURES / "chevauchement.json").places[0].slots[1].room == "Salle 2"


def test_cancellation_without_slot_and_backwards_closure_are_errors():
    problems = errors("annulation-orpheline.json")
    fields = [p.field for p in problems]
    assert fields == ["lieux[0].annulations[1]", "lieux[0].fermetures[0].au"]  # sorted by line
    assert problems[0].line == 10 and "mardi 2026-12-08" in problems[0].message
    assert problems[1].line == 13


def test_load_raises_data_error_with_every_problem():
    with pytest.raises(DataError) as caught:
        load_semainier(FIXTURES / "heures-invalides.json")
    assert len(caught.value.errors) == 2
    assert "ligne 6" in str(caught.value)


def test_missing_file_is_a_problem_not_a_traceback(tmp_path):
    [problem] = validate_semainier(tmp_path / "absent.json")
    assert "introuvable" in problem.message


def test_messages_are_translated_to_english():
    with use_language("en"):
        [problem] = errors("fin-avant-debut.json")
        where = str(problem)
        [day] = errors("jour-inconnu.json")
    assert problem.message == "slot 4: the end 11:00 is before the start 14:00."
    assert "line 12" in where
    assert day.message == "slot 2: the day “mecredi” is unknown."


@pytest.mark.parametrize(
    "document, field, words",
    [
        (minimal(jour="Funday"), "lieux[0].creneaux[0].jour", "Funday"),
        (minimal(sur_rendez_vous=True, libre=True), "lieux[0].creneaux[0].libre", "contredisent"),
        (minimal(animateur="A", qui="B"), "lieux[0].creneaux[0].qui", "animateur"),
        (minimal(sur_rendez_vous="oui"), "lieux[0].creneaux[0].sur_rendez_vous", "true ou false"),
        ({"lieux": []}, "lieux", "au moins un lieu"),
        ({"lieux": [{"nom": "A"}], "valable_du": "2026-13-01"}, "valable_du", "2026-13-01"),
        ({"lieux": [{"nom": "A", "horaires": {"lundi": "9-12"}}]}, "lieux[0].horaires.lundi", "9-12"),
        ({"lieux": [{"nom": "A"}, {"nom": "a"}]}, "lieux[1].nom", "même nom"),
        ({"lieux": [{"nom": "A", "fermetures": [{"date": "2026-12-24", "du": "2026-12-24"}]}]},
         "lieux[0].fermetures[0].date", "pas les deux"),
    ],
)
def test_semantic_errors(document, field, words):
    semainier, problems = check_text(json.dumps(document, indent=2), "x.json")
    assert semainier is None
    assert any(p.field == field and words in p.message for p in problems), problems


def test_opening_hours_accept_text_list_and_closed_days():
    document = {"lieux": [{"nom": "A", "horaires": {
        "Lundi": "09:00-12:30, 13:30-18:00", "mardi": ["09:00-12:00"], "mercredi": "fermé"}}]}
    semainier, problems = check_text(json.dumps(document))
    assert problems == []
    hours = semainier.places[0].hours
    assert [f"{a:%H:%M}-{b:%H:%M}" for a, b in hours[0]] == ["09:00-12:30", "13:30-18:00"]
    assert len(hours[1]) == 1 and hours[2] == ()


def test_slot_outside_opening_hours_is_a_warning():
    document = minimal(debut="08:00")
    document["lieux"][0]["horaires"] = {"lundi": "09:00-12:30"}
    semainier, problems = check_text(json.dumps(document))
    assert semainier is not None
    assert [p.severity for p in problems] == ["warning"] and "déborde" in problems[0].message


# -- the JSON Schema matches the validator -----------------------------------------
def test_sample_is_valid_for_the_validator_and_the_schema():
    assert [p for p in validate_semainier(SAMPLE) if p.severity == "error"] == []
    data = json.loads(SAMPLE.read_text("utf-8"))
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    jsonschema.validate(data, SCHEMA)


@pytest.mark.parametrize(
    "change",
    [
        lambda d: d["lieux"][0]["creneaux"][0].update(debut="25:00"),
        lambda d: d["lieux"][0]["creneaux"][0].update(debut="9h"),
        lambda d: d["lieux"][0]["creneaux"][0].update(jour="lundii"),
        lambda d: d["lieux"][0]["creneaux"][0].pop("service"),
        lambda d: d["lieux"][0]["creneaux"][0].update(salel="Salle 2"),
        lambda d: d["lieux"][0].update(horaires={"lundi": "9h-12h"}),
        lambda d: d["lieux"][0].update(annulations=[{"date": "2026-12-07", "motif": "?"}]),
        lambda d: d.update(valable_du="01/09/2026"),
        lambda d: d.update(lieux=[]),
    ],
)
def test_schema_rejects_what_the_validator_rejects(change):
    data = json.loads(SAMPLE.read_text("utf-8"))
    broken = copy.deepcopy(data)
    change(broken)
    semainier, problems = check_text(json.dumps(broken, ensure_ascii=False, indent=2))
    assert semainier is None and any(p.severity == "error" for p in problems)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(broken, SCHEMA)


def test_schema_accepts_capitalised_days_like_the_validator():
    document = minimal(jour="Mercredi")
    jsonschema.validate(document, SCHEMA)
    assert check_text(json.dumps(document))[0].places[0].slots[0].weekday == 2


def test_english_catalogue_keeps_every_placeholder():
    import re

    from babel.messages.pofile import read_po

    po = Path(__file__).parents[2] / "fabrique_kit/i18n/locales/en/LC_MESSAGES/semainier.po"
    with po.open("rb") as handle:
        catalog = read_po(handle, locale="en")
    entries = [m for m in catalog if m.id]
    assert len(entries) > 100
    for message in entries:
        assert message.string, message.id
        assert set(re.findall(r"{\w+}", message.id)) == set(re.findall(r"{\w+}", message.string)), message.id
