"""Benchmarks of the semainier: reading the sample and 10,000 slots, the screen's questions, an idle refresh.

``run()`` returns rows ``{"name", "value", "unit", "target"}`` like the other
benchmarks; the targets are for a Raspberry Pi 4 (a laptop is several times faster).

Run it alone::

    python benchmarks/bench_semainier.py
"""

from __future__ import annotations

import json
import shutil
import tempfile
import time
from datetime import datetime
from pathlib import Path

from timing import median_ms

from fabrique_kit.clock import PARIS, FakeClock
from fabrique_kit.sources.semainier import SAMPLE, SemainierSource, load_semainier
from fabrique_kit.sources.semainier.validate import check_text
from fabrique_kit.state import State


def many_slots(count: int = 10_000) -> str:
    """A semainier of one place with ``count`` weekly slots, 50 a room (its JSON text)."""
    slots = [{"jour": ("lundi", "mardi", "mercredi", "jeudi", "vendredi")[i % 5],
              "debut": f"{8 + i // 5 % 10:02d}:00", "fin": f"{8 + i // 5 % 10:02d}:50",
              "service": f"Atelier {i}", "salle": f"Salle {i // 50}"} for i in range(count)]
    return json.dumps({"lieux": [{"nom": "Maurepas", "creneaux": slots}]}, ensure_ascii=False, indent=2)


def bench_many_slots() -> dict:
    text = many_slots()
    semainier, _problems = check_text(text, "semainier.json")
    assert semainier is not None and len(semainier.places[0].slots) == 10_000
    # CPU time: the other programs of a busy machine do not inflate it
    return {"name": "semainier: read and check 10,000 slots (CPU time)", "unit": "ms", "target": "<= 1000",
            "value": median_ms(lambda: check_text(text, "semainier.json"), repeat=3, clock=time.process_time)}


def run() -> list[dict]:
    planning = load_semainier(SAMPLE)
    now = datetime(2026, 12, 7, 10, 0, tzinfo=PARIS)
    rows = [
        {"name": "semainier: read and check the sample (6 places)", "unit": "ms", "target": "<= 100",
         "value": median_ms(lambda: load_semainier(SAMPLE), repeat=30)},
        {"name": "semainier: today() for one place", "unit": "ms", "target": "<= 5",
         "value": median_ms(lambda: planning.today(now, place="Maurepas"), repeat=30)},
        {"name": "semainier: next() across the Christmas closure", "unit": "ms", "target": "<= 20",
         "value": median_ms(lambda: planning.next(datetime(2026, 12, 23, 18, tzinfo=PARIS), place="Maurepas"), repeat=30)},
        {"name": "semainier: week() for all places", "unit": "ms", "target": "<= 20",
         "value": median_ms(lambda: planning.week(now), repeat=30)},
    ]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "semainier.json"
        shutil.copy(SAMPLE, path)
        state = State(FakeClock())
        source = SemainierSource(path, state=state)
        source.refresh(state)
        rows.append({"name": "semainier: refresh() of an unchanged file", "unit": "ms", "target": "<= 1",
                     "value": median_ms(lambda: source.refresh(state), repeat=200)})
    rows.append(bench_many_slots())
    return rows


if __name__ == "__main__":
    for row in run():
        print(f"{row['name']:<55} {row['value']:>9} {row['unit']}  (target {row['target']})")
