"""The sample semainier exported in the national schema « Lieux de médiation numérique »
validates against the schema's own schema.json (frictionless), and imports back."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from fabrique_kit.city.national import (
    COLUMNS,
    import_national,
    national_rows,
    split_address,
    write_national,
)
from fabrique_kit.sources.semainier import load_semainier
from fabrique_kit.sources.semainier.importers.mednum import parse_opening_hours
from tests.city.conftest import SAMPLE

frictionless = pytest.importorskip("frictionless")
SCHEMA = Path(__file__).parent / "data" / "lieux-mediation-numerique.schema.json"
PIVOTS = {"espace-social-commun-maurepas": "21350238800019", "espace-social-commun-villejean": "21350238800027",
          "espace-social-commun-le-blosne": "21350238800035"}


def report(rows_or_path, basepath=None):
    schema = frictionless.Schema.from_descriptor(json.loads(SCHEMA.read_text(encoding="utf-8")))
    if isinstance(rows_or_path, list):
        resource = frictionless.Resource(data=rows_or_path, schema=schema)
    else:
        resource = frictionless.Resource(path=rows_or_path.name, basepath=str(basepath), schema=schema)
    result = resource.validate()
    return result.valid, [error.message for task in result.tasks for error in task.errors]


@pytest.fixture(scope="module")
def exported():
    semainier = load_semainier(SAMPLE)
    rows, warnings = national_rows(semainier, pivots=PIVOTS, updated=date(2026, 11, 23), source="Ville de Rennes")
    return semainier, rows, warnings


def test_the_csv_export_of_the_sample_validates_against_the_national_schema(exported, tmp_path):
    _semainier, rows, _warnings = exported
    assert len(rows) == len(PIVOTS)
    path = write_national(tmp_path / "lieux.csv", rows)
    assert path.read_text(encoding="utf-8").partition("\n")[0] == ",".join(COLUMNS)
    valid, errors = report(path, tmp_path)
    assert valid, errors
    maurepas = rows[0]
    assert (maurepas["adresse"], maurepas["code_postal"], maurepas["commune"]) == ("Place du Gros Chêne", "35700", "Rennes")
    assert maurepas["horaires"].startswith("Mo-We 09:00-12:30,13:30-17:30; Th 13:30-17:30; Fr 09:00-12:30,13:30-16:30")
    assert "Aide aux démarches administratives" in maurepas["services"].split("|")


def test_the_json_export_validates_too(exported, tmp_path):
    _semainier, rows, _warnings = exported
    path = write_national(tmp_path / "lieux.json", rows)
    valid, errors = report(json.loads(path.read_text(encoding="utf-8")))
    assert valid, errors


def test_a_broken_row_is_refused_by_the_schema(exported):
    _semainier, rows, _warnings = exported
    broken = [dict(rows[0], code_postal="357", pivot="12")]
    valid, errors = report(broken)
    assert not valid and any("code_postal" in e for e in errors) and any("pivot" in e for e in errors)


def test_a_place_without_siret_is_left_out_with_a_french_warning():
    semainier = load_semainier(SAMPLE)
    rows, warnings = national_rows(semainier, pivots={"espace-social-commun-maurepas": "21350238800019"})
    assert [r["nom"] for r in rows] == ["Espace Social Commun Maurepas"]
    assert "pas de SIRET ou RNA" in warnings[0].message
    assert split_address("Quelque part") is None


@pytest.mark.parametrize("suffix", [".csv", ".json"])
def test_the_export_imports_back_with_the_same_hours(exported, tmp_path, suffix):
    semainier, rows, _warnings = exported
    document, problems = import_national(write_national(tmp_path / f"lieux{suffix}", rows))
    assert problems == []
    names = [p["nom"] for p in document["lieux"]]
    assert names == [p.name for p in semainier.places if p.name in {r["nom"] for r in rows}]
    for row in rows:
        hours, holidays_off = parse_opening_hours(row["horaires"])
        assert holidays_off
        place = next(p for p in semainier.places if p.name == row["nom"])
        expected = {day: [f"{a:%H:%M}-{b:%H:%M}" for a, b in ranges] for day, ranges in enumerate(place.hours) if ranges}
        assert hours == expected
