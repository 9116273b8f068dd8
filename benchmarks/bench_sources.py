"""Benchmarks of the sources: parsing a big feed, counter actions with full durability.

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


def run() -> list[dict]:
    """Every benchmark of the sources, as rows."""
    rows = [bench_feed_parse()]
    with tempfile.TemporaryDirectory(dir=Path.home() if Path.home().exists() else None) as folder:
        rows.append(bench_counter(Path(folder)))
        rows.append(bench_counter(Path(folder), actions=100, history_days=365))
    return rows


if __name__ == "__main__":
    for row in run():
        print(f"{row['name']:<75} {row['value']:>10} {row['unit']:<10} (target {row['target']})")
