"""Start-up figures: what ``import fabrique_kit`` and ``fabrique --version`` cost (time, CPU,
memory), time to the first frame, peak memory of a preview.

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


def _cost(args: list[str], env: dict, repeat: int = 5) -> tuple[float, float, float]:
    """Median wall ms, median CPU ms (user + system) and peak RSS (MB, own process) of ``args``."""
    walls, cpus, peaks = [], [], []
    code = ("import resource, runpy, sys\n"
            "sys.argv = sys.argv[1:]\n"
            "try:\n    runpy.run_module(sys.argv[0], run_name='__main__') if sys.argv[0] != '-c' "
            "else exec(sys.argv[1])\nexcept SystemExit:\n    pass\n"
            "print('@@PEAK@@', resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)\n")
    for _ in range(repeat):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        done = subprocess.run([PYTHON, "-c", code, *args], check=True, capture_output=True, text=True, env=env)
        walls.append((time.perf_counter() - started) * 1000)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append((after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime) * 1000)
        line = next(row for row in done.stderr.splitlines() if row.startswith("@@PEAK@@"))
        peaks.append(int(line.split()[1]) / 1024)
    return statistics.median(walls), statistics.median(cpus), max(peaks)


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
    rows = []
    for label, args in (("import fabrique_kit", ["-c", "import fabrique_kit"]),
                        ("from fabrique_kit import Kit", ["-c", "from fabrique_kit import Kit"]),
                        ("fabrique --version", ["fabrique_kit", "--version"])):
        wall, cpu, peak = _cost(args, env)
        rows += [{"name": f"{label}: time", "value": wall, "unit": "ms", "target": None},
                 {"name": f"{label}: CPU", "value": cpu, "unit": "ms", "target": "< 300 ms" if "version" in label else None},
                 {"name": f"{label}: peak memory", "value": peak, "unit": "MB", "target": None}]
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
