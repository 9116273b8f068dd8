"""The hall screen as a person meets it: the whole stack, the native output beside Chromium.

Everything runs under a real headless Wayland compositor (weston, software rendering),
as the Pi's desktop would show it; ``benchmarks/run.py`` runs this file in its own
network namespace, so nothing is announced on the machine's network.

- start → first frame on the screen: ``fabrique run`` of a waiting-counter project until
  the compositor shows a picture (weston's screenshots, every 0.1 s);
- whole stack PSS: the kit and the processes it started, summed from
  ``/proc/*/smaps_rollup``: with the native output, and with a Chromium kiosk of ``/kiosk``;
- idle CPU and wake-ups per second of the kit with the native output, nothing changing;
- press → frame on the screen: a simulated button pressed through the kit's web server
  (HTTP) until the native output gave the new picture to the compositor (median of 20);
- the same press in a cgroup of 512 MB and a quarter of a core: a crude Pi Zero 2 W.

A row whose tool is missing (weston, Chromium, root for the cgroup) says « n/a » and why.
"""

from __future__ import annotations

import contextlib
import glob
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from timing import free_port

PYTHON = sys.executable
IDLE_SECONDS = float(os.environ.get("FABRIQUE_BENCH_IDLE_S", "20"))
SCREEN = (1280, 1024)  # a reconditioned 5:4 monitor, common in the halls
TICK = os.sysconf("SC_CLK_TCK")


def _row(name, value, unit, target=None, reason=None):
    row = {"name": name, "value": value, "unit": unit, "target": target}
    if reason:
        row["reason"] = reason
    return row




class Weston:
    """A headless weston (its desktop shell) and its screenshots."""

    def __init__(self, folder: Path):
        self.runtime = folder / "xdg"
        self.runtime.mkdir(mode=0o700)
        self.env = {"XDG_RUNTIME_DIR": str(self.runtime), "WAYLAND_DISPLAY": "bench"}
        self.process = subprocess.Popen(
            ["weston", "--backend=headless-backend.so", f"--width={SCREEN[0]}", f"--height={SCREEN[1]}",
             "--use-pixman", "--socket=bench", "--idle-time=0", "--debug", "--no-config"],
            env={**os.environ, **self.env}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 20
        while not (self.runtime / "bench").exists():
            if time.monotonic() > deadline or self.process.poll() is not None:
                raise RuntimeError("weston did not start")
            time.sleep(0.05)
        time.sleep(1)
        self.empty = self.screenshot()  # the desktop before any kit

    def screenshot(self):
        from PIL import Image

        for old in glob.glob(str(self.runtime / "*.png")):
            os.remove(old)
        subprocess.run(["weston-screenshooter"], cwd=self.runtime, env={**os.environ, **self.env},
                       check=True, timeout=20, capture_output=True)
        return Image.open(glob.glob(str(self.runtime / "*.png"))[0]).convert("RGB")

    def wait_picture(self, timeout: float = 90.0) -> float | None:
        """Seconds until a full-screen picture covers the empty desktop (None: never)."""
        from PIL import ImageChops

        started = time.monotonic()
        while time.monotonic() - started < timeout:
            box = ImageChops.difference(self.screenshot(), self.empty).getbbox()
            if box is not None and box[1] == 0 and box[3] >= SCREEN[1] - 1:  # the panel is covered too
                return time.monotonic() - started
            time.sleep(0.1)
        return None

    def close(self) -> None:
        self.process.kill()
        self.process.wait(10)


def _tree(pid: int) -> list[int]:
    """``pid`` and every process below it."""
    children: dict[int, list[int]] = {}
    for stat in glob.glob("/proc/[0-9]*/stat"):
        try:
            fields = Path(stat).read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(stat.split("/")[2]))
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        todo += children.get(current, [])
    return found


def _pss_mb(pids: list[int]) -> float:
    total = 0
    for pid in pids:
        try:
            for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total += int(line.split()[1])
        except OSError:
            pass
    return total / 1024


def _cpu_and_switches(pid: int) -> tuple[float, int]:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    switches = 0
    for status in glob.glob(f"/proc/{pid}/task/*/status"):
        for line in Path(status).read_text().splitlines():
            if "ctxt_switches" in line:
                switches += int(line.split()[1])
    return (int(fields[11]) + int(fields[12])) / TICK, switches


