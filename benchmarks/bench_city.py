"""Benchmark of the city network: a real Mosquitto, 50 places × 3 kits (client objects).

Run alone: ``python benchmarks/bench_city.py``. ``run()`` returns a list of
``{"name", "value", "unit", "target"}``. Each simulated kit is what a real kit runs for
the city: one paho-mqtt client subscribed to the whole tree, its checked view of the
city, and the « Ailleurs aujourd'hui » panel worked out again on every change.

- ``city.ticket_to_panel_p50_ms`` / ``_p99_ms``: a ticket taken at one place (its new
  status published) to the panel of a kit of another place worked out with the new wait
  (100 tickets at random places; every one of the 150 clients receives each of them).
  Target p99 < 1000 ms.
- ``city.broker_rss_mb`` and ``city.broker_cpu_s``: Mosquitto's memory and CPU time
  for the whole run (150 clients, retained offers, statuses, health, tickets).
- ``city.kit_panel_cpu_ms``: CPU time of one kit working out its fleet and panel from
  the 50 places (once per burst of messages, 50 ms after the first).
- ``city.kit_rss_mb``: memory of one kit's city part (the process's growth / 150).
- ``city.kit_traffic_kb_per_h``: bytes one kit receives and sends in an hour of normal
  life (every place's status and every kit's health each 5 minutes, 30 tickets an hour
  at each place), counted at the client (payload + topic + MQTT header).
"""

from __future__ import annotations

import getpass
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from fabrique_kit.city.client import CityClient  # noqa: E402
from fabrique_kit.city.nearby import elsewhere  # noqa: E402
from fabrique_kit.city.offer import build_offer, build_status  # noqa: E402
from fabrique_kit.city.payloads import encode  # noqa: E402
from fabrique_kit.city.settings import CitySettings  # noqa: E402
from fabrique_kit.city.topics import kit_topic, offer_topic, status_topic  # noqa: E402
from fabrique_kit.city.view import CityView, Coalesced  # noqa: E402
from fabrique_kit.clock import FakeClock  # noqa: E402
from fabrique_kit.kit.city_side import UPDATE_DELAY_S  # noqa: E402
from fabrique_kit.model import QueueStatus  # noqa: E402
from fabrique_kit.sources.semainier import load_semainier  # noqa: E402

PLACES, KITS = int(os.environ.get("BENCH_PLACES", 50)), 3
TICKETS = 100
WATCHED = 5
SAMPLE = Path(__file__).resolve().parents[1] / "fabrique_kit" / "sources" / "samples" / "semainier-exemple.json"


