"""A made-up year of counter events, to try the bilan, and for its tests and benchmarks.

The events follow what a real desk writes (take, call, served or absent, a session
closed with people still waiting, people turned away with a kind of request), drawn
from a seeded random generator so that the same call gives the same file. They are
written in one transaction with ``executemany`` from a generator: a million events in
a few seconds, in flat memory.

Example::

    write_sample_year(Path("/tmp/attente.sqlite3"), year=2026, events=100_000)
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path

from fabrique_kit.clock import PARIS
from fabrique_kit.sources.counters.store import connect

PLACES = ("Espace Social Commun Maurepas", "Carrefour 18", "Espace social Cleunay")
REQUESTS = ("CAF", "préfecture / droits des étrangers", "emploi", "santé", "autre", None)
EVENTS_PER_TICKET = 2.9  # take, call, served: about three; a ticket left waiting has one


def _sessions(year: int, places: tuple[str, ...]) -> Iterator[tuple[str, datetime]]:
    day = date(year, 1, 1)
    while day.year == year:
        if day.weekday() < 5:
            for place in places:
                yield place, datetime(day.year, day.month, day.day, 9, 0, tzinfo=PARIS)
                yield place, datetime(day.year, day.month, day.day, 14, 0, tzinfo=PARIS)
        day += timedelta(days=1)


def _rows(year: int, events: int, places: tuple[str, ...], seed: int) -> Iterator[tuple]:
    """Rows ``(table, at, day, run, kind, ticket, desk, place, request)`` until ``events`` events."""
    rng = random.Random(seed)
    sessions = list(_sessions(year, places))
    per_session = max(1, round(events / EVENTS_PER_TICKET / len(sessions)))
    written = 0
    numbers: dict[str, int] = {}
    while True:
        for place, start in sessions:
            day = start.date().isoformat()
            key = day  # one numbering a day in a file (its places share it)
            clock = start
            for _ in range(rng.randint(max(1, per_session // 2), per_session * 3 // 2)):
                number = numbers[key] = numbers.get(key, 0) + 1
                clock += timedelta(minutes=rng.uniform(1, 8))
                taken = clock
                yield ("e", taken.isoformat(), day, 0, "take", number, None, place, None)
                fate = rng.random()
                written += 1
                if fate < 0.8:  # received
                    called = taken + timedelta(minutes=rng.expovariate(1 / 25))
                    desk = rng.randint(1, 2)
                    yield ("e", called.isoformat(), day, 0, "call", number, desk, place, None)
                    done = called + timedelta(minutes=max(2.0, rng.gauss(21, 8)))
                    yield ("e", done.isoformat(), day, 0, "served", number, desk, place, None)
                    written += 2
                elif fate < 0.9:  # absent
                    called = taken + timedelta(minutes=rng.expovariate(1 / 25))
                    yield ("e", called.isoformat(), day, 0, "call", number, 1, place, None)
                    yield ("e", (called + timedelta(minutes=3)).isoformat(), day, 0, "absent", number, 1, place,
                           None)
                    written += 2
                if rng.random() < 0.25:  # a person the desk could not receive
                    yield ("t", (taken + timedelta(seconds=30)).isoformat(), day, 0, None, None, None, place,
                           rng.choice(REQUESTS))
                if written >= events:
                    return
            end = (clock + timedelta(minutes=30)).isoformat()
            yield ("e", end, day, 0, "close_session", None, None, place, None)
            written += 1
            if written >= events:
                return


def write_sample_year(path: Path | str, year: int = 2026, events: int = 100_000, *,
                      places: tuple[str, ...] = PLACES, seed: int = 2026) -> Path:
    """Write about ``events`` events of a made-up ``year`` into the counter file ``path``.

    Example: ``write_sample_year(tmp / "attente.sqlite3", 2026, 10_000)``
    """
    conn = connect(path)
    try:
        conn.execute("PRAGMA synchronous = OFF")  # a made-up file: speed over durability
        conn.execute("BEGIN")
        batch_e: list[tuple] = []
        batch_t: list[tuple] = []
        for table, at, day, run, kind, ticket, desk, place, request in _rows(year, events, places, seed):
            if table == "e":
                batch_e.append((at, day, run, kind, ticket, desk, place))
            else:
                batch_t.append((at, day, place, request))
            if len(batch_e) >= 10_000:
                conn.executemany("INSERT INTO events (at, day, run, kind, ticket, desk, place) "
                                 "VALUES (?, ?, ?, ?, ?, ?, ?)", batch_e)
                batch_e.clear()
        conn.executemany("INSERT INTO events (at, day, run, kind, ticket, desk, place) VALUES (?, ?, ?, ?, ?, ?, ?)",
                         batch_e)
        conn.executemany("INSERT INTO turned_away (at, day, place, request) VALUES (?, ?, ?, ?)", batch_t)
        conn.execute("COMMIT")
    finally:
        conn.close()
    return Path(path)
