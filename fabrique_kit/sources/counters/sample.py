"""A made-up year of counter events, to try the bilan, and for its tests and benchmarks.

The events follow what a real desk writes (take, call, served or absent, a session
closed with people still waiting, people turned away with a kind of request), their
fate drawn from a hash of their numbers so that the same call gives the same file.
They are made by SQLite itself (``INSERT … SELECT`` over recursive ``WITH`` tables, the
indexes built once at the end): a million events in seconds, in flat memory.

Example::

    write_sample_year(Path("/tmp/attente.sqlite3"), year=2026, events=100_000)
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

from fabrique_kit.clock import PARIS
from fabrique_kit.sources.counters.store import connect

PLACES = ("Espace Social Commun Maurepas", "Carrefour 18", "Espace social Cleunay")
REQUESTS = ("CAF", "préfecture / droits des étrangers", "emploi", "santé", "autre", None)
EVENTS_PER_TICKET = 2.8  # take, call, served or absent (9 in 10); a ticket left waiting has one


def _summer(year: int) -> tuple[str, str]:
    """The first and last day of summer time in Paris that ``year`` (the offset is then +02:00)."""
    days = [date(year, 1, 1) + timedelta(days=n) for n in range(366)]
    summer = [d for d in days if d.year == year
              and datetime(d.year, d.month, d.day, 12, tzinfo=PARIS).utcoffset() == timedelta(hours=2)]
    return summer[0].isoformat(), summer[-1].isoformat()


# One statement per kind of event, all in SQLite (no Python per row): the tickets of every
# weekday, half-day and place, their fate drawn from a hash of their numbers (h, 0 to 999).
_TICKETS = """
WITH RECURSIVE n(k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM n WHERE k < :per_session),
d(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM d WHERE i < 365),
days AS (SELECT i, day, CASE WHEN day BETWEEN :summer_from AND :summer_to THEN '+02:00' ELSE '+01:00' END AS tz
         FROM (SELECT i, date(:first, '+' || i || ' days') AS day FROM d)
         WHERE strftime('%Y', day) = :year AND strftime('%w', day) NOT IN ('0', '6')),
sessions(s, start) AS (VALUES (0, 32400), (1, 50400)),
t AS (SELECT day, tz, i, s, p.rowid - 1 AS p, p.name AS place, ((s * :places + p.rowid - 1) * :per_session + k) AS number,
             start + k * :step AS taken
      FROM days, sessions, sample_places p, n),
h AS (SELECT *, (number * 7919 + i * 104729 + s * 31 + p * 17) % 1000 AS h FROM t)
"""
_AT = "{day} || 'T' || time({seconds}, 'unixepoch') || tz"
_INSERTS = {
    "take": f"SELECT {_AT.format(day='day', seconds='taken')}, day, 'take', number, NULL, place FROM h",
    "call": f"SELECT {_AT.format(day='day', seconds='taken + h * 37 % 3000')}, day, 'call', number, "
            "1 + number % 2, place FROM h WHERE h < 900",
    "end": f"SELECT {_AT.format(day='day', seconds='taken + h * 37 % 3000 + 120 + h * 53 % 2400')}, day, "
           "CASE WHEN h < 800 THEN 'served' ELSE 'absent' END, number, 1 + number % 2, place FROM h WHERE h < 900",
}
_CLOSE = (f"SELECT {_AT.format(day='day', seconds='start + 12000')}, day, 'close_session', NULL, NULL, p.name "
          "FROM days, sessions, sample_places p")
_REFUSED = (f"SELECT {_AT.format(day='day', seconds='taken + 30')}, day, place, "
            "(SELECT kind FROM sample_requests WHERE rowid = 1 + h / 4 % 6) FROM h WHERE h % 4 = 0")


def write_sample_year(path: Path | str, year: int = 2026, events: int = 100_000, *,
                      places: tuple[str, ...] = PLACES) -> Path:
    """Write about ``events`` events of a made-up ``year`` into the counter file ``path``.

    Every weekday has a morning and an afternoon session at each place, with the same
    number of tickets; 8 in 10 are received, 1 in 10 absent, 1 in 10 left waiting, and a
    person in 4 is turned away (« refus ») with a kind of request. The same call gives
    the same file.

    Example: ``write_sample_year(tmp / "attente.sqlite3", 2026, 10_000)``
    """
    weekdays = sum(1 for n in range(366) if (date(year, 1, 1) + timedelta(days=n)).year == year
                   and (date(year, 1, 1) + timedelta(days=n)).weekday() < 5)
    sessions = weekdays * 2 * len(places)
    per_session = max(1, round((events - sessions) / EVENTS_PER_TICKET / sessions))
    summer_from, summer_to = _summer(year)
    params = {"per_session": per_session, "first": f"{year}-01-01", "year": str(year), "places": len(places),
              "step": min(480, 3 * 3600 // per_session), "summer_from": summer_from, "summer_to": summer_to}
    conn = connect(path)
    try:
        conn.execute("PRAGMA synchronous = OFF")  # a made-up file: speed over durability
        conn.execute("BEGIN")
        indexes = conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
                               "AND tbl_name IN ('events', 'turned_away')").fetchall()
        for name, _sql in indexes:  # built once at the end: several times faster than row by row
            conn.execute(f"DROP INDEX {name}")
        conn.execute("CREATE TEMP TABLE sample_places (name TEXT)")
        conn.executemany("INSERT INTO sample_places VALUES (?)", [(p,) for p in places])
        conn.execute("CREATE TEMP TABLE sample_requests (kind TEXT)")
        conn.executemany("INSERT INTO sample_requests VALUES (?)", [(r,) for r in REQUESTS])
        for select in _INSERTS.values():
            conn.execute(_TICKETS + "INSERT INTO events (at, day, kind, ticket, desk, place) " + select, params)
        conn.execute(_TICKETS + "INSERT INTO events (at, day, kind, ticket, desk, place) " + _CLOSE, params)
        conn.execute(_TICKETS + "INSERT INTO turned_away (at, day, place, request) " + _REFUSED, params)
        for _name, sql in indexes:
            conn.execute(sql)
        conn.execute("COMMIT")
    finally:
        conn.close()
    return Path(path)
