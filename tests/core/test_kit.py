"""The kit's life: start, draw only on change, stop cleanly (threads, pins, port)."""

from __future__ import annotations

import socket
import threading
import time

import pytest

from fabrique_kit.clock import FakeClock
from fabrique_kit.project import new_project
from fabrique_kit.run_options import run_options
from tests.waiting import wait_until


@pytest.fixture
def project(tmp_path):
    return new_project("afficheur", tmp_path / "afficheur")


def kit_threads() -> set[str]:
    return {t.name for t in threading.enumerate() if t.name.startswith(("fabrique", "waitress"))}


def test_kit_reads_config_beside_project(project):
    from fabrique_kit import Kit

    with run_options(project_dir=project, simulate=True, quiet=True):
        kit = Kit()
    assert kit.place == "Espace Social Commun Maurepas"
    assert kit.simulated is True
    assert kit.web.semainier_document() is not None
    assert "attente" in kit.web.counters()
    assert kit.message["text"].startswith("Bienvenue")
    kit.close()


def test_start_and_close_leave_nothing_behind(project):
    from fabrique_kit import Kit

    before = set(threading.enumerate())
    with run_options(project_dir=project, simulate=True, quiet=True, port=0):
        kit = Kit()
        button = kit.button(17, "Prendre un ticket")
        kit.start()
    port = kit.port
    assert port
    with socket.create_connection(("127.0.0.1", port), timeout=2):
        pass
    assert kit.web.wait_frame(0, timeout=5) >= 1
    started = time.monotonic()
    kit.close()
    assert time.monotonic() - started < 2
    time.sleep(0.1)
    assert set(threading.enumerate()) - before == set()
    with socket.socket() as s:
        s.bind(("127.0.0.1", port))  # the port is free again
    assert button.closed


def test_no_redraw_when_nothing_changes_and_redraw_on_action(project):
    from fabrique_kit import Kit

    clock = FakeClock("2026-11-23 10:00")
    with run_options(project_dir=project, simulate=True, quiet=True, network=False):
        kit = Kit(clock=clock)
    queue = kit.counter("attente")
    first = kit.render(force=True)
    assert first is not None
    assert kit.renderer.render() is None  # nothing changed: no frame
    queue.take_ticket()
    queue.call_next()
    frame = kit.renderer.render()
    assert frame is not None and frame.number > first.number
    assert frame.dirty  # only what changed is marked
    kit.close()


def test_message_actions(project):
    from fabrique_kit import Kit
    from fabrique_kit.errors import FabriqueError

    clock = FakeClock("2026-11-23 10:00")
    with run_options(project_dir=project, simulate=True, quiet=True, network=False):
        kit = Kit(clock=clock)
    kit.actions.run("message.post", text="Fermé cet après-midi", until="2026-11-23T12:00")
    assert kit.message["text"] == "Fermé cet après-midi"
    clock.advance(hours=3)
    assert kit.message is None
    with pytest.raises(FabriqueError):
        kit.actions.run("message.post", text="x", until="demain")
    kit.close()


def test_screen_switches_off_outside_opening_hours(project):
    from fabrique_kit import Kit

    config = project / "fabrique.toml"
    text = config.read_text(encoding="utf-8").replace('theme = "clair"', 'theme = "clair"\nextinction = true')
    config.write_text(text, encoding="utf-8")
    clock = FakeClock("2026-11-23 20:00")  # Monday evening: Maurepas is closed
    with run_options(project_dir=project, simulate=True, quiet=True, network=False):
        kit = Kit(clock=clock)
    kit.start()
    try:
        schedule = kit._parts.screen_schedule  # the kit's inner piece, under test
        wait_until(lambda: schedule.power.is_on is False, timeout=3)
        assert schedule.power.is_on is False
        clock.set("2026-11-24 08:50")  # Tuesday, 10 minutes before opening at 9:00
        schedule.wake()
        wait_until(lambda: schedule.power.is_on is True, timeout=3)
        assert schedule.power.is_on is True
        assert kit.web.wait_frame(0, timeout=5) >= 1  # the kit kept running while the screen was off
    finally:
        kit.close()
    assert not any(t.name == "ecran-horaires" for t in threading.enumerate())


