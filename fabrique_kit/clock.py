"""Time for the kit, in Europe/Paris, replaceable by a controllable clock in tests.

Example::

    from fabrique_kit.clock import FakeClock
    clock = FakeClock("2026-03-29 01:59")
    clock.advance(minutes=2)        # crosses the daylight-saving change
    clock.now().hour                # 3
"""

from __future__ import annotations

import threading
import time
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

PARIS = ZoneInfo("Europe/Paris")


class Clock:
    """The real clock: aware datetimes in Europe/Paris, and a monotonic counter."""

    tz = PARIS

    def now(self) -> datetime:
        return datetime.now(self.tz)

    def monotonic(self) -> float:
        return time.monotonic()

    def sleep(self, seconds: float, event: threading.Event | None = None) -> bool:
        """Wait ``seconds`` or until ``event`` is set; True if the event was set."""
        if event is None:
            time.sleep(seconds)
            return False
        return event.wait(seconds)


class FakeClock(Clock):
    """A clock that only moves when told to (tests, benchmarks, the screen schedule).

    Example: ``clock = FakeClock("2026-11-23 10:00"); clock.advance(minutes=5)``
    """

    def __init__(self, start: str | datetime = "2026-11-23 10:00"):
        if isinstance(start, str):
            start = datetime.fromisoformat(start)
        if start.tzinfo is None:
            start = start.replace(tzinfo=PARIS)
        self._utc = start.astimezone(ZoneInfo("UTC"))
        self._mono = 1000.0
        self._lock = threading.Lock()

    def now(self) -> datetime:
        with self._lock:
            return self._utc.astimezone(self.tz)

    def monotonic(self) -> float:
        with self._lock:
            return self._mono

    def advance(self, **delta) -> datetime:
        """Move time forward, e.g. ``advance(minutes=5)``; returns the new local time."""
        step = timedelta(**delta)
        with self._lock:
            self._utc += step
            self._mono += step.total_seconds()
        return self.now()

    def set(self, when: str | datetime) -> datetime:
        """Jump to ``when`` (local Paris time when naive)."""
        if isinstance(when, str):
            when = datetime.fromisoformat(when)
        if when.tzinfo is None:
            when = when.replace(tzinfo=PARIS)
        with self._lock:
            new = when.astimezone(ZoneInfo("UTC"))
            self._mono += (new - self._utc).total_seconds()
            self._utc = new
        return self.now()

    def sleep(self, seconds: float, event: threading.Event | None = None) -> bool:
        if event is not None:
            return event.wait(min(seconds, 0.01))
        time.sleep(min(seconds, 0.01))
        return False


SYSTEM_CLOCK = Clock()
