"""The status line never gives an age to information that was never read."""

from fabrique_kit.clock import FakeClock
from fabrique_kit.i18n import use_language
from fabrique_kit.screen import Renderer
from fabrique_kit.state import State


def _status(state, clock):
    def draw(screen):
        screen.header("Espace Social Commun Kléber")
        screen.news(state.get("actus") or [])
        screen.status(names=["actus"])

    frame = Renderer(draw, size=(1280, 720), state=state, clock=clock).render()
    return " ".join(frame.display.texts("status"))


def test_a_feed_that_never_loaded_has_no_age():
    clock = FakeClock("2026-12-01 10:00")
    state = State(clock)
    state.fail("actus", "injoignable")  # the first refresh already failed
    clock.advance(minutes=1)
    with use_language("fr"):
        text = _status(state, clock)
    assert "mises à jour" not in text
    assert "Certaines informations sont indisponibles" in text


def test_a_feed_read_once_then_lost_shows_its_age():
    clock = FakeClock("2026-12-01 10:00")
    state = State(clock)
    state.set("actus", [])
    clock.advance(minutes=30)
    state.fail("actus", "injoignable")
    with use_language("fr"):
        text = _status(state, clock)
    assert "Informations mises à jour il y a 30 min" in text
    assert "indisponibles" not in text
