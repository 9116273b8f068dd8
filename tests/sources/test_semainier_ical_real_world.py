"""iCalendar agendas as real programs write them: other time zones, UTC, no UID,
public holidays, events ending at midnight, hostile servers, far-away end dates."""

import json
import time
from datetime import date, datetime, timedelta

import icalendar
import pytest

from fabrique_kit.clock import PARIS
from fabrique_kit.errors import DataError
from fabrique_kit.sources.semainier.importers.ical import export_ics, import_ics, read_ics
from fabrique_kit.sources.semainier.validate import check_text
from tests.sources.feed_server import Reply

WINDOW = {"start": date(2026, 11, 2), "end": date(2026, 12, 20)}
CHICAGO = """BEGIN:VTIMEZONE
TZID:America/Chicago
BEGIN:STANDARD
DTSTART:19701101T020000
RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU
TZOFFSETFROM:-0500
TZOFFSETTO:-0600
END:STANDARD
BEGIN:DAYLIGHT
DTSTART:19700308T020000
RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU
TZOFFSETFROM:-0600
TZOFFSETTO:-0500
END:DAYLIGHT
END:VTIMEZONE
"""


def agenda(*events: str, timezones: str = "") -> str:
    return ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//FR\r\nX-WR-CALNAME:ESC Cleunay\r\n" + timezones
            + "".join(f"BEGIN:VEVENT\r\nDTSTAMP:20260901T080000Z\r\n{e.strip()}\r\nEND:VEVENT\r\n" for e in events)
            + "END:VCALENDAR\r\n").replace("\r\n", "\n").replace("\n", "\r\n")


def imported(tmp_path, text, **window):
    path = tmp_path / "agenda.ics"
    path.write_text(text, "utf-8")
    document, warnings = import_ics(str(path), **(window or WINDOW))
    semainier, problems = check_text(json.dumps(document, ensure_ascii=False))
    assert semainier is not None, problems
    return document, warnings, semainier


def shown(semainier, start=WINDOW["start"], end=WINDOW["end"]):
    """Every session from ``start`` to ``end``: ``[(start, end, service, cancelled)]``."""
    found, day = [], start
    while day <= end:
        found += [(s.start, s.end, s.service, s.cancelled) for s in semainier.sessions_on(day)]
        day += timedelta(days=1)
    return found


def paris(text):
    return datetime.fromisoformat(text).replace(tzinfo=PARIS)


def test_a_weekly_event_of_another_zone_lands_on_its_paris_weekday(tmp_path):
    event = """UID:visio@chicago
DTSTART;TZID=America/Chicago:20261104T173000
DTEND;TZID=America/Chicago:20261104T190000
RRULE:FREQ=WEEKLY;BYDAY=WE
SUMMARY:Visio avec la maison de quartier de Chicago"""
    document, _warnings, semainier = imported(tmp_path, agenda(event, timezones=CHICAGO))
    slot, = document["lieux"][0]["creneaux"]
    assert (slot["jour"], slot["debut"], slot["fin"]) == ("jeudi", "00:30", "02:00")
    sessions = shown(semainier)
    assert len(sessions) == 7 and not any(cancelled for *_x, cancelled in sessions)
    assert sessions[0][:2] == (paris("2026-11-05 00:30"), paris("2026-11-05 02:00"))  # a Thursday
    assert "annulations" not in document["lieux"][0]


def test_a_weekly_event_written_in_utc_near_midnight(tmp_path):
    event = """UID:tard@utc
DTSTART:20261104T233000Z
DTEND:20261104T234500Z
RRULE:FREQ=WEEKLY;BYDAY=WE
SUMMARY:Point hebdo"""
    _document, _warnings, semainier = imported(tmp_path, agenda(event))
    sessions = shown(semainier)
    assert {s[0].strftime("%A %H:%M") for s in sessions} == {"Thursday 00:30"}
    assert len(sessions) == 7 and not any(s[3] for s in sessions)


def test_a_weekly_event_without_uid_is_shown_once_and_not_cancelled(tmp_path):
    event = """DTSTART;TZID=Europe/Paris:20261103T140000
DTEND;TZID=Europe/Paris:20261103T160000
RRULE:FREQ=WEEKLY;BYDAY=TU
SUMMARY:Atelier tablette"""
    document, _warnings, semainier = imported(tmp_path, agenda(event))
    assert len(document["lieux"][0]["creneaux"]) == 1
    assert "annulations" not in document["lieux"][0] and "seances_exceptionnelles" not in document["lieux"][0]
    sessions = shown(semainier)
    assert len(sessions) == 7 and not any(s[3] for s in sessions)


