"""Benchmarks of the sources: parsing a big feed, importing a 5 MB agenda, counter actions
with full durability.

``run()`` returns rows ``{"name", "value", "unit", "target"}``; ``target`` reads as a
comparison with the value (``"<= 500"``: at most 500; ``">= 50"``: at least 50). The
targets are for a Raspberry Pi 4; a laptop is several times faster.

Run it alone::

    python benchmarks/bench_sources.py
"""

from __future__ import annotations

import statistics
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

from fabrique_kit.clock import PARIS
from fabrique_kit.sources.counters import Counter, connect
from fabrique_kit.sources.http.feeds import parse_feed


def big_feed(items: int = 500) -> bytes:
    """An RSS 2.0 feed like a busy WordPress site's, with HTML in every item."""
    start = datetime(2026, 11, 23, 9, 0, tzinfo=PARIS)
    entries = []
    for i in range(items):
        when = (start - timedelta(hours=i)).strftime("%a, %d %b %Y %H:%M:%S %z")
        entries.append(
            f"<item><title>Permanence numérique n°{i} : démarches CAF &amp; préfecture</title>"
            f"<link>https://www.example.org/actus/{i}</link><guid>https://www.example.org/?p={i}</guid>"
            f"<pubDate>{when}</pubDate><description><![CDATA[<p>Accueil <b>sans rendez-vous</b> "
            f"à l'Espace Social Commun.</p><img src='https://www.example.org/{i}.jpg'/>"
            f"<script>track({i})</script><p>{'Texte de présentation. ' * 20}</p>]]></description></item>"
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Actus</title>'
        + "".join(entries)
        + "</channel></rss>"
    ).encode()


def bench_feed_parse(repeat: int = 5) -> dict:
    content = big_feed(500)
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        items = parse_feed(content, max_items=20)
        times.append((time.perf_counter() - started) * 1000)
    assert len(items) == 20
    return {"name": "feed: parse a 500-item RSS feed", "value": round(statistics.median(times), 1),
            "unit": "ms", "target": "<= 1000"}


