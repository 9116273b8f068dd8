"""The bilan's page, CSV and ODS files, and ``fabrique bilan`` over a generated year."""

from __future__ import annotations

import csv
import io
import re
import sqlite3
from datetime import date

from click.testing import CliRunner
from odf.opendocument import load
from odf.table import Table, TableCell, TableRow

from fabrique_kit.cli.app import build_cli
from fabrique_kit.i18n import use_language
from fabrique_kit.sources.counters import counter_db_path
from fabrique_kit.sources.counters.bilan import compute
from fabrique_kit.sources.counters.bilan_report import csv_text, render_html, write_all
from fabrique_kit.sources.counters.sample import write_sample_year


def small_bilan(queue, clock):
    queue.take_ticket()
    clock.advance(minutes=12)
    queue.call_next()
    clock.advance(minutes=20)
    queue.served()
    queue.turn_away("préfecture / droits des étrangers")
    return compute([queue.db_path], 2026, today=date(2026, 12, 1))


def test_csv_is_for_french_spreadsheets(queue, clock):
    text = csv_text(small_bilan(queue, clock))
    assert text.startswith("\ufeff") and "\r\n" in text
    rows = list(csv.reader(io.StringIO(text[1:]), delimiter=";"))
    header, first, total = rows[0], rows[1], rows[-1]
    assert header[:4] == ["lieu", "mois", "demi-journée", "permanences"]
    line = dict(zip(header, first, strict=True))
    assert (line["lieu"], line["mois"], line["demi-journée"]) == ("ESC Maurepas", "2026-03", "matin")
    assert (line["personnes reçues"], line["refus"], line["part des refus (%)"]) == ("1", "1", "50,0")
    assert line["attente moyenne (min)"] == "12,0" and line["durée moyenne d'accompagnement (min)"] == "20,0"
    assert line["refus : préfecture / droits des étrangers"] == "1"
    assert total[0] == "Total"


def test_page_ods_and_csv_are_written_side_by_side(tmp_path, queue, clock):
    bilan = small_bilan(queue, clock)
    page, csv_path, ods_path = write_all(bilan, tmp_path / "sortie" / "bilan.html")
    assert (csv_path.name, ods_path.name) == ("bilan.csv", "bilan.ods")
    html = page.read_text(encoding="utf-8")
    assert '<html lang="fr">' in html and "Bilan des permanences — 2026" in html
    assert html.count("<svg") == 3  # people by month, waits, kinds of request (pygal)
    assert "<script" not in html  # nothing runs: it prints offline, a strict CSP accepts it
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", html)  # nothing loaded from the network
    assert "50,0 %" in html and 'href="bilan.ods"' in html
    sheets = load(str(ods_path)).spreadsheet.getElementsByType(Table)
    assert [s.getAttribute("name") for s in sheets] == ["Par lieu et mois", "Par mois", "Types de demande"]
    cells = [[str(c) for c in row.getElementsByType(TableCell)]
             for row in sheets[0].getElementsByType(TableRow)]
    assert cells[0][:3] == ["lieu", "mois", "demi-journée"] and cells[1][0] == "ESC Maurepas"
    number = sheets[0].getElementsByType(TableRow)[1].getElementsByType(TableCell)[4]
    assert number.getAttribute("valuetype") == "float" and float(number.getAttribute("value")) == 1  # tickets


def test_page_in_english(queue, clock):
    bilan = small_bilan(queue, clock)
    with use_language("en"):
        html = render_html(bilan)
    assert '<html lang="en">' in html and "people received" in html and "50.0%" in html.replace(" ", "")
    assert "personnes reçues" not in html


def test_fabrique_bilan_over_a_generated_year(tmp_path):
    project = tmp_path / "afficheur"
    write_sample_year(counter_db_path(project, "attente"), 2026, events=20_000)
    with sqlite3.connect(counter_db_path(project, "attente")) as conn:
        assert 19_000 <= conn.execute("SELECT COUNT(*) FROM events").fetchone()[0] <= 21_000
    out = tmp_path / "bilan.html"
    result = CliRunner().invoke(build_cli(), ["bilan", str(project), "--annee", "2026", "-o", str(out)])
    assert result.exit_code == 0, result.output
    first = result.output.splitlines()[:2]
    assert first[0] == "Bilan des permanences — 2026"
    assert re.match(r"Total : [\d\s]+ personnes reçues, [\d\s]+ refus \(\d+,\d\s%\), ", first[1])
    assert "janvier 2026" in result.output and "décembre 2026" in result.output
    assert out.exists() and out.with_suffix(".csv").exists() and out.with_suffix(".ods").exists()
    assert "Fichiers écrits" in result.output
    missing = CliRunner().invoke(build_cli(), ["bilan", str(tmp_path / "vide"), "--annee", "2026"])
    assert missing.exit_code == 1 and "Aucun compteur" in missing.output and "Traceback" not in missing.output
