"""A summed-up line names the day of its sessions: never « Aujourd'hui » for tomorrow's."""

from datetime import datetime

from fabrique_kit.clock import PARIS
from fabrique_kit.i18n import use_language
from fabrique_kit.model import Session
from fabrique_kit.screen.widgets.schedule_rows import more_text


def _session(day: int, hour: int) -> Session:
    return Session(start=datetime(2026, 11, day, hour, tzinfo=PARIS), end=datetime(2026, 11, day, hour + 2, tzinfo=PARIS),
                   service="Permanence numérique")


def test_today_s_sessions_say_today_and_tomorrow_s_say_their_day():
    now = datetime(2026, 11, 23, 19, tzinfo=PARIS)  # Monday evening
    with use_language("fr"):
        assert more_text([_session(23, 9)], alone=True, now=now).startswith("Aujourd'hui : ")
        tomorrow = more_text([_session(24, 9), _session(24, 14)], alone=True, now=now)
    assert tomorrow.startswith("Mardi 24 novembre : ") and "Aujourd" not in tomorrow
    with use_language("en"):
        assert more_text([_session(24, 9)], alone=True, now=now).startswith("Tuesday 24 November: ")
