"""Anonymous statistics of a counter, checked on a hand-computed day; CSV; the CLI command."""

from __future__ import annotations

import csv
import io

import pytest
from click.testing import CliRunner

from fabrique_kit.cli.counters import stats_command
from fabrique_kit.clock import FakeClock
from fabrique_kit.errors import FabriqueError
from fabrique_kit.sources.counters import Counter, counter_db_path
from fabrique_kit.sources.counters.figures import (
    COLUMNS,
    csv_text,
    format_table,
    parse_day,
    stats,
    total,
    write_csv,
)


def at(clock: FakeClock, hhmm: str, day: str = "2026-11-23") -> None:
    clock.set(f"{day} {hhmm}")


@pytest.fixture
def scenario(tmp_path):
    """Monday 23 November 2026 at ESC Maurepas, two desks, then one ticket on Tuesday.

    Morning: tickets 1, 2, 3 at 9:00, 9:05, 9:10; 1 called 9:20 (desk 1), 2 called 9:30
    (desk 2); 1 served 9:50; 3 called 10:00, absent 10:05; 2 served 10:10; ticket 4 at
    10:20, still waiting when the session is closed at 12:00.
    → 4 tickets, 2 served, 1 absent, 1 left; waits 20, 25, 50 min (mean 31.7, median 25);
    services 30 and 40 min (mean 35).

    Afternoon: tickets 5, 6 at 14:00, 14:02; 5 called 14:10; "next" at 14:40 serves 5 and
    calls 6; the session is closed at 15:00 with 6 at the desk (served).
    → 2 tickets, 2 served; waits 10 and 38 (mean 24, median 24); services 30 and 20 (25).

    Tuesday 10:00: ticket 1 taken, never called, no close.
    """
    clock = FakeClock("2026-11-23 09:00")
    queue = Counter("attente", db_path=counter_db_path(tmp_path, "attente"), clock=clock, desks=2,
                    place="ESC Maurepas")
    steps = [
        ("09:00", queue.take_ticket), ("09:05", queue.take_ticket), ("09:10", queue.take_ticket),
        ("09:20", lambda: queue.call_next(desk=1)), ("09:30", lambda: queue.call_next(desk=2)),
        ("09:50", lambda: queue.served(desk=1)), ("10:00", lambda: queue.call_next(desk=1)),
        ("10:05", lambda: queue.absent(desk=1)), ("10:10", lambda: queue.served(desk=2)),
        ("10:20", queue.take_ticket), ("12:00", queue.close_session),
        ("14:00", queue.take_ticket), ("14:02", queue.take_ticket),
        ("14:10", lambda: queue.call_next(desk=1)), ("14:40", lambda: queue.call_next(desk=1)),
        ("15:00", queue.close_session),
    ]
    for hhmm, action in steps:
        at(clock, hhmm)
        action()
    at(clock, "10:00", "2026-11-24")
    queue.take_ticket()
    yield queue, clock, tmp_path
    queue.close()


MORNING = {"counter": "attente", "day": "2026-11-23", "period": "matin", "place": "ESC Maurepas",
           "tickets": 4, "served": 2, "absent": 1, "left_without_help": 1, "in_progress": 0,
           "wait_avg_min": 31.7, "wait_median_min": 25.0, "service_avg_min": 35.0}
AFTERNOON = {"counter": "attente", "day": "2026-11-23", "period": "après-midi", "place": "ESC Maurepas",
             "tickets": 2, "served": 2, "absent": 0, "left_without_help": 0, "in_progress": 0,
             "wait_avg_min": 24.0, "wait_median_min": 24.0, "service_avg_min": 25.0}


def test_hand_computed_day(scenario):
    queue, clock, _ = scenario
    rows = stats(queue.db_path, until="2026-11-23", clock=clock)
    assert rows == [MORNING, AFTERNOON]


def test_today_waiting_is_in_progress_then_left_the_next_day(scenario):
    queue, clock, _ = scenario
    today = stats(queue, since="2026-11-24")
    assert [(r["tickets"], r["in_progress"], r["left_without_help"]) for r in today] == [(1, 1, 0)]
    clock.set("2026-11-25 08:00")
    later = stats(queue, since="24/11/2026")
    assert [(r["tickets"], r["in_progress"], r["left_without_help"]) for r in later] == [(1, 0, 1)]
    assert later[0]["wait_avg_min"] is None


