"""Fixtures shared by the sources' tests: French messages, a real local HTTP server, a clock."""

import pytest

from fabrique_kit.clock import FakeClock
from fabrique_kit.i18n import use_language
from tests.sources.feed_server import FeedServer


@pytest.fixture(autouse=True)
def french():
    with use_language("fr"):
        yield


@pytest.fixture
def server():
    with FeedServer() as running:
        yield running


@pytest.fixture
def clock():
    return FakeClock("2026-11-23 10:00")
