"""Benchmark of a waiting counter through a busy day: what one action costs at 0, 500,
2,000 and 7,500 tickets already taken today, and the process's memory (RSS).

Today's queue is kept event by event (fabrique_kit/sources/counters/today.py): an action
must cost the same at the 7,500th ticket as at the first, and memory must stay flat.
The day is written straight into the SQLite file (take, call, served for each ticket,
a few people still waiting), then ``take_ticket`` and ``call_next`` are timed on the
counter, with full durability (WAL, ``synchronous=FULL``). CPU time is given beside the
wall time: other programs on the machine do not inflate it.

Run it alone::

    python benchmarks/bench_counters.py
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from fabrique_kit.clock import FakeClock
from fabrique_kit.sources.counters import Counter
from fabrique_kit.state import State

LEVELS = (0, 500, 2000, 7500)
REPEAT = 15


def rss_mb() -> float:
    """The process's resident memory now, in MB (VmRSS)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def add_tickets(db: Path, clock: FakeClock, first: int, count: int) -> None:
    """``count`` tickets from number ``first``: taken, called and served (written at once)."""
    rows: list[tuple] = []
    day = clock.now().date().isoformat()
    for number in range(first, first + count):
        at = clock.now()
        rows += [(at.isoformat(), day, "take", number, None), ((at + timedelta(minutes=1)).isoformat(), day,
                 "call", number, 1 + number % 2), ((at + timedelta(minutes=2)).isoformat(), day, "served", number,
                 1 + number % 2)]
    script = ("import json, sqlite3, sys\n"
              "conn = sqlite3.connect(sys.argv[1])\n"
              "conn.executemany(\"INSERT INTO events (at, day, run, kind, ticket, desk, place) "
              "VALUES (?, ?, 0, ?, ?, ?, 'ESC Maurepas')\", json.load(sys.stdin))\n"
              "conn.commit()\n")
    # written by another process, as another kit would: this process's memory is the counter's only
    subprocess.run([sys.executable, "-c", script, str(db)], input=json.dumps(rows), text=True, check=True)


def timed(action) -> tuple[float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    action()
    return (time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000


def run() -> list[dict]:
    rows = []
    with tempfile.TemporaryDirectory(dir=Path.home() if Path.home().exists() else None) as folder:
        db = Path(folder) / "attente.sqlite3"
        clock = FakeClock("2026-11-23 08:00")
        queue = Counter("attente", db_path=db, clock=clock, desks=2, place="ESC Maurepas")
        state = State(clock)
        queue.attach(state)  # as in a kit: each action puts the status in the state
        taken = 0
        for level in LEVELS:
            if level > taken:
                add_tickets(db, clock, (queue.status().last_ticket or 0) + 1, level - taken)
                taken = level
            queue.refresh(state)  # the kit does it each minute: it sees what was written
            takes, calls, cpu = [], [], []
            for _ in range(REPEAT):
                clock.advance(seconds=20)
                wall_t, cpu_t = timed(queue.take_ticket)
                wall_c, cpu_c = timed(lambda: queue.call_next(desk=1))
                takes.append(wall_t)
                calls.append(wall_c)
                cpu.append(cpu_t + cpu_c)
            taken += REPEAT
            rows += [
                {"name": f"counter: take_ticket at {level} tickets today", "unit": "ms",
                 "value": round(statistics.median(takes), 2), "target": "<= 50"},
                {"name": f"counter: call_next at {level} tickets today", "unit": "ms",
                 "value": round(statistics.median(calls), 2), "target": "<= 50"},
                {"name": f"counter: CPU of take + call at {level} tickets today", "unit": "ms",
                 "value": round(statistics.median(cpu), 2), "target": "<= 10"},
                {"name": f"counter: process RSS at {level} tickets today", "unit": "MB",
                 "value": round(rss_mb(), 1), "target": None},
            ]
        queue.close()
    first = next(r["value"] for r in rows if r["name"] == "counter: process RSS at 0 tickets today")
    last = next(r["value"] for r in rows if r["name"] == f"counter: process RSS at {LEVELS[-1]} tickets today")
    rows.append({"name": f"counter: RSS growth from 0 to {LEVELS[-1]} tickets", "unit": "MB",
                 "value": round(last - first, 1), "target": "<= 5"})
    return rows


if __name__ == "__main__":
    for row in run():
        print(f"{row['name']:<55} {row['value']:>10} {row['unit']:<4} (target {row['target']})")
