"""Start-up figures: import time, time to the first frame, peak memory of a preview.

Each figure is measured in a fresh Python process, as a person would run it.
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PYTHON = sys.executable


def _timed(args: list[str], repeat: int = 3, env: dict | None = None) -> tuple[float, float]:
    """Median seconds and peak resident memory (MB) of running ``args`` ``repeat`` times."""
    times, peaks = [], []
    for _ in range(repeat):
        before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        started = time.perf_counter()
        subprocess.run(args, check=True, capture_output=True, env=env)
        times.append(time.perf_counter() - started)
        peaks.append(max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024)
    return statistics.median(times), max(peaks)


PEAK = """
import resource, sys
from fabrique_kit.cli import main
try:
    main(["preview", sys.argv[1], "-o", sys.argv[2]])
except SystemExit:
    pass
print("@@PEAK@@", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)
"""


def _own_peak_mb(project: str, png: str, env: dict) -> float:
    """Peak resident memory of one `fabrique preview`, measured by that process itself."""
    done = subprocess.run([PYTHON, "-c", PEAK, project, png], capture_output=True, text=True, env=env)
    line = next(row for row in done.stderr.splitlines() if row.startswith("@@PEAK@@"))
    return int(line.split()[1]) / 1024


def run() -> list[dict]:
    env = {**os.environ, "FABRIQUE_SIMULATION": "1"}
    import_s, _ = _timed([PYTHON, "-c", "import fabrique_kit"], repeat=5, env=env)
    rows = [{"name": "import fabrique_kit", "value": import_s * 1000, "unit": "ms", "target": "< 500 ms"}]
    with tempfile.TemporaryDirectory() as tmp:
        project = Path(tmp) / "afficheur"
        subprocess.run([PYTHON, "-m", "fabrique_kit", "new", "afficheur", str(project)], check=True, capture_output=True, env=env)
        png = Path(tmp) / "frame.png"
        preview = [PYTHON, "-m", "fabrique_kit", "preview", str(project), "-o", str(png)]
        seconds, _ = _timed(preview, repeat=3, env=env)
        peak = _own_peak_mb(str(project), str(png), env)
    rows.append({"name": "fabrique preview: start-up to first frame", "value": seconds * 1000, "unit": "ms", "target": "< 3000 ms"})
    rows.append({"name": "fabrique preview: peak memory", "value": peak, "unit": "MB", "target": "< 80 MB"})
    return rows


if __name__ == "__main__":
    for row in run():
        print(f"{row['name']}: {row['value']:.1f} {row['unit']} (target {row['target']})")