def _project(folder: Path, port: int) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    project = folder / "compteur"
    subprocess.run([PYTHON, "-m", "fabrique_kit", "new", "compteur", str(project)], check=True,
                   capture_output=True)
    config = project / "fabrique.toml"
    text = config.read_text().replace('taille = "1920x1080"', f'taille = "{SCREEN[0]}x{SCREEN[1]}"')
    config.write_text(text.replace("port = 8000", f"port = {port}"))
    return project


def _kit(project: Path, port: int, env: dict, output: str) -> subprocess.Popen:
    return subprocess.Popen([PYTHON, "-m", "fabrique_kit", "run", str(project), "--port", str(port),
                             "--host", "127.0.0.1", "--simulate"],
                            env={**os.environ, **env, "FABRIQUE_OUTPUT": output},
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _wait_http(port: int, path: str = "/api/health", timeout: float = 60) -> None:
    import urllib.request

    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=2):
                return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def bench_native(weston: Weston, folder: Path) -> list[dict]:
    port = free_port()
    project = _project(folder / "native", port)
    kit = _kit(project, port, weston.env, "natif")
    try:
        first = weston.wait_picture()
        _wait_http(port)
        time.sleep(3)  # discovery and the first frames settle
        cpu0, switches0 = _cpu_and_switches(kit.pid)
        time.sleep(IDLE_SECONDS)
        cpu1, switches1 = _cpu_and_switches(kit.pid)
        pss = _pss_mb(_tree(kit.pid))
    finally:
        kit.terminate()
        kit.wait(15)
    return [
        _row("native output: start → first frame on the screen", first if first is not None else float("nan"),
             "s", "< 10 s", None if first is not None else "no picture within 90 s"),
        _row("native output: whole stack PSS (kit + output)", pss, "MB", "< 90 MB"),
        _row(f"native output: idle CPU over {IDLE_SECONDS:.0f} s", (cpu1 - cpu0) / IDLE_SECONDS * 100, "%",
             "< 0.5 %"),
        _row("native output: idle wake-ups (all threads)", (switches1 - switches0) / IDLE_SECONDS, "/s"),
    ]


