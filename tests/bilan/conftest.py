"""Fixtures of the bilan's tests: French messages, a clock, a counter in a real SQLite file."""

import pytest

from fabrique_kit.clock import FakeClock
from fabrique_kit.i18n import use_language
from fabrique_kit.sources.counters import Counter, counter_db_path


@pytest.fixture(autouse=True)
def french():
    with use_language("fr"):
        yield


@pytest.fixture
def clock():
    return FakeClock("2026-03-10 09:00")  # a Tuesday morning


@pytest.fixture
def queue(tmp_path, clock):
    counter = Counter("attente", db_path=counter_db_path(tmp_path, "attente"), clock=clock, desks=2,
                      place="ESC Maurepas")
    yield counter
    counter.close()
