"""Fixtures of the screen tests: a fake clock and a state with sample data."""

from __future__ import annotations

import pytest

from fabrique_kit.clock import FakeClock
from fabrique_kit.model import QueueStatus
from fabrique_kit.state import State
from tests.screen.samples import sample_news, sample_sessions


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock("2026-11-23 14:32:05")


@pytest.fixture
def state(clock) -> State:
    state = State(clock)
    state.set("semainier", sample_sessions())
    state.set("actus", sample_news())
    state.set("attente", QueueStatus("attente", called=42, desk=2, waiting=5, estimated_wait_min=25))
    return state
