"""Benchmarks of the hall screen: frame time, redraw time, idle CPU, memory.

Run alone with ``python benchmarks/bench_screen.py``; ``benchmarks/run.py`` imports
it and calls :func:`run`, which returns one dict per measure::

    {"name": "...", "value": 12.3, "unit": "ms", "target": "< 30 ms"}
"""

from __future__ import annotations

import resource
import sys
import tempfile
import time
import tracemalloc
from datetime import datetime
from pathlib import Path

from timing import median_ms

from fabrique_kit.clock import PARIS, SYSTEM_CLOCK, FakeClock
from fabrique_kit.model import NewsItem, QueueStatus, Session
from fabrique_kit.screen import Renderer, ScreenLoop
from fabrique_kit.screen.outputs import FramebufferOutput
from fabrique_kit.state import State

SIZE = (1920, 1080)
REPEAT = 30


def sample_state(clock) -> State:
    """A Monday afternoon at an Espace Social Commun: sessions, news, a queue."""
    day = clock.now().date()

    def at(hour, minute=0):
        return datetime(day.year, day.month, day.day, hour, minute, tzinfo=PARIS)

    state = State(clock)
    state.set("semainier", [
        Session(at(9), at(12), "Permanence numérique", who="Awa", room="Salle 2"),
        Session(at(14), at(17), "Démarches accompagnées : préfecture, titres de séjour", room="Salle 2"),
        Session(at(15), at(16, 30), "Atelier smartphone", cancelled=True, reason="formatrice absente"),
        Session(at(17), at(18), "Espace Ressources Emploi", drop_in=False),
    ])
    state.set("actus", [
        NewsItem("Nouveaux horaires des bornes CAF", "Ouvertes aux heures d'accueil."),
        NewsItem("Atelier « FranceConnect » jeudi", "Se connecter aux services publics en ligne."),
        NewsItem("مساعدة مجانية في الإجراءات الإدارية", "كل يوم ثلاثاء"),
    ])
    state.set("attente", QueueStatus("attente", called=42, desk=2, waiting=5, estimated_wait_min=25))
    return state


def hall(state: State):
    def draw(screen):
        screen.header("Espace Social Commun Maurepas")
        screen.message("Fermeture exceptionnelle lundi 1er décembre.", kind="closure")
        screen.schedule(state.get("semainier"))
        screen.big_number(state.get("attente"))
        screen.news(state.get("actus"), per_page=3)
        screen.qr("https://www.espacenumeriqueesc.fr", label="Tous nos ateliers")
        screen.status()

    return draw


def row(name: str, value: float, unit: str, target: str | None = None) -> dict:
    return {"name": name, "value": round(value, 3), "unit": unit, "target": target}


def bench_frames() -> list[dict]:
    clock = FakeClock("2026-11-23 14:32:05")
    state = sample_state(clock)
    renderer = Renderer(hall(state), size=SIZE, state=state, clock=clock)
    start = time.perf_counter()
    renderer.render()
    first = (time.perf_counter() - start) * 1000
    full = median_ms(lambda: renderer.render(force=True), repeat=REPEAT)
    full_cpu = median_ms(lambda: renderer.render(force=True), repeat=REPEAT, clock=time.process_time)
    numbers = iter(range(43, 43 + 10 * REPEAT))

    def one_change():
        state.set("attente", QueueStatus("attente", called=next(numbers), desk=1, waiting=4))
        assert renderer.render() is not None

    changed = median_ms(one_change, repeat=REPEAT)
    unchanged = median_ms(renderer.render, repeat=REPEAT)
    frame = renderer.render(force=True)
    png = median_ms(lambda: frame.__class__(frame.image, 0, [], frame.time).png(), repeat=5)
    return [
        row("écran : première image 1920x1080 (polices froides)", first, "ms"),
        row("écran : image complète 1920x1080 (médiane)", full, "ms", "< 30 ms"),
        row("écran : image complète 1920x1080 (temps CPU, médiane)", full_cpu, "ms", "< 30 ms"),
        row("écran : nouvelle image après un changement de valeur", changed, "ms", "< 30 ms"),
        row("écran : render() sans changement", unchanged, "ms", "< 1 ms"),
        row("écran : encodage PNG pour l'aperçu", png, "ms"),
    ]