def test_what_an_every_function_returns_is_not_a_delay(project):
    """``return 0`` in an ``@kit.every`` function once made a busy loop (494,288 calls in 2 s)."""
    from fabrique_kit import Kit

    calls = []
    with run_options(project_dir=project, simulate=True, quiet=True, network=False):
        kit = Kit()

        @kit.every("1 min")
        def tick():
            calls.append(time.monotonic())
            return 0

        kit.start()
    try:
        wait_until(lambda: calls, timeout=5)  # it runs at once...
        time.sleep(1.0)
        assert len(calls) == 1  # ...then waits its minute, whatever it returned
    finally:
        kit.close()


def test_a_delay_returned_by_a_source_is_never_a_busy_loop():
    from fabrique_kit.runtime import MIN_DELAY, Periodic

    calls = []
    stop = threading.Event()
    periodic = Periodic("source", lambda: calls.append(1) or 0, 60, stop)
    periodic.start()
    wait_until(lambda: calls, timeout=5)
    time.sleep(MIN_DELAY / 2)
    stop.set()
    periodic.join(2)
    assert len(calls) == 1


def test_big_number_of_the_counter_itself_shows_its_called_number(project):
    """``screen.big_number(attente)`` once drew ``<fabrique_kit.sources.c…`` on the hall screen."""
    from fabrique_kit.project import run_project

    script = project / "main.py"
    script.write_text(script.read_text(encoding="utf-8").replace(
        "screen.big_number(attente.status())", "screen.big_number(attente)"), encoding="utf-8")
    kit = run_project(project, mode="load", quiet=True, simulate=True, network=False)
    try:
        queue = kit.counter("attente")
        queue.take_ticket()
        queue.call_next(desk=2)
        display = kit.render(force=True).display
        assert display.texts("queue.number") == ["1"]
        assert display.texts("queue.desk") == ["Guichet 2"]
        assert not [item.text for item in display.items if "<" in item.text or "fabrique_kit" in item.text]
    finally:
        kit.close()


def test_big_number_of_something_it_cannot_show_is_told_to_the_author():
    from fabrique_kit.clock import FakeClock
    from fabrique_kit.screen import Renderer

    def draw(screen):
        screen.header("Maurepas")
        screen.big_number(object())

    frame = Renderer(draw, size=(1280, 720), clock=FakeClock("2026-11-23 10:00")).render()
    assert any("screen.big_number() montre un nombre" in error for error in frame.errors)
    texts = " ".join(item.text for item in frame.display.items)
    assert "object" not in texts and "<" not in texts  # nothing of Python on the public screen


def test_a_button_that_changes_a_plain_variable_redraws_the_screen(tmp_path):
    """``global page; page += 1`` in a button's action once never reached the screen."""
    from fabrique_kit.project import run_project

    project = new_project("afficheur", tmp_path / "pages")
    (project / "main.py").write_text(
        "from fabrique_kit import Kit\n"
        "kit = Kit()\n"
        "page = 0\n"
        "def next_page():\n"
        "    global page\n"
        "    page += 1\n"
        "kit.button(17, 'Page suivante').when_pressed = next_page\n"
        "@kit.screen\n"
        "def hall(screen):\n"
        "    screen.header(kit.place)\n"
        "    screen.text(f'Page {page}', title='Informations')\n"
        "kit.run()\n", encoding="utf-8")
    kit = run_project(project, mode="load", quiet=True, simulate=True, network=False, port=0)
    kit.start()
    try:
        def shown():
            frame = kit.web.latest_frame()
            return frame.display.texts("text.body") if frame is not None else []

        wait_until(lambda: shown() == ["Page 0"], timeout=5)
        button = next(c["id"] for c in kit.web.controls() if c["label"] == "Page suivante")
        kit.web.press(button)
        kit.web.release(button)
        wait_until(lambda: shown() == ["Page 1"], timeout=5)
    finally:
        kit.close()