def test_total_over_a_period(scenario):
    queue, clock, _ = scenario
    summary = total(queue, since="2026-11-23", until="2026-11-23")
    assert (summary["tickets"], summary["served"], summary["absent"], summary["left_without_help"]) == (6, 4, 1, 1)
    assert summary["wait_median_min"] == 25.0  # of 20, 25, 50, 10, 38
    assert summary["service_avg_min"] == 30.0  # (30 + 40 + 30 + 20) / 4


def test_reset_counts_waiting_as_left(tmp_path):
    clock = FakeClock("2026-11-23 14:00")
    queue = Counter("accueil", db_path=tmp_path / "a.sqlite3", clock=clock)
    queue.take_ticket(), queue.take_ticket()
    queue.reset()
    queue.take_ticket()
    rows = stats(queue)
    assert [(r["tickets"], r["left_without_help"], r["in_progress"]) for r in rows] == [(3, 2, 1)]
    queue.close()


def test_csv_for_french_spreadsheets(tmp_path):
    path = tmp_path / "stats.csv"
    write_csv([MORNING, AFTERNOON], path)
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM for Excel
    lines = raw.decode("utf-8-sig").split("\r\n")
    assert lines[0] == ";".join(COLUMNS.values())
    assert lines[0].startswith("compteur;date;demi-journée;lieu;tickets;personnes reçues")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert rows[0]["attente moyenne (min)"] == "31,7"
    assert rows[1]["demi-journée"] == "après-midi" and rows[1]["partis sans aide"] == "0"


def test_csv_into_an_open_file_has_one_bom():
    handle = io.StringIO()
    write_csv([MORNING], handle)
    text = handle.getvalue()
    assert text.startswith("\ufeffcompteur;") and text.count("\ufeff") == 1


def test_csv_text_for_downloads():
    text = csv_text([MORNING])
    assert text.startswith("\ufeffcompteur;date;")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    assert rows[1][:4] == ["attente", "2026-11-23", "matin", "ESC Maurepas"]
    assert not csv_text([], bom=False).startswith("\ufeff")


def test_readable_table():
    table = format_table([MORNING, AFTERNOON], {"tickets": 6, "served": 4, "wait_avg_min": 28.6})
    lines = table.splitlines()
    assert lines[0].split()[:3] == ["Date", "Demi-journée", "Lieu"]
    assert "31,7 min" in lines[2] and "après-midi" in lines[3] and lines[-1].startswith("Total")
    assert format_table([]) == "Aucun ticket sur cette période."


def test_parse_day():
    assert str(parse_day("23/11/2026")) == "2026-11-23"
    with pytest.raises(FabriqueError, match="n'est pas une date"):
        parse_day("lundi")


def test_stats_command(scenario):
    _queue, _clock, project = scenario
    runner = CliRunner()
    result = runner.invoke(stats_command, [str(project), "--until", "2026-11-23",
                                           "--csv", str(project / "out.csv")])
    assert result.exit_code == 0, result.output
    assert "Compteur « attente »" in result.output
    assert "matin" in result.output and "31,7 min" in result.output
    assert (project / "out.csv").read_bytes().count(b"\r\n") == 3  # header + 2 rows


def test_stats_command_errors(tmp_path):
    runner = CliRunner()
    result = runner.invoke(stats_command, [str(tmp_path)])
    assert result.exit_code == 1 and "Aucun compteur" in result.output
    result = runner.invoke(stats_command, [str(tmp_path), "--since", "hier"])
    assert result.exit_code == 1 and "« hier » n'est pas une date" in result.output


def test_stats_command_for_one_counter(scenario):
    _queue, _clock, project = scenario
    runner = CliRunner()
    result = runner.invoke(stats_command, [str(project), "--compteur", "attente", "--since", "2026-11-24"])
    assert result.exit_code == 0 and "2026-11-24" in result.output and "2026-11-23" not in result.output
    result = runner.invoke(stats_command, [str(project), "--compteur", "accueil"])
    assert result.exit_code == 1 and "« accueil » n'a pas de fichier" in result.output


def test_names_the_kit_and_the_cli_use(scenario):
    import click

    from fabrique_kit.cli import counters as counter_commands
    from fabrique_kit.sources import counters

    queue, clock, _ = scenario
    assert isinstance(counter_commands.stats, click.Command) and counter_commands.stats.name == "stats"
    assert counters.stats(queue, until="2026-11-23") == [MORNING, AFTERNOON]
    handle = io.StringIO()
    counters.write_csv([MORNING], handle)
    assert handle.getvalue().startswith("\ufeffcompteur;")
