"""The ``semainier`` click commands: located problems and exit 1, never a traceback."""

import json
import shutil
from pathlib import Path

import icalendar
import pytest
from click.testing import CliRunner

from fabrique_kit.cli.semainier import semainier
from fabrique_kit.sources.semainier import SAMPLE, load_semainier

FIXTURES = Path(__file__).parent / "fixtures" / "semainier"


@pytest.fixture
def run():
    runner = CliRunner()

    def invoke(*args):
        return runner.invoke(semainier, [str(a) for a in args])

    return invoke


def test_check_a_good_file(run):
    result = run("check", SAMPLE)
    assert result.exit_code == 0
    assert "valide : 6 lieu(x), 19 créneau(x)" in result.output


def test_check_a_broken_file_prints_located_problems(run):
    result = run("check", FIXTURES / "fin-avant-debut.json")
    assert result.exit_code == 1
    assert "ligne 12" in result.output and "lieux[0].creneaux[3].fin" in result.output
    assert "Traceback" not in result.output and not isinstance(result.exception, ValueError)


def test_check_shows_warnings_but_succeeds(run):
    result = run("check", FIXTURES / "chevauchement.json")
    assert result.exit_code == 0
    assert "Attention" in result.output and "chevauche" in result.output


def test_check_a_missing_file(run, tmp_path):
    result = run("check", tmp_path / "absent.json")
    assert result.exit_code == 1 and "introuvable" in result.output


def test_show_prints_a_table_of_the_day(run):
    result = run("show", SAMPLE, "--date", "2026-12-07")
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0] == "Séances du lundi 07/12/2026"
    assert lines[1].split()[:2] == ["Horaire", "Service"]
    maurepas = next(line for line in lines if "Maurepas" in line)
    assert maurepas.startswith("09:30-12:00") and "ANNULÉ (Formation de l'équipe)" in maurepas


def test_show_a_place_and_a_closed_day(run):
    result = run("show", SAMPLE, "--date", "2026-12-07", "--place", "Blosne")
    assert result.exit_code == 0 and "Maurepas" not in result.output and "14:00-17:00" in result.output
    result = run("show", SAMPLE, "--date", "2026-12-25")
    assert result.exit_code == 0 and "Fermé : Jour férié : Noël" in result.output


def test_show_mistakes_exit_1(run):
    result = run("show", SAMPLE, "--date", "07/12/2026")
    assert result.exit_code == 1 and "AAAA-MM-JJ" in result.output
    result = run("show", SAMPLE, "--place", "Maurpas")
    assert result.exit_code == 1 and "Vouliez-vous dire « Espace Social Commun Maurepas »" in result.output


def test_import_ics_writes_a_valid_semainier(run, tmp_path):
    out = tmp_path / "semainier.json"
    result = run("import-ics", FIXTURES / "agenda-villejean.ics", "-o", out,
                 "--from", "2026-11-01", "--to", "2026-12-31", "--place", "ESC Villejean")
    assert result.exit_code == 0, result.output
    assert "Attention" in result.output  # the all-day event left out
    planning = load_semainier(out)
    assert planning.places[0].name == "ESC Villejean" and len(planning.places[0].slots) == 2


def test_import_ics_of_a_missing_file_exits_1(run, tmp_path):
    result = run("import-ics", tmp_path / "absent.ics", "-o", tmp_path / "out.json")
    assert result.exit_code == 1 and "introuvable" in result.output
    assert not (tmp_path / "out.json").exists()


def test_import_mednum(run, tmp_path):
    out = tmp_path / "semainier.json"
    result = run("import-mednum", FIXTURES / "lieux-mediation-numerique.csv", "--commune", "Rennes", "-o", out)
    assert result.exit_code == 0, result.output
    assert "ligne 4" in result.output and "non prise en charge" in result.output
    assert len(json.loads(out.read_text("utf-8"))["lieux"]) == 3


def test_export_ics(run, tmp_path):
    out = tmp_path / "semainier.ics"
    result = run("export-ics", SAMPLE, "-o", out, "--from", "2026-11-01", "--to", "2027-01-31")
    assert result.exit_code == 0, result.output
    calendar = icalendar.Calendar.from_ical(out.read_bytes())
    assert len([e for e in calendar.walk("VEVENT") if "RRULE" in e]) == 19


def test_export_of_a_broken_file_exits_1(run, tmp_path):
    broken = tmp_path / "semainier.json"
    shutil.copy(FIXTURES / "jour-inconnu.json", broken)
    result = run("export-ics", broken, "-o", tmp_path / "out.ics")
    assert result.exit_code == 1 and "mecredi" in result.output
