"""Benchmarks of the admin's previews: a hall frame drawn aside for a day or a message
(what « Voir l'aperçu » and the visible-characters counter cost), and the memory the
previews' cache keeps.

Run alone with ``python benchmarks/bench_admin.py``; ``benchmarks/run.py`` calls :func:`run`.
"""

from __future__ import annotations

import resource
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from fabrique_kit.clock import FakeClock
from fabrique_kit.project import new_project, run_project


def run() -> list[dict]:
    with tempfile.TemporaryDirectory() as folder:
        project = new_project("afficheur", Path(folder) / "afficheur")
        kit = run_project(project, mode="load", quiet=True, simulate=True, port=0,
                          clock=FakeClock("2026-11-23 10:00"))
        try:
            first = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
            kit.web.day_preview(date(2026, 11, 23))  # fonts loaded once, like a running kit
            days = [date(2026, 11, 24) + timedelta(days=i) for i in range(10)]
            start = time.perf_counter()
            for day in days:  # each one a cache miss
                kit.web.day_preview(day)
            day_ms = (time.perf_counter() - start) * 1000 / len(days)
            texts = [f"Fermeture exceptionnelle numéro {i} : " + "atelier reporté, " * 12 for i in range(10)]
            start = time.perf_counter()
            for text in texts:
                kit.web.message_fit(text)
            fit_ms = (time.perf_counter() - start) * 1000 / len(texts)
            start = time.perf_counter()
            kit.web.message_fit(texts[-1])  # the same text again: from the cache
            cached_ms = (time.perf_counter() - start) * 1000
            for day in days + [d + timedelta(days=30) for d in days]:
                kit.web.day_preview(day)
            grown_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - first) / 1024
            capacity = kit.web.message_fit("x")["capacity"]
        finally:
            kit.close()
    return [
        {"name": "admin: hall frame of another day, drawn aside (1920x1080)", "value": round(day_ms, 1),
         "unit": "ms", "target": "< 1000 ms on a Pi Zero 2 W"},
        {"name": "admin: visible characters of a message (one preview)", "value": round(fit_ms, 1),
         "unit": "ms", "target": "< 1000 ms on a Pi Zero 2 W"},
        {"name": "admin: same message measured again (cache)", "value": round(cached_ms, 2), "unit": "ms",
         "target": "< 5 ms"},
        {"name": "admin: peak memory (RSS) grown by 41 previews (renderers, cache of 6 PNG)", "value": round(grown_mb, 1),
         "unit": "MB", "target": "< 60 MB"},
        {"name": "admin: banner capacity at 1920x1080", "value": capacity, "unit": "chars", "target": None},
    ]


if __name__ == "__main__":
    for row in run():
        print(f"{row['name']}: {row['value']} {row['unit']} (target {row['target']})")
