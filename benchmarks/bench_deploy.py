"""Benchmarks of deployment and the screen schedule: bundle, check and unpack, next switch.

``run()`` returns rows ``{"name", "value", "unit", "target"}`` like the other benchmarks;
the targets are for a Raspberry Pi 4 (a laptop is several times faster).

Run it alone::

    python benchmarks/bench_deploy.py
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from timing import median_ms

from fabrique_kit.clock import FakeClock
from fabrique_kit.deploy.bundle import extract_bundle, inspect_bundle, make_bundle
from fabrique_kit.deploy.versions import ServiceRoot
from fabrique_kit.project import new_project
from fabrique_kit.screen.power import ScreenPower, ScreenSchedule
from fabrique_kit.sources.semainier import SemainierSource
from fabrique_kit.state import State


def run() -> list[dict]:
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        project = new_project("afficheur", folder / "projet", name="Accueil")
        bundle = make_bundle(project)
        counter = iter(range(1000))
        service = ServiceRoot(folder / "service", keep=3)
        service.switch(service.install_folder(project))

        def install():
            service.install_bundle(bundle.data)
            service.prune()

        clock = FakeClock("2026-11-25 12:40")
        state = State(clock)
        planning = SemainierSource(project / "semainier.json", state=state, place="Espace Social Commun Maurepas")
        planning.refresh(state)
        schedule = ScreenSchedule(planning, ScreenPower(), clock)
        rows = [
            {"name": "deploy: bundle the afficheur project", "unit": "ms", "target": "<= 200",
             "value": median_ms(lambda: make_bundle(project), repeat=10)},
            {"name": "deploy: check a bundle (paths, links, bomb)", "unit": "ms", "target": "<= 20",
             "value": median_ms(lambda: inspect_bundle(bundle.data), repeat=10)},
            {"name": "deploy: unpack a bundle", "unit": "ms", "target": "<= 200",
             "value": median_ms(lambda: extract_bundle(bundle.data, folder / f"x{next(counter)}"), repeat=10)},
            {"name": "deploy: install a version (unpack + fabrique check)", "unit": "ms", "target": "<= 1000",
             "value": median_ms(install, repeat=10)},
            {"name": "screen schedule: next switch time", "unit": "ms", "target": "<= 50",
             "value": median_ms(schedule.next_change, repeat=10)},
            {"name": "deploy: bundle size of the afficheur", "unit": "kB", "target": "<= 100",
             "value": round(bundle.size / 1024, 1)},
        ]
        shutil.rmtree(folder / "service", ignore_errors=True)
    return rows


if __name__ == "__main__":
    for row in run():
        print(f"{row['name']:<55} {row['value']:>10} {row['unit']:<3} target {row['target']}")
