"""An accelerated soak: months of a hall screen squeezed into half an hour, memory sampled.

A waiting-counter kit with a news feed runs as on a hall screen (the native output under
a headless weston when it is installed, its web server, its threads), while:

- the feed (a local HTTP server) changes every 2 s;
- a button is pressed every 0.5 s through the kit's web server (a ticket, then a call);
- the kit's clock moves 4 minutes at each press, so a day passes every 3 minutes.

RSS is sampled every 10 s. The figure that matters is the growth after the first 5
minutes (caches filled, pages touched): it should stay under 5 MB. ``FABRIQUE_SOAK_MIN``
sets the length (30 minutes by default); the curve is written to
``benchmarks/results/soak.csv``.
"""

from __future__ import annotations

import http.server
import os
import re
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path

from timing import free_port

MINUTES = float(os.environ.get("FABRIQUE_SOAK_MIN", "30"))
WARM_UP_MIN = min(5.0, MINUTES / 3)
HERE = Path(__file__).resolve().parent

MAIN = '''
from fabrique_kit import Kit

kit = Kit()
attente = kit.counter("attente")
actus = kit.feed("{feed}", every=2, name="actus")
kit.button(17, "Prendre un ticket").when_pressed = attente.take_ticket
kit.button(27, "Appeler le suivant").when_pressed = attente.call_next


@kit.screen
def salle(screen):
    screen.header(kit.place, clock=True)
    screen.big_number(attente.status())
    screen.news(actus.latest(3))


kit.run()
'''


class Feed(http.server.BaseHTTPRequestHandler):
    """An RSS feed whose three titles change every 2 s."""

    def do_GET(self):  # noqa: N802 - the standard library's name
        step = int(time.monotonic() / 2)
        items = "".join(f"<item><title>Nouvelle {step}-{i} : atelier numérique n°{step * 3 + i}</title>"
                        f"<guid>{step}-{i}</guid><description>Détail {step}</description></item>" for i in range(3))
        body = f'<?xml version="1.0"?><rss version="2.0"><channel><title>Actus</title>{items}</channel></rss>'
        data = body.encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/rss+xml")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


def _rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")




def run() -> list[dict]:
    import requests

    from fabrique_kit.clock import FakeClock
    from fabrique_kit.project import new_project, run_project

    sys.path.insert(0, str(HERE))
    from bench_hall_screen import Weston

    feed = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Feed)
    threading.Thread(target=feed.serve_forever, daemon=True).start()
    samples: list[tuple[float, float]] = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        weston = Weston(folder) if shutil.which("weston") and shutil.which("weston-screenshooter") else None
        if weston is not None:
            os.environ.update(weston.env)
        output = "natif" if weston is not None else "aucune"
        project = new_project("compteur", folder / "soak")
        (project / "main.py").write_text(MAIN.format(feed=f"http://127.0.0.1:{feed.server_port}/rss"))
        port = free_port()
        clock = FakeClock("2026-12-01 08:00")
        kit = run_project(project, mode="load", quiet=True, simulate=True, port=port, host="127.0.0.1",
                          output=output, clock=clock)
        kit.start()
        try:
            base = f"http://127.0.0.1:{port}"
            browser = requests.Session()
            token = re.search(r'name="csrf-token" content="([^"]+)"', browser.get(base + "/", timeout=10).text)
            headers = {"X-CSRF-Token": token.group(1) if token else ""}
            controls = {c["label"]: c["id"] for c in kit.web.controls()}
            buttons = [controls["Prendre un ticket"], controls["Appeler le suivant"]]
            started = time.monotonic()
            next_sample = started
            presses = 0
            while (now := time.monotonic()) - started < MINUTES * 60:
                button = buttons[presses % 3 == 2]  # two tickets taken, one called
                browser.post(f"{base}/controls/{button}/press", headers=headers, json={}, timeout=10)
                browser.post(f"{base}/controls/{button}/release", headers=headers, json={}, timeout=10)
                presses += 1
                clock.advance(minutes=4)
                if now >= next_sample:
                    samples.append(((now - started) / 60, _rss_mb()))
                    next_sample += 10
                time.sleep(0.5)
        finally:
            kit.close()
            feed.shutdown()
            if weston is not None:
                weston.close()
    out = HERE / "results"
    out.mkdir(exist_ok=True)
    (out / "soak.csv").write_text("minutes;rss_mb\n" + "".join(f"{m:.2f};{r:.1f}\n" for m, r in samples))
    after_warm = [r for m, r in samples if m >= WARM_UP_MIN]
    growth = (max(after_warm) - after_warm[0]) if len(after_warm) > 1 else float("nan")
    curve = " ".join(f"{r:.0f}" for m, r in samples[:: max(1, len(samples) // 12)])
    return [
        {"name": f"soak {MINUTES:.0f} min ({presses} presses, {MINUTES * 20:.0f} days): RSS at the start",
         "value": samples[0][1], "unit": "MB", "target": None},
        {"name": f"soak: RSS growth after the first {WARM_UP_MIN:.0f} min", "value": growth, "unit": "MB",
         "target": "< 5 MB"},
        {"name": f"soak: RSS at the end (curve, MB: {curve})", "value": samples[-1][1], "unit": "MB",
         "target": None},
    ]


if __name__ == "__main__":
    for row in run():
        print(f"{row['name']}: {row['value']:.2f} {row['unit']} (target {row['target']})")