def test_an_event_on_a_public_holiday_is_warned_about(tmp_path):
    event = """UID:mercredi@esc
DTSTART;TZID=Europe/Paris:20261104T093000
DTEND;TZID=Europe/Paris:20261104T120000
RRULE:FREQ=WEEKLY;BYDAY=WE
SUMMARY:Permanence CAF"""
    _document, warnings, semainier = imported(tmp_path, agenda(event))
    assert [w.severity for w in warnings] == ["warning"]
    assert "11/11/2026" in warnings[0].message and "Armistice" in warnings[0].message
    assert "jours_feries" in warnings[0].hint
    assert semainier.sessions_on(date(2026, 11, 11)) == []  # what the warning says


def test_an_event_from_23_00_to_midnight_is_a_session_not_an_all_day_event(tmp_path):
    event = """UID:nuit@esc
DTSTART;TZID=Europe/Paris:20261127T230000
DTEND;TZID=Europe/Paris:20261128T000000
SUMMARY:Nuit de la lecture"""
    _document, warnings, semainier = imported(tmp_path, agenda(event))
    assert warnings == []
    session, = semainier.sessions_on(date(2026, 11, 27))
    assert (session.start, session.end) == (paris("2026-11-27 23:00"), paris("2026-11-27 23:59"))


def test_a_download_is_capped_in_size_and_its_error_quotes_a_short_excerpt(server):
    page = b"<!DOCTYPE html><html>" + b"<p>Bienvenue</p>" * 200_000 + b"</html>"  # 3.2 MB, not an agenda
    url = server.route("/agenda", Reply(page, send_length=False))
    with pytest.raises(DataError) as caught:
        read_ics(url, max_bytes=1_000_000)
    assert "trop gros (plus de 1 Mo)" in str(caught.value)
    with pytest.raises(DataError) as caught:
        import_ics(url, **WINDOW)
    message = str(caught.value)
    assert "n'est pas un agenda iCalendar" in message and "<!DOCTYPE html>" in message
    assert len(message) < 400


def test_a_server_sending_headers_one_byte_at_a_time_is_cut(server):
    url = server.route("/lent.ics", Reply(trickle_headers=0.1))
    started = time.monotonic()
    with pytest.raises(DataError) as caught:
        import_ics(url, timeout=0.4, **WINDOW)
    assert time.monotonic() - started < 3.0
    assert "pas de réponse complète en 1.2 s" in str(caught.value)


def test_export_of_a_semainier_valid_until_9999(tmp_path):
    document = {"valable_au": "9999-12-31", "lieux": [{"nom": "Maurepas", "creneaux": [
        {"jour": "lundi", "debut": "09:30", "fin": "12:00", "service": "Permanence", "au": "9999-12-31"}]}]}
    semainier, problems = check_text(json.dumps(document))
    assert semainier is not None, problems
    data = export_ics(semainier, start=date(2026, 11, 23))
    event, = icalendar.Calendar.from_ical(data).walk("VEVENT")
    until = event["RRULE"]["UNTIL"][0]
    assert date(2031, 11, 1) < until.date() < date(2031, 12, 1)  # five years, then the agenda stops


def test_the_window_pass_drops_far_one_offs_and_unread_parts_only(tmp_path):
    from fabrique_kit.sources.semainier.importers.ics_window import within_window

    old = """UID:vieux@esc
DTSTART;TZID=Europe/Paris:20190305T140000
DTEND;TZID=Europe/Paris:20190305T160000
SUMMARY:Atelier de 2019"""
    weekly = """UID:hebdo@esc
DTSTART;TZID=Europe/Paris:20190305T093000
DTEND;TZID=Europe/Paris:20190305T120000
RRULE:FREQ=WEEKLY;BYDAY=TU
SUMMARY:Permanence depuis 2019"""
    soon = """UID:bientot@esc
DTSTART;TZID=Europe/Paris:20261124T140000
DTEND;TZID=Europe/Paris:20261124T160000
SUMMARY:Atelier tablette
DESCRIPTION:Une description pliée sur deux lignes du fichier
  parce qu'elle est longue
ATTENDEE;CN=Quelqu'un:mailto:quelqu.un@example.org
BEGIN:VALARM
ACTION:DISPLAY
TRIGGER:-PT15M
END:VALARM"""
    text = agenda(old, weekly, soon)
    kept = within_window(text.encode(), *WINDOW.values()).decode()
    assert "Atelier de 2019" not in kept and "Permanence depuis 2019" in kept and "Atelier tablette" in kept
    assert "VALARM" not in kept and "ATTENDEE" not in kept and "  parce qu'elle est longue" in kept
    _document, _warnings, semainier = imported(tmp_path, text)
    tuesday = semainier.sessions_on(date(2026, 11, 24))
    assert [s.service for s in tuesday] == ["Permanence depuis 2019", "Atelier tablette"]
    assert tuesday[1].note == "Une description pliée sur deux lignes du fichier parce qu'elle est longue"