def bench_kiosk(weston: Weston, folder: Path) -> list[dict]:
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        return [_row("Chromium kiosk: whole stack PSS (kit + browser)", float("nan"), "MB", None,
                     "Chromium is not installed")]
    port = free_port()
    project = _project(folder / "kiosk", port)
    kit = _kit(project, port, weston.env, "navigateur")
    chromium = None
    try:
        _wait_http(port)
        started = time.monotonic()
        chromium = subprocess.Popen(
            [browser, "--ozone-platform=wayland", "--no-sandbox", "--kiosk", "--no-first-run", "--incognito",
             "--noerrdialogs", f"--user-data-dir={folder / 'chromium'}", f"http://127.0.0.1:{port}/kiosk"],
            env={**os.environ, **weston.env}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        first = weston.wait_picture()
        shown = time.monotonic() - started if first is not None else float("nan")
        time.sleep(10)  # the kiosk page settles
        pss_kit, pss_browser = _pss_mb(_tree(kit.pid)), _pss_mb(_tree(chromium.pid))
    finally:
        if chromium is not None:
            chromium.kill()
            chromium.wait(15)
        kit.terminate()
        kit.wait(15)
    return [
        _row("Chromium kiosk: browser start → first frame on the screen", shown, "s"),
        _row("Chromium kiosk: whole stack PSS (kit + browser)", pss_kit + pss_browser, "MB"),
        _row("Chromium kiosk: the browser's share of it", pss_browser, "MB"),
    ]


PRESS = """
import json, os, re, statistics, sys, time
import requests
from pathlib import Path
from fabrique_kit.project import run_project
from fabrique_kit.screen.outputs.wayland import WaylandOutput
project, port = Path(sys.argv[1]), int(sys.argv[2])
kit = run_project(project, mode="load", quiet=True, simulate=True, port=port, host="127.0.0.1", output="natif")
kit.start()
try:
    output = next(o for o in kit._parts.screen_loop.outputs if isinstance(o, WaylandOutput))
    deadline = time.monotonic() + 60
    while output.frames_shown == 0 and time.monotonic() < deadline:
        time.sleep(0.05)
    button = next(c["id"] for c in kit.web.controls() if c["label"] == "Prendre un ticket")
    base = f"http://127.0.0.1:{port}"
    browser = requests.Session()  # as the preview page does: its CSRF token, then the presses
    token = re.search(r'name="csrf-token" content="([^"]+)"', browser.get(base + "/", timeout=10).text).group(1)
    headers = {"X-CSRF-Token": token}
    times = []
    for _ in range(20):
        shown = output.frames_shown
        started = time.perf_counter()
        browser.post(f"{base}/controls/{button}/press", headers=headers, json={}, timeout=10).raise_for_status()
        while output.frames_shown == shown and time.perf_counter() - started < 10:
            time.sleep(0.001)
        times.append((time.perf_counter() - started) * 1000)
        browser.post(f"{base}/controls/{button}/release", headers=headers, json={}, timeout=10).raise_for_status()
        time.sleep(0.15)  # past the debounce, and the release's own frame
    print("@@" + json.dumps({"median": statistics.median(times), "worst": max(times)}))
finally:
    kit.close()
"""


def _cgroup_pi_zero() -> tuple[list[str], str | None]:
    """cgroup v1 folders for 512 MB and a quarter of a core (the paths, or why not)."""
    if os.geteuid() != 0:
        return [], "needs root to make a cgroup"
    memory, cpu = Path("/sys/fs/cgroup/memory"), Path("/sys/fs/cgroup/cpu")
    if not (memory / "memory.limit_in_bytes").exists() or not (cpu / "cpu.cfs_quota_us").exists():
        return [], "no cgroup v1 memory and cpu controllers here"
    folders = []
    for base, settings in ((memory, {"memory.limit_in_bytes": str(512 * 2**20)}),
                           (cpu, {"cpu.cfs_period_us": "100000", "cpu.cfs_quota_us": "25000"})):
        folder = base / "fabrique-pi-zero"
        folder.mkdir(exist_ok=True)
        for name, value in settings.items():
            (folder / name).write_text(value)
        folders.append(str(folder))
    return folders, None


def bench_press(weston: Weston, folder: Path, pi_zero: bool = False) -> list[dict]:
    label = "press → frame on the screen" + (" (Pi Zero cgroup: 512 MB, 1/4 core)" if pi_zero else "")
    cgroups: list[str] = []
    if pi_zero:
        cgroups, why = _cgroup_pi_zero()
        if why:
            return [_row(label + ", median", float("nan"), "ms", "< 300 ms", why)]
    port = free_port()
    project = _project(folder / ("press-zero" if pi_zero else "press"), port)

    def enter_cgroups():
        for group in cgroups:
            Path(group, "tasks").write_text(str(os.getpid()))

    try:
        done = subprocess.run([PYTHON, "-c", PRESS, str(project), str(port)], capture_output=True, text=True,
                              env={**os.environ, **weston.env}, timeout=300,
                              preexec_fn=enter_cgroups if cgroups else None)
    finally:
        for group in cgroups:  # the cgroups are the benchmark's own: removed once it ended
            with contextlib.suppress(OSError):
                Path(group).rmdir()
    line = next((x for x in done.stdout.splitlines() if x.startswith("@@")), None)
    if line is None:
        reason = (done.stderr.strip().splitlines() or ["?"])[-1]
        return [_row(label + ", median", float("nan"), "ms", None, reason)]
    figures = json.loads(line[2:])
    target = "< 300 ms" if pi_zero else "< 100 ms"
    return [_row(label + ", median", figures["median"], "ms", target),
            _row(label + ", worst of 20", figures["worst"], "ms")]


def run() -> list[dict]:
    if shutil.which("weston") is None or shutil.which("weston-screenshooter") is None:
        return [_row("hall screen under a compositor", float("nan"), "", None, "weston is not installed")]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        weston = Weston(folder)
        try:
            return (bench_native(weston, folder) + bench_press(weston, folder)
                    + bench_press(weston, folder, pi_zero=True) + bench_kiosk(weston, folder))
        finally:
            weston.close()


if __name__ == "__main__":
    for row in run():
        print(f"{row['name']}: {row['value']:.2f} {row['unit']} (target {row['target']}) {row.get('reason', '')}")