def bench_framebuffer() -> list[dict]:
    clock = FakeClock("2026-11-23 14:32:05")
    state = sample_state(clock)
    renderer = Renderer(hall(state), size=SIZE, state=state, clock=clock)
    frame = renderer.render()
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        for bits in (32, 16):
            sysfs = Path(folder) / f"sys{bits}" / "class" / "graphics" / "fb0"
            sysfs.mkdir(parents=True)
            (sysfs / "virtual_size").write_text("1920,1080")
            (sysfs / "bits_per_pixel").write_text(str(bits))
            (sysfs / "stride").write_text(str(1920 * bits // 8))
            device = Path(folder) / f"sys{bits}" / "fb0"
            device.write_bytes(b"")
            output = FramebufferOutput(str(device), sysfs_root=str(Path(folder) / f"sys{bits}"))
            output.show(frame)
            numbers = iter(range(2, 2 + 10 * REPEAT))
            whole = median_ms(lambda output=output, numbers=numbers: output.show(
                frame.__class__(frame.image, next(numbers) + 1000, frame.dirty, frame.time)), repeat=10)
            output.close()
            rows.append(row(f"écran : écriture framebuffer {bits} bits, image entière", whole, "ms"))
    return rows


def bench_idle_cpu(seconds: float = 3.0) -> dict:
    """CPU used by a running screen loop while nothing changes (real clock)."""
    state = sample_state(SYSTEM_CLOCK)
    renderer = Renderer(hall(state), size=SIZE, state=state, clock=SYSTEM_CLOCK)
    loop = ScreenLoop(renderer, [])
    loop.step()  # the first frame is not idle time
    loop.start()
    time.sleep(0.2)
    cpu_start, wall_start = time.process_time(), time.perf_counter()
    time.sleep(seconds)
    cpu, wall = time.process_time() - cpu_start, time.perf_counter() - wall_start
    loop.stop()
    return row("écran : CPU de la boucle au repos", 100 * cpu / wall, "%", "< 1 %")


def bench_memory() -> list[dict]:
    clock = FakeClock("2026-11-23 14:32:05")
    state = sample_state(clock)
    tracemalloc.start()
    renderer = Renderer(hall(state), size=SIZE, state=state, clock=clock)
    for _ in range(5):
        renderer.render(force=True)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    max_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux
    return [
        row("écran : pic mémoire Python (tracemalloc, sans les images Pillow)", peak / 1e6, "MB"),
        row("écran : mémoire maximale du processus (RSS)", max_rss, "MB"),
    ]


def bench_press_to_frame(size=(3840, 2160), presses: int = 10) -> list[dict]:
    """Press → frame on the largest layout: a button's action changes a plain variable,
    the loop's recheck runs the drawing again and shows the new page (real clock)."""
    import threading

    state = sample_state(SYSTEM_CLOCK)
    page = [0]
    base = hall(state)

    def draw(screen):
        base(screen)
        screen.text(f"Page {page[0]}", title="Informations")

    shown = threading.Event()

    class Output:
        def show(self, frame):
            shown.set()

        def close(self):
            pass

    renderer = Renderer(draw, size=size, state=state, clock=SYSTEM_CLOCK)
    loop = ScreenLoop(renderer, [Output()])
    loop.step()
    loop.start()
    times = []
    for _ in range(presses):
        shown.clear()
        start = time.perf_counter()
        page[0] += 1
        loop.recheck()
        shown.wait(5)
        times.append((time.perf_counter() - start) * 1000)
    loop.stop()
    times.sort()
    full = median_ms(lambda: renderer.render(force=True), repeat=5)
    return [
        row(f"écran : appui → image {size[0]}x{size[1]} (médiane)", times[len(times) // 2], "ms", "< 100 ms"),
        row(f"écran : image complète {size[0]}x{size[1]} (médiane)", full, "ms"),
    ]


def run() -> list[dict]:
    """All the screen's measures, as rows for ``benchmarks/run.py``."""
    return bench_frames() + bench_press_to_frame() + bench_framebuffer() + [bench_idle_cpu()] + bench_memory()


if __name__ == "__main__":
    for item in run():
        target = f"  (cible {item['target']})" if item["target"] else ""
        print(f"{item['name']:<66} {item['value']:>9.2f} {item['unit']}{target}")
    sys.exit(0)
