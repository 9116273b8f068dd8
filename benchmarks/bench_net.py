"""Benchmarks of the kits' network: discovery time and follow latency.

Run alone: ``python benchmarks/bench_net.py``. ``run()`` returns a list of
``{"name", "value", "unit", "target"}``.

- ``net.discovery_s``: from a new kit starting to advertise to another kit listing
  it (median of 3; includes zeroconf's ~1.5 s name probing). Target < 3 s.
- ``net.follow_latency_ms``: from a value changing on its owner to the change in a
  follower's state, through the long-poll API on loopback (median and worst of 30).
  Target < 500 ms.
"""

from __future__ import annotations

import contextlib
import json
import secrets
import statistics
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from flask import Flask  # noqa: E402
from waitress import create_server  # noqa: E402

from fabrique_kit.actions import Actions  # noqa: E402
from fabrique_kit.net import Advertiser, Browser, Follower  # noqa: E402
from fabrique_kit.state import State  # noqa: E402
from fabrique_kit.web.api import api_blueprint  # noqa: E402


class _Kit:
    def __init__(self, name: str):
        self.state, self.actions, self.site_key = State(), Actions(), None
        self.name, self.id, self.port = name, f"bench-{secrets.token_hex(4)}", 0

    def info(self) -> dict:
        return {
            "id": self.id,
            "name": self.name,
            "place": "Banc d'essai",
            "template": "bench",
            "version": "0",
            "port": self.port,
        }


def discovery_time(trials: int = 3) -> float | None:
    """Median seconds for a new kit to appear in another kit's browser."""
    times = []
    found = {}
    seen = threading.Condition()

    def on_change(peer) -> None:
        with seen:
            found.setdefault(peer.id, time.monotonic())
            seen.notify_all()

    with Browser(on_change=on_change):
        for _ in range(trials):
            kit = _Kit(f"Banc {secrets.token_hex(3)}")
            advertiser = Advertiser(kit.info(), 9)
            started = time.monotonic()
            registering = threading.Thread(target=advertiser.start, daemon=True)
            registering.start()  # seen at its first announcement, before start() returns
            with seen:
                seen.wait_for(lambda kit=kit: kit.id in found, timeout=10)
            if kit.id in found:
                times.append(found[kit.id] - started)
            registering.join(10)
            advertiser.stop()
    return statistics.median(times) if len(times) == trials else None


def _serve_quietly(server) -> None:
    with contextlib.suppress(OSError):  # close() pulls the sockets from under select()
        server.run()


def follow_latency(changes: int = 30) -> tuple[float, float]:
    """Median and worst milliseconds for a change on the owner to reach a follower."""
    owner = _Kit("Accueil")
    app = Flask("bench")
    app.register_blueprint(api_blueprint(owner))
    server = create_server(app, host="127.0.0.1", port=0, threads=8)
    threading.Thread(target=_serve_quietly, args=(server,), daemon=True).start()
    local = State()
    arrived = threading.Event()
    local.subscribe(lambda names: arrived.set())
    follower = Follower("Accueil", "compteur", local, f"http://127.0.0.1:{server.effective_port}")
    owner.state.set("compteur", 0)
    follower.start()
    latencies = []
    try:
        while local.get("compteur") != 0:
            time.sleep(0.01)
        for n in range(1, changes + 1):
            time.sleep(0.05)  # the follower is back in its long-poll
            arrived.clear()
            started = time.monotonic()
            owner.state.set("compteur", n)
            while local.get("compteur") != n and arrived.wait(2):
                arrived.clear()
            latencies.append((time.monotonic() - started) * 1000)
    finally:
        follower.stop()
        server.close()
    return statistics.median(latencies), max(latencies)


def run() -> list[dict]:
    results = []
    try:
        seconds = discovery_time()
    except Exception as error:  # no multicast here: say so instead of failing
        print(f"discovery benchmark skipped: {error}", file=sys.stderr)
        seconds = None
    results.append(
        {
            "name": "net.discovery_s",
            "value": None if seconds is None else round(seconds, 3),
            "unit": "s",
            "target": "< 3",
        }
    )
    median, worst = follow_latency()
    results.append(
        {
            "name": "net.follow_latency_ms",
            "value": round(median, 1),
            "unit": "ms",
            "target": "< 500",
        }
    )
    results.append(
        {
            "name": "net.follow_latency_worst_ms",
            "value": round(worst, 1),
            "unit": "ms",
            "target": "< 500",
        }
    )
    return results


if __name__ == "__main__":
    print(json.dumps(run(), indent=2))
