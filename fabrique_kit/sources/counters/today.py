"""Today's queue kept up to date event by event: each action costs the same at ticket 1 or 7,500.

A :class:`TodayQueue` holds only what the screen and the next action need — the
waiting numbers, who is at each desk, the last ticket, the last three calls and the
last service times — and :meth:`TodayQueue.apply` folds one more event into it. The
counter reads the events written since the last one it saw (its own and other
processes'), so nothing is ever replayed twice; the history stays in SQLite.

Example::

    queue = TodayQueue("2026-11-23", 0)
    queue.apply(("2026-11-23T09:00:00+01:00", "take", 1, None))
    queue.apply(("2026-11-23T09:05:00+01:00", "call", 1, 2))
    queue.at_desk(2)        # 1
"""

from __future__ import annotations

import bisect
from collections import deque
from dataclasses import dataclass, field
from datetime import datetime

from fabrique_kit.model import CallRecord

RECENT_CALLS = 3  # the calls the hall screen lists
RECENT_SERVICES = 20  # how many recent service times the wait estimate uses


@dataclass
class TodayQueue:
    """The live status of one numbering run (a day, or the part of a day after a reset)."""

    day: str
    run: int
    waiting: list[int] = field(default_factory=list)  # sorted
    called: dict[int, tuple[int, datetime]] = field(default_factory=dict)  # ticket -> (desk, call time)
    last_ticket: int | None = None
    open: bool = True
    last_called: tuple[int, int] | None = None  # (ticket, desk)
    calls: deque = field(default_factory=lambda: deque(maxlen=RECENT_CALLS * 4))
    services: deque = field(default_factory=lambda: deque(maxlen=RECENT_SERVICES))  # minutes
    desks_used: set[int] = field(default_factory=set)

    def at_desk(self, desk: int) -> int | None:
        """The ticket being served at ``desk`` (the smallest, as a replay would say), or None."""
        found = [n for n, (d, _at) in self.called.items() if d == desk]
        return min(found) if found else None

    def exists(self, number: int) -> bool:
        """True if ``number`` was taken in this run (numbers are given 1, 2, 3… in order)."""
        return self.last_ticket is not None and 1 <= number <= self.last_ticket

    def recent_calls(self) -> tuple[CallRecord, ...]:
        """The last calls, newest first, a number once (its newest call), at most three."""
        seen: set[int] = set()
        out = []
        for record in reversed(self.calls):
            if record.number not in seen:
                seen.add(record.number)
                out.append(record)
            if len(out) == RECENT_CALLS:
                break
        return tuple(out)

    def apply(self, event: tuple) -> bool:
        """Fold ``(at, kind, ticket, desk)`` into the queue; True when it ends the run (a reset).

        Example: ``queue.apply(("2026-11-23T09:00:00+01:00", "take", 1, None))`` → ``False``
        """
        at_text, kind, number, desk = event
        if kind == "take":
            self.last_ticket = max(number, self.last_ticket or 0)
            self._wait(number)
            self.open = True
        elif kind in ("close_session", "reset"):
            self.waiting.clear()
            self.called.clear()
            self.open = False
            return kind == "reset"
        elif number is None or not self.exists(number):
            return False
        elif kind == "call":
            self._unwait(number)
            at = datetime.fromisoformat(at_text)
            self.called[number] = (desk, at)
            self.desks_used.add(desk)
            self.last_called = (number, desk)
            self.calls.append(CallRecord(number, desk, at))
        elif kind in ("served", "absent"):
            self._unwait(number)
            call = self.called.pop(number, None)
            if kind == "served" and call is not None:
                self.note_service(call[1], datetime.fromisoformat(at_text))
        elif kind == "reopen":
            self.called.pop(number, None)
            self._wait(number)
            self.open = True
        return False

    def note_service(self, start: datetime | None, end: datetime | None) -> None:
        """Keep one service time (call → served) for the wait estimate; slips of the button are not kept."""
        if start is None or end is None:
            return
        minutes = (end - start).total_seconds() / 60
        if 1 <= minutes <= 180:
            self.services.append(minutes)

    def _wait(self, number: int) -> None:
        index = bisect.bisect_left(self.waiting, number)
        if index == len(self.waiting) or self.waiting[index] != number:
            self.waiting.insert(index, number)

    def _unwait(self, number: int) -> None:
        index = bisect.bisect_left(self.waiting, number)
        if index < len(self.waiting) and self.waiting[index] == number:
            del self.waiting[index]
