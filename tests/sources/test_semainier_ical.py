"""iCalendar import (file and http URL) and export of the semainier."""

import functools
import json
import threading
from collections import Counter
from datetime import date, datetime, timedelta
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import icalendar
import pytest
import recurring_ical_events

from fabrique_kit.clock import PARIS
from fabrique_kit.errors import DataError
from fabrique_kit.sources.semainier import SAMPLE, load_semainier, save_semainier
from fabrique_kit.sources.semainier.importers.ical import export_ics, import_ics
from fabrique_kit.sources.semainier.validate import check_text

FIXTURES = Path(__file__).parent / "fixtures" / "semainier"
AGENDA = FIXTURES / "agenda-villejean.ics"
NOVEMBER = {"start": date(2026, 11, 1), "end": date(2026, 12, 31)}


def paris(text):
    return datetime.fromisoformat(text).replace(tzinfo=PARIS)


def imported(source=str(AGENDA), **window):
    document, warnings = import_ics(source, **(window or NOVEMBER))
    semainier, problems = check_text(json.dumps(document, ensure_ascii=False))
    assert semainier is not None, problems
    return document, warnings, semainier


def test_weekly_events_become_slots_with_their_details():
    document, _warnings, semainier = imported()
    place = document["lieux"][0]
    assert place["nom"] == "Espace Social Commun Villejean"  # from X-WR-CALNAME
    tuesday, thursday = place["creneaux"]
    assert (tuesday["jour"], tuesday["debut"], tuesday["fin"]) == ("mardi", "09:30", "12:00")
    assert tuesday["libre"] is True and tuesday["note"] == "Préfecture, titres de séjour, CAF"
    assert tuesday["salle"] == "Salle polyvalente"
    # written in UTC in the agenda: 13:00Z is 14:00 in Paris in winter
    assert (thursday["debut"], thursday["au"], thursday["sur_rendez_vous"]) == ("14:00", "2026-12-17", True)


def test_exceptions_become_cancellations_and_one_offs():
    _document, _warnings, semainier = imported()
    exdate = semainier.today(paris("2026-11-10 08:00"))
    assert [s.cancelled for s in exdate] == [True]
    moved = semainier.today(paris("2026-11-17 08:00"))
    assert [(s.start.hour, s.cancelled) for s in moved] == [(9, True), (14, False)]
    assert moved[1].end == paris("2026-11-17 16:30")
    cancelled = semainier.today(paris("2026-11-24 08:00"))
    assert [s.cancelled for s in cancelled] == [True]
    regular = semainier.today(paris("2026-12-01 08:00"))
    assert [(s.start, s.cancelled) for s in regular] == [(paris("2026-12-01 09:30"), False)]


def test_other_recurrences_and_single_events_are_expanded_into_one_offs():
    _document, warnings, semainier = imported()
    workshops = [d for d in (date(2026, 11, 4), date(2026, 11, 18), date(2026, 12, 2))
                 if [s.service for s in semainier.sessions_on(d)] == ["Atelier numérique"]]
    assert len(workshops) == 3
    assert semainier.sessions_on(date(2026, 12, 16), service="Atelier") == []  # COUNT=3 ended
    assert semainier.sessions_on(date(2026, 11, 27))[0].service == "Espace Ressources Emploi — forum"
    assert len(warnings) == 1 and "Fermeture de fin d’année" in warnings[0].message


def test_import_from_an_http_url(tmp_path):
    handler = functools.partial(SimpleHTTPRequestHandler, directory=str(FIXTURES))
    handler.log_message = lambda *args: None
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/agenda-villejean.ics"
        document, _warnings, _semainier = imported(url, **NOVEMBER)
        assert [s["jour"] for s in document["lieux"][0]["creneaux"]] == ["mardi", "jeudi"]
        with pytest.raises(DataError) as caught:
            import_ics(url.replace("villejean", "absent"), **NOVEMBER)
        assert "404" in str(caught.value)
    finally:
        server.shutdown()
        server.server_close()


def test_unreachable_url_and_bad_file_are_data_errors(tmp_path):
    with pytest.raises(DataError):
        import_ics("http://127.0.0.1:9/agenda.ics", timeout=1)
    bad = tmp_path / "bad.ics"
    bad.write_text("BEGIN:VCALENDAR\nnot a calendar")
    with pytest.raises(DataError) as caught:
        import_ics(str(bad))
    assert "iCalendar" in str(caught.value)


def occurrences(data: bytes, start: date, end: date) -> Counter:
    calendar = icalendar.Calendar.from_ical(data)
    found = Counter()
    for event in recurring_ical_events.of(calendar).between(start, end + timedelta(days=1)):
        found[(event["DTSTART"].dt.astimezone(PARIS), event["DTEND"].dt.astimezone(PARIS),
               str(event["SUMMARY"]))] += 1
    return found


def sessions(semainier, start: date, end: date) -> Counter:
    found = Counter()
    day = start
    while day <= end:
        for s in semainier.sessions_on(day):
            if not s.cancelled:
                found[(s.start, s.end, s.service)] += 1
        day += timedelta(days=1)
    return found


def test_export_matches_the_schedule_day_by_day():
    sample = load_semainier(SAMPLE)
    start, end = date(2026, 10, 1), date(2027, 3, 31)
    data = export_ics(sample, start=start, end=end)
    calendar = icalendar.Calendar.from_ical(data)
    first = next(e for e in calendar.walk("VEVENT") if "RRULE" in e)
    assert first["DTSTART"].params["TZID"] == "Europe/Paris"
    assert first["RRULE"]["FREQ"] == ["WEEKLY"]
    assert calendar.walk("VTIMEZONE")[0]["TZID"] == "Europe/Paris"
    expected = sessions(sample, start, end)
    assert occurrences(data, start, end) == expected
    assert sum(expected.values()) > 300
    # Christmas (public holiday) and the cancellation of 7 December are excluded
    assert not any(k[0].date() == date(2026, 12, 25) for k in expected)
    assert (paris("2026-12-07 09:30"), paris("2026-12-07 12:00"),
            "Permanence numérique — démarches accompagnées") in expected  # Kléber still runs


def test_export_then_import_gives_the_same_sessions(tmp_path):
    sample = load_semainier(SAMPLE)
    start, end = date(2026, 11, 1), date(2027, 1, 31)
    path = tmp_path / "export.ics"
    path.write_bytes(export_ics(sample, start=start, end=end))
    document, _warnings = import_ics(str(path), start=start, end=end)
    save_semainier(tmp_path / "semainier.json", document)
    again = load_semainier(tmp_path / "semainier.json")
    assert sessions(again, start, end) == sessions(sample, start, end)
    assert sorted(p.name for p in again.places) == sorted(p.name for p in sample.places)
    maurepas = again.today(paris("2026-12-07 08:00"), place="Maurepas")
    assert [(s.room, s.cancelled) for s in maurepas] == [("Salle 2", True)]


def test_a_broken_recurrence_rule_is_a_data_error(tmp_path):
    broken = tmp_path / "broken.ics"
    broken.write_text(AGENDA.read_text("utf-8").replace("RRULE:FREQ=WEEKLY;BYDAY=TU", "RRULE:FREQ=SOMETIMES"),
                      "utf-8")
    with pytest.raises(DataError) as caught:
        import_ics(str(broken), **NOVEMBER)
    assert caught.value.problems[0].file == str(broken)
