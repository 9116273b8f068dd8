"""The screen loop sleeps while nothing changes and wakes on a change."""

import time

from fabrique_kit.model import QueueStatus
from fabrique_kit.screen import Renderer, ScreenLoop


class Collect:
    def __init__(self):
        self.frames = []
        self.closed = False

    def show(self, frame):
        self.frames.append(frame)

    def close(self):
        self.closed = True


def test_step_waits_until_the_next_minute(state, clock):
    renderer = Renderer(lambda s: s.header("Kléber"), size=(640, 360), state=state, clock=clock)
    output = Collect()
    loop = ScreenLoop(renderer, [output, None])
    assert loop.step() == 55.0  # 14:32:05 → 14:33:00
    assert loop.step() == 55.0 and len(output.frames) == 1  # nothing new, nothing shown


def test_loop_wakes_on_a_change_and_stops(state, clock):
    def draw(screen):
        screen.big_number(state.get("attente"))

    output = Collect()
    loop = ScreenLoop(Renderer(draw, size=(640, 360), state=state, clock=clock), [output])
    loop.start()
    try:
        deadline = time.monotonic() + 5
        while not output.frames and time.monotonic() < deadline:
            time.sleep(0.01)
        state.set("attente", QueueStatus("attente", called=99))
        while len(output.frames) < 2 and time.monotonic() < deadline:
            time.sleep(0.01)
    finally:
        loop.stop()
    assert len(output.frames) == 2 and output.frames[1].announcements == ["Numéro 99"]
    assert output.closed


def test_a_deadline_in_the_past_does_not_make_the_loop_spin(state, clock):
    from datetime import timedelta

    from fabrique_kit.screen.widgets import TextBlock

    class Confused(TextBlock):
        def next_change(self, now):
            return now - timedelta(minutes=1)

    renderer = Renderer(lambda s: s.add(Confused("Bonjour")), size=(640, 360), state=state, clock=clock)
    loop = ScreenLoop(renderer, [], max_sleep=30)
    loop.step()
    assert renderer.next_deadline() is None and loop.step() == 30
