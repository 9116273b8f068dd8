"""Once today's sessions are over, the schedule says when the next one is."""

from datetime import datetime

from fabrique_kit.clock import PARIS, FakeClock
from fabrique_kit.i18n import use_language
from fabrique_kit.model import Session
from fabrique_kit.screen import Renderer
from fabrique_kit.screen.widgets.schedule import Schedule


def at(day, hour, minute=0):
    return datetime(2026, 11, day, hour, minute, tzinfo=PARIS)


MORNING = Session(start=at(27, 9, 30), end=at(27, 12), service="Espace Ressources Emploi")
MONDAY = Session(start=at(30, 9, 30), end=at(30, 12), service="Permanence numérique")


def test_coming_line_only_when_today_is_over():
    widget = Schedule([MORNING], coming=MONDAY)
    with use_language("fr"):
        assert widget.coming_line(at(27, 10)) is None  # a session is on: no need
        line = widget.coming_line(at(27, 14))
    assert line == "Prochaine permanence : lundi 30 novembre, 9h30 – 12h · Permanence numérique\nSans rendez-vous"
    with use_language("en"):
        assert widget.coming_line(at(27, 14)).startswith("Next session: Monday 30 November, 09:30")


def test_coming_line_is_drawn_at_the_bottom_of_the_box():
    def frame(coming):
        renderer = Renderer(lambda screen: screen.schedule([MORNING], coming=coming), size=(1280, 720),
                            clock=FakeClock("2026-11-27 14:00"))
        return renderer.render(force=True).image.convert("L")

    with_line, without = frame(MONDAY), frame(None)
    band = (0, 560, 1280, 700)
    dark = sum(1 for v in with_line.crop(band).get_flattened_data() if v < 100)
    assert dark > 500
    assert sum(1 for v in without.crop(band).get_flattened_data() if v < 100) < dark / 10