def _rss_mb(pid: int | str = "self") -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _cpu_s(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class SimKit:
    """One kit's city part: a client, a view, the panel recomputed on each change."""

    def __init__(self, settings: CitySettings, name: str, now, watched: bool = False, receives: bool = True):
        self.view, self.now, self.place, self.watched = CityView(), now, settings.place, watched
        self.panel: dict = {}
        self.updated = 0.0
        self.changed = threading.Condition()
        self.bytes_in = 0
        # a place's publisher that is not a watched kit subscribes to nothing (its kit-0 is in the other process)
        topic = "fabrique/v1/#" if receives else f"fabrique/v1/lieux/{settings.place}/banc"
        self.client = CityClient(settings, name if receives else "banc", on_message=self._message,
                                 on_problem=lambda _p: None, subscribe=topic, will=False)
        self.later = Coalesced(UPDATE_DELAY_S, self._update)  # as kit/city_side.py does

    def _message(self, topic: str, raw: bytes) -> None:
        self.bytes_in += len(raw) + len(topic) + 5
        if self.view.receive(topic, raw, self.now) and self.watched:
            self.later.poke()

    def _update(self) -> None:
        panel = elsewhere(self.view.fleet(self.now), self.place, self.now, None)
        with self.changed:
            self.panel = panel
            self.updated = time.perf_counter()
            self.changed.notify_all()

    def wait_for(self, place: str, waiting: int, since: float, timeout: float = 5.0) -> bool:
        """Until this kit has the new status of ``place`` and its panel worked out from it
        (the panel shows the best four places: the one that changed may not be among them)."""
        def seen() -> bool:
            return (self.view.status(place) or {}).get("attente") == waiting and self.updated > since

        with self.changed:
            return self.changed.wait_for(seen, timeout)


def _others(port: int, passwords: dict, places: list[str], watched: set[str]) -> subprocess.Popen:
    """The kits 1 and 2 of every place, in a process of their own (they receive and check
    every message): in one process, 150 clients' threads would wait on each other (the
    GIL), when each real kit is a device of its own."""
    import json

    child = subprocess.Popen([sys.executable, __file__, "--others", str(port)], stdin=subprocess.PIPE,
                             stdout=subprocess.PIPE, text=True)
    assert child.stdin is not None and child.stdout is not None
    child.stdin.write(json.dumps({"passwords": {p: passwords[p] for p in places}, "watched": sorted(watched)}) + "\n")
    child.stdin.flush()
    child.stdout.readline()  # "ready": every client subscribed
    return child


def _run_others(port: int) -> None:
    import json

    given = json.loads(sys.stdin.readline())
    passwords, watched = given["passwords"], set(given["watched"])
    before = _rss_mb()
    now = FakeClock("2026-11-23 14:30").now()
    kits = []
    for place, password in passwords.items():
        settings = CitySettings(host="127.0.0.1", port=port, tls=False, place=place, user=place, password=password)
        kits += [SimKit(settings, f"kit-{k}", now) for k in range(KITS) if k or place not in watched]
    for kit in kits:
        kit.client.start()
    for kit in kits:
        kit.client.subscribed.wait(10)
    print("ready", flush=True)
    sys.stdin.read()  # until the benchmark closes it
    print(_rss_mb() - before, flush=True)
    for kit in kits:
        kit.client.stop()


def run() -> list[dict]:
    if not Path("/usr/sbin/mosquitto").exists() or not shutil.which("mosquitto_passwd"):
        return [{"name": "city: skipped (Mosquitto not installed)", "value": float("nan"), "unit": "", "target": None}]
    from fabrique_kit.city.broker import write_broker_config

    folder = Path(tempfile.mkdtemp(prefix="bench-city-"))
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    places = [f"lieu-{i:02d}" for i in range(PLACES)]
    files = write_broker_config(folder, places, port=port, host="127.0.0.1", user=getpass.getuser())
    broker = subprocess.Popen(["/usr/sbin/mosquitto", "-c", str(files.conf)], stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    time.sleep(0.5)
    clock = FakeClock("2026-11-23 14:30")
    now = clock.now()
    semainier = load_semainier(SAMPLE)
    template = semainier.places[1]  # Villejean: open on Monday afternoon
    rss_before = _rss_mb()
    kits: dict[str, list[SimKit]] = {}
    # every client receives and checks every message; the panel is worked out by the kits
    # watched only: in one process, 150 kits' panels would queue behind one lock (the GIL),
    # when each real kit is a device of its own (its cost: city.kit_panel_cpu_ms)
    watched = set(places[:WATCHED])
    try:
        for place in places:
            settings = CitySettings(host="127.0.0.1", port=port, tls=False, place=place, user=place,
                                    password=files.passwords[place])
            kits[place] = [SimKit(settings, "kit-0", now, watched=True, receives=place in watched)]
            kits[place][0].client.start()
        for place in places:
            kits[place][0].client.subscribed.wait(10)
        # every other kit (145) in a process of its own: the broker sends each message to 150 kits
        others = _others(port, files.passwords, places, watched)
        offer = build_offer(semainier, template, now, "Métro A — Villejean-Université")
        for place in places:  # each place's retained offer, status and health
            first = kits[place][0]
            name = f"Espace Social {place}"
            first.client.publish(offer_topic(place), {"lieu": place, **offer, "nom": name})
            status = build_status(semainier, template, now, [QueueStatus("attente", waiting=0, estimated_wait_min=0)])
            first.client.publish(status_topic(place), {"lieu": place, **status, "nom": name})
            for k in range(KITS):  # the health of the place's three kits
                first.client.publish(kit_topic(place, f"kit-{k}"),
                                     {"lieu": place, "kit": f"kit-{k}", "en_ligne": True, "version": "0.1.0", "erreurs": []})
        time.sleep(2.0)
        rss_after = _rss_mb()
        rng = random.Random(7)
        delays, waiting = [], dict.fromkeys(places, 0)
        status_bytes = []
        for _ in range(TICKETS):
            source = rng.choice(places)
            waiting[source] += 1
            status = build_status(semainier, template, now,
                                  [QueueStatus("attente", waiting=waiting[source], estimated_wait_min=7 * waiting[source])])
            data = {"lieu": source, **status, "nom": f"Espace Social {source}"}
            status_bytes.append(len(encode(data)))
            target = rng.choice(sorted(p for p in watched if p != source))
            watcher = kits[target][0]
            started = time.perf_counter()
            kits[source][0].client.publish(status_topic(source), data)
            if watcher.wait_for(source, waiting[source], started):
                delays.append((time.perf_counter() - started) * 1000)
            else:
                delays.append(5000.0)
        broker_rss, broker_cpu = _rss_mb(broker.pid), _cpu_s(broker.pid)
        others.stdin.close()
        others_rss = float(others.stdout.readline() or "nan")
        others.wait(30)
        one = kits[places[0]][0]
        cpu = []
        for _ in range(20):
            started_cpu = time.process_time()
            elsewhere(one.view.fleet(now), one.place, now, None)
            cpu.append((time.process_time() - started_cpu) * 1000)
        delays.sort()
        health = len(encode({"lieu": "lieu-00", "kit": "kit-0", "en_ligne": True, "version": "0.1.0",
                             "derniere_image": now.isoformat(), "erreurs": [], "publie": now.isoformat()}))
        topic = len(status_topic("lieu-00")) + 5
        per_hour_in = PLACES * (12 * (statistics.mean(status_bytes) + topic) + KITS * 12 * (health + topic)
                                + 30 * (statistics.mean(status_bytes) + topic))
        per_hour_out = 12 * (health + topic) + (12 + 30) * (statistics.mean(status_bytes) + topic) / KITS
        p99 = delays[min(len(delays) - 1, int(len(delays) * 0.99))]
        return [
            {"name": "city.ticket_to_panel_p50_ms", "value": round(statistics.median(delays), 1), "unit": "ms",
             "target": "p99 < 1000"},
            {"name": "city.ticket_to_panel_p99_ms", "value": round(p99, 1), "unit": "ms", "target": "< 1000"},
            {"name": "city.broker_rss_mb", "value": round(broker_rss, 1), "unit": "MB", "target": None},
            {"name": "city.broker_cpu_s", "value": round(broker_cpu, 2), "unit": "s", "target": None},
            {"name": "city.kit_panel_cpu_ms", "value": round(statistics.median(cpu), 2), "unit": "ms",
             "target": None},
            {"name": "city.kit_rss_mb", "value": round((rss_after - rss_before + others_rss) / (PLACES * KITS), 2), "unit": "MB",
             "target": None},
            {"name": "city.kit_traffic_kb_per_h", "value": round((per_hour_in + per_hour_out) / 1024, 1),
             "unit": "kB", "target": None},
        ]
    finally:
        for group in kits.values():
            for kit in group:
                kit.client.stop()
        broker.terminate()
        broker.wait(5)
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__" and sys.argv[1:2] == ["--others"]:
    _run_others(int(sys.argv[2]))
elif __name__ == "__main__":
    for row in run():
        print(f"{row['name']:<34} {row['value']:>10} {row['unit']}")
