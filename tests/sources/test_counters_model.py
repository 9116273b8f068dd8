"""Random sequences of counter actions checked against a tiny in-memory model (hypothesis)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fabrique_kit.clock import FakeClock
from fabrique_kit.errors import FabriqueError
from fabrique_kit.model import DeskStatus
from fabrique_kit.sources.counters import Counter

ACTIONS = st.lists(
    st.one_of(
        st.just(("take",)),
        st.tuples(st.sampled_from(["call", "served", "absent"]), st.integers(1, 2)),
        st.tuples(st.just("reopen"), st.integers(1, 8)),
        st.just(("close",)),
    ),
    max_size=40,
)


class Model:
    """What the counter should show, worked out the simplest way."""

    def __init__(self):
        self.state: dict[int, str] = {}
        self.at_desk = {1: None, 2: None}
        self.last_called = (None, None)
        self.open = True

    def waiting(self) -> list[int]:
        return sorted(n for n, s in self.state.items() if s == "waiting")

    def apply(self, action):
        kind = action[0]
        if kind == "take":
            number = len(self.state) + 1
            self.state[number] = "waiting"
            self.open = True
            return number
        if kind == "call":
            desk = action[1]
            if self.at_desk[desk]:
                self.state[self.at_desk[desk]] = "served"
                self.at_desk[desk] = None
            if not self.waiting():
                return None
            number = self.waiting()[0]
            self.state[number], self.at_desk[desk], self.last_called = "called", number, (number, desk)
            return number
        if kind in ("served", "absent"):
            number = self.at_desk[action[1]]
            if number:
                self.state[number], self.at_desk[action[1]] = kind, None
            return number
        if kind == "reopen":
            number = action[1]
            if self.state.get(number) not in ("served", "absent", "left"):
                return FabriqueError
            self.state[number], self.open = "waiting", True
            return number
        for desk, number in self.at_desk.items():
            if number:
                self.state[number], self.at_desk[desk] = "served", None
        left = self.waiting()
        for number in left:
            self.state[number] = "left"
        self.open = False
        return len(left)


def run(counter: Counter, action):
    kind = action[0]
    try:
        if kind == "take":
            return counter.take_ticket()
        if kind == "call":
            return counter.call_next(desk=action[1])
        if kind == "served":
            return counter.served(desk=action[1])
        if kind == "absent":
            return counter.absent(desk=action[1])
        if kind == "reopen":
            return counter.reopen(action[1])
        return counter.close_session()
    except FabriqueError:
        return FabriqueError


@settings(max_examples=40, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(ACTIONS)
def test_counter_matches_the_model(actions):
    clock = FakeClock("2026-11-23 09:00")
    with tempfile.TemporaryDirectory() as folder:
        counter = Counter("attente", db_path=Path(folder) / "a.sqlite3", clock=clock, desks=2)
        model = Model()
        for action in actions:
            clock.advance(minutes=3)
            assert run(counter, action) == model.apply(action), action
            status = counter.status()
            assert status.waiting == len(model.waiting())
            assert (status.called, status.desk) == model.last_called
            assert status.open == model.open
            assert status.last_ticket == (len(model.state) or None)
            assert status.desks == (DeskStatus(1, model.at_desk[1]), DeskStatus(2, model.at_desk[2]))
        counter.close()
