"""A running afficheur, as on a hall screen: idle CPU, memory, press-to-frame latency.

- idle CPU and memory: `fabrique run` of a new afficheur project in its own process,
  measured from /proc over IDLE_SECONDS with nothing changing;
- press to frame: a simulated button press until the new frame is available, in-process.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from timing import free_port

PYTHON = sys.executable
IDLE_SECONDS = float(os.environ.get("FABRIQUE_BENCH_IDLE_S", "60"))
TICK = os.sysconf("SC_CLK_TCK")




def _cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK  # utime + stime


def _memory_mb(pid: int) -> tuple[float, float]:
    values = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, rest = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            values[key] = int(rest.split()[0]) / 1024
    return values["VmRSS"], values["VmHWM"]


def bench_running_afficheur() -> list[dict]:
    env = {**os.environ, "FABRIQUE_SIMULATION": "1"}
    with tempfile.TemporaryDirectory() as tmp:
        project = Path(tmp) / "afficheur"
        subprocess.run([PYTHON, "-m", "fabrique_kit", "new", "afficheur", str(project)], check=True,
                       capture_output=True, env=env)
        port = free_port()
        process = subprocess.Popen([PYTHON, "-m", "fabrique_kit", "run", str(project), "--port", str(port)],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
        try:
            deadline = time.monotonic() + 30
            while True:
                try:
                    with urllib.request.urlopen(f"http://127.0.0.1:{port}/frame.png", timeout=2) as answer:
                        if answer.status == 200:
                            break
                except OSError:
                    pass
                if time.monotonic() > deadline:
                    raise RuntimeError("the afficheur did not start")
                time.sleep(0.2)
            time.sleep(3)  # let discovery and the first frames settle
            cpu_before = _cpu_seconds(process.pid)
            time.sleep(IDLE_SECONDS)
            cpu = (_cpu_seconds(process.pid) - cpu_before) / IDLE_SECONDS * 100
            rss, peak = _memory_mb(process.pid)
        finally:
            process.terminate()
            process.wait(timeout=10)
    return [
        {"name": f"running afficheur: CPU over {IDLE_SECONDS:.0f} s idle", "value": cpu, "unit": "%", "target": "< 1 %"},
        {"name": "running afficheur: resident memory", "value": rss, "unit": "MB", "target": "< 80 MB"},
        {"name": "running afficheur: peak resident memory", "value": peak, "unit": "MB", "target": "< 80 MB"},
    ]


def bench_press_to_frame(repeat: int = 20) -> list[dict]:
    from fabrique_kit.project import new_project, run_project

    with tempfile.TemporaryDirectory() as tmp:
        project = new_project("afficheur", Path(tmp) / "afficheur")
        kit = run_project(project, mode="load", quiet=True, simulate=True, network=False)
        kit.start()
        try:
            kit.web.wait_frame(0, 10)
            button = next(c["id"] for c in kit.web.controls() if c["label"] == "Prendre un ticket")
            times = []
            for _ in range(repeat):
                number = kit.web.frame_number
                started = time.perf_counter()
                kit.web.press(button)
                kit.web.wait_frame(number, 5)
                times.append((time.perf_counter() - started) * 1000)
                kit.web.release(button)
                time.sleep(0.08)  # past the debounce, and the release's own frame
        finally:
            kit.close()
    return [{"name": "in-process press to new frame, no web server nor output (median; see bench_hall_screen)", "value": statistics.median(times), "unit": "ms",
             "target": "< 100 ms"}]


def run() -> list[dict]:
    return bench_press_to_frame() + bench_running_afficheur()


if __name__ == "__main__":
    for row in run():
        print(f"{row['name']}: {row['value']:.2f} {row['unit']} (target {row['target']})")
