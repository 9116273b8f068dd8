"""Benchmark of the yearly bilan: a made-up year of 10,000, 100,000 and 1,000,000 events,
then the bilan's figures worked out in SQL, each in a fresh process (time and peak RSS).

Targets (issue 16): 1,000,000 events in under 5 s and under 100 MB on the development
machine. The year is written by SQLite itself (fabrique_kit/sources/counters/sample.py);
its time is given too. The peak RSS is the whole process's (Python and its imports
included, about 20 MB), read from ``getrusage`` once the bilan is done.

Run it alone::

    python benchmarks/bench_bilan.py
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from fabrique_kit.sources.counters.sample import write_sample_year

SIZES = (10_000, 100_000, 1_000_000)

COMPUTE = """
import json, resource, sys, time
from fabrique_kit.sources.counters.bilan import compute
wall, cpu = time.perf_counter(), time.process_time()
total = compute([sys.argv[1]], 2026).total()
print(json.dumps({"wall_ms": (time.perf_counter() - wall) * 1000, "cpu_ms": (time.process_time() - cpu) * 1000,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "received": total.received, "turned_away": total.turned_away}))
"""


def label(size: int) -> str:
    return f"{size:,}".replace(",", " ")


def run() -> list[dict]:
    rows = []
    with tempfile.TemporaryDirectory(dir=Path.home() if Path.home().exists() else None) as folder:
        for size in SIZES:
            path = Path(folder) / f"annee-{size}.sqlite3"
            started = time.perf_counter()
            write_sample_year(path, 2026, size)
            made = time.perf_counter() - started
            done = subprocess.run([sys.executable, "-c", COMPUTE, str(path)], capture_output=True, text=True,
                                  check=True)
            found = json.loads(done.stdout.strip().splitlines()[-1])
            big = size == SIZES[-1]
            rows += [
                {"name": f"bilan: {label(size)} events, time", "unit": "ms", "value": round(found["wall_ms"]),
                 "target": "<= 5000" if big else None},
                {"name": f"bilan: {label(size)} events, CPU time", "unit": "ms", "value": round(found["cpu_ms"]),
                 "target": None},
                {"name": f"bilan: {label(size)} events, peak RSS of the process", "unit": "MB",
                 "value": round(found["peak_mb"], 1), "target": "<= 100" if big else None},
                {"name": f"bilan: {label(size)} events, writing the made-up year", "unit": "s",
                 "value": round(made, 1), "target": None},
            ]
            path.unlink()
    return rows


if __name__ == "__main__":
    for row in run():
        print(f"{row['name']:<60} {row['value']:>10} {row['unit']:<4} (target {row['target']})")
