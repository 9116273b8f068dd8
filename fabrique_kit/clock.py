"""Time for the kit, in Europe/Paris, replaceable by a controllable clock in tests.

Example::

    from fabrique_kit.clock import FakeClock
    clock = FakeClock("2026-03-29 01:59")
    clock.advance(minutes=2)        # crosses the daylight-saving change
    clock.now().hour                # 3
    clock.jump("2026-11-23 10:00")  # the wall clock set by the network (a Pi has no RTC)

:class:`JumpDetector` and :class:`ClockJumps` notice such jumps, so that what is
scheduled by wall time (the screen's power, the day change) is computed again.
"""

from __future__ import annotations

import logging
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

    def jump(self, when: str | datetime) -> datetime:
        """Set the wall clock to ``when`` and leave the monotonic counter alone: what a Pi
        without a real-time clock does when the network gives it the time (1970 → now).

        Example: ``FakeClock("1970-01-01 01:00").jump("2026-11-23 10:00")``
        """
        if isinstance(when, str):
            when = datetime.fromisoformat(when)
        if when.tzinfo is None:
            when = when.replace(tzinfo=PARIS)
        with self._lock:
            self._utc = when.astimezone(ZoneInfo("UTC"))
        return self.now()

    def sleep(self, seconds: float, event: threading.Event | None = None) -> bool:
        if event is not None:
            return event.wait(min(seconds, 0.01))
        time.sleep(min(seconds, 0.01))
        return False


JUMP_TOLERANCE = 5.0
"""Seconds the wall clock may drift from the monotonic counter before it counts as a jump."""


class JumpDetector:
    """Notice that the wall clock jumped: it moved unlike the monotonic counter.

    A Pi has no real-time clock: it starts in the past and jumps when the network sets
    the time; a person may also set the clock by hand. What was scheduled by wall time
    (the screen's power, the day change) must then be computed again.

    Example::

        jumps = JumpDetector(clock)
        ...
        if jumps.jumped():      # True once after each jump, then measures from now
            schedule.wake()
    """

    def __init__(self, clock: Clock, tolerance: float = JUMP_TOLERANCE):
        self.clock = clock
        self.tolerance = tolerance
        self._reset()

    def _reset(self) -> None:
        self._wall, self._mono = self.clock.now(), self.clock.monotonic()

    def jumped(self) -> bool:
        """Whether the wall clock jumped since the last question (or the start)."""
        wall, mono = self.clock.now(), self.clock.monotonic()
        drift = (wall - self._wall).total_seconds() - (mono - self._mono)
        self._wall, self._mono = wall, mono
        return abs(drift) > self.tolerance


class ClockJumps:
    """A thread that calls its listeners after each jump of the wall clock.

    It looks every ``every`` seconds (two clock reads: nothing to save on a Pi).

    Example::

        jumps = ClockJumps(SYSTEM_CLOCK).start()
        jumps.subscribe(schedule.wake)
        jumps.stop()
    """

    def __init__(self, clock: Clock, every: float = 20.0, tolerance: float = JUMP_TOLERANCE):
        self.detector = JumpDetector(clock, tolerance)
        self.every = every
        self._listeners: list = []
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def subscribe(self, listener) -> None:
        """Call ``listener()`` after each jump."""
        self._listeners.append(listener)

    def check(self) -> bool:
        """Look once; call the listeners if the clock jumped. Returns whether it did."""
        if not self.detector.jumped():
            return False
        for listener in list(self._listeners):
            try:
                listener()
            except Exception:  # a listener's problem never stops the others
                logging.getLogger(__name__).exception("clock jump listener failed")
        return True

    def start(self) -> ClockJumps:
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="sauts-horloge", daemon=True)
        self._thread.start()
        return self

    def _run(self) -> None:
        while not self._stop.wait(self.every):
            self.check()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(2.0)
            self._thread = None


SYSTEM_CLOCK = Clock()