def bench_counter(folder: Path, actions: int = 200, history_days: int = 0) -> dict:
    db = folder / f"bench-{history_days}.sqlite3"
    if history_days:
        fill_history(db, history_days)
    counter = Counter("bench", db_path=db, desks=2)
    started = time.perf_counter()
    for i in range(actions):
        if i % 2:
            counter.call_next(desk=1 + i % 4 // 2)
        else:
            counter.take_ticket()
    elapsed = time.perf_counter() - started
    counter.close()
    label = "counter: actions per second (WAL, synchronous=FULL)"
    if history_days:
        label += f" with {history_days} days of history"
    return {"name": label, "value": round(actions / elapsed, 1), "unit": "actions/s", "target": ">= 20"}


def fill_history(db: Path, days: int, tickets_per_day: int = 40) -> None:
    """A year of past events (take, call, served) written at once."""
    conn = connect(db)
    rows = []
    first = datetime(2025, 11, 1, 9, 0, tzinfo=PARIS)
    for d in range(days):
        day = first + timedelta(days=d)
        for t in range(1, tickets_per_day + 1):
            taken = day + timedelta(minutes=5 * t)
            for kind, when in (("take", taken), ("call", taken + timedelta(minutes=15)),
                               ("served", taken + timedelta(minutes=36))):
                rows.append((when.isoformat(), day.date().isoformat(), 0, kind, t, 1, "ESC Cleunay"))
    conn.execute("BEGIN")
    conn.executemany("INSERT INTO events (at, day, run, kind, ticket, desk, place) VALUES (?, ?, ?, ?, ?, ?, ?)", rows)
    conn.execute("COMMIT")
    conn.close()


def big_agenda(target_bytes: int = 5_000_000) -> bytes:
    """An iCalendar agenda of about ``target_bytes``: eight years of one-off workshops with
    long descriptions and alarms, and weekly permanences with exceptions (what a busy
    place's calendar program exports: mostly its history, the coming year at the end)."""
    head = ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//bench//FR\r\nX-WR-CALNAME:ESC Maurepas\r\n")
    events, size, n = [], len(head), 0
    first, history = datetime(2026, 9, 1, 9, 0), datetime(2019, 9, 1, 9, 0)
    for weekly in range(20):
        day = first + timedelta(days=weekly % 5, hours=weekly % 8)
        events.append(
            f"BEGIN:VEVENT\r\nUID:hebdo-{weekly}@bench\r\nDTSTAMP:20260901T080000Z\r\n"
            f"DTSTART;TZID=Europe/Paris:{day:%Y%m%dT%H%M%S}\r\nDTEND;TZID=Europe/Paris:{day + timedelta(hours=1):%Y%m%dT%H%M%S}\r\n"
            f"RRULE:FREQ=WEEKLY\r\nEXDATE;TZID=Europe/Paris:{day + timedelta(days=14):%Y%m%dT%H%M%S}\r\n"
            f"SUMMARY:Permanence {weekly}\r\nEND:VEVENT\r\n")
    while size < target_bytes:
        day = history + timedelta(days=n % (8 * 365), hours=n % 9)
        event = (f"BEGIN:VEVENT\r\nUID:atelier-{n}@bench\r\nDTSTAMP:20260901T080000Z\r\n"
                 f"DTSTART;TZID=Europe/Paris:{day:%Y%m%dT%H%M%S}\r\nDTEND;TZID=Europe/Paris:{day + timedelta(hours=2):%Y%m%dT%H%M%S}\r\n"
                 f"SUMMARY:Atelier numérique n°{n}\r\nLOCATION:Salle {n % 12}\r\n"
                 f"DESCRIPTION:{'Découverte de la tablette et des démarches en ligne. ' * 6}\r\n"
                 "BEGIN:VALARM\r\nACTION:DISPLAY\r\nTRIGGER:-PT15M\r\nDESCRIPTION:Rappel\r\nEND:VALARM\r\n"
                 "END:VEVENT\r\n")
        events.append(event)
        size += len(event.encode())
        n += 1
    return (head + "".join(events) + "END:VCALENDAR\r\n").encode()


def bench_import_ics() -> list[dict]:
    """``fabrique semainier import-ics`` of a 5 MB agenda: time, and the process's peak memory."""
    import resource

    from fabrique_kit.sources.semainier.importers.ical import import_ics

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "agenda.ics"
        path.write_bytes(big_agenda())
        window = {"start": datetime(2026, 9, 1).date(), "end": datetime(2027, 8, 31).date()}
        document, _warnings = import_ics(str(path), **window)
        times = []
        for _ in range(3):  # CPU time: the other programs of a busy machine do not inflate it
            started = time.process_time()
            import_ics(str(path), **window)
            times.append(time.process_time() - started)
        elapsed = statistics.median(times)
    assert document["lieux"][0]["creneaux"]
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux
    return [
        {"name": "semainier: import-ics of a 5 MB agenda (CPU time)", "value": round(elapsed * 1000, 1), "unit": "ms",
         "target": "<= 5000"},
        {"name": "semainier: import-ics of a 5 MB agenda, peak memory of the process", "value": round(peak, 1),
         "unit": "MB", "target": "<= 100"},
    ]


def run() -> list[dict]:
    """Every benchmark of the sources, as rows."""
    rows = [bench_feed_parse(), *bench_import_ics()]
    with tempfile.TemporaryDirectory(dir=Path.home() if Path.home().exists() else None) as folder:
        rows.append(bench_counter(Path(folder)))
        rows.append(bench_counter(Path(folder), actions=100, history_days=365))
    return rows


if __name__ == "__main__":
    for row in run():
        print(f"{row['name']:<75} {row['value']:>10} {row['unit']:<10} (target {row['target']})")
