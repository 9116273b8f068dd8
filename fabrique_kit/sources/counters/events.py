"""The life of the tickets, worked out from a counter's events (no SQL, no personal data).

An event is ``(at, kind, ticket, desk, place)``; :func:`replay` turns the events of one
numbering run into :class:`Ticket` objects (waiting, called, served, absent, left).

Example::

    run = replay([("2026-11-23T09:00:00+01:00", "take", 1, None, "Maurepas")])
    run.waiting()       # [1]
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

KINDS = ("take", "call", "served", "absent", "reopen", "close_session", "reset")
"""Every kind of event (the table's ``CHECK`` lists the same)."""


@dataclass
class Ticket:
    """One ticket's life, worked out from the events (no personal data)."""

    number: int
    taken_at: datetime
    place: str = ""
    state: str = "waiting"  # waiting, called, served, absent, left
    desk: int | None = None
    first_call_at: datetime | None = None
    last_call_at: datetime | None = None
    finished_at: datetime | None = None


@dataclass
class Run:
    """The tickets of one numbering run (a day, or the part of a day after a reset)."""

    tickets: dict[int, Ticket]
    open: bool = True
    last_called: tuple[int, int] | None = None  # (ticket, desk)

    def waiting(self) -> list[int]:
        return sorted(n for n, t in self.tickets.items() if t.state == "waiting")

    def at_desk(self, desk: int) -> int | None:
        for number, ticket in self.tickets.items():
            if ticket.state == "called" and ticket.desk == desk:
                return number
        return None


def replay(events: list[tuple]) -> Run:
    """Work out the tickets from ``(at, kind, ticket, desk, place)`` events of one run."""
    run = Run(tickets={})
    for at_text, kind, number, desk, place in events:
        at = datetime.fromisoformat(at_text)
        ticket = run.tickets.get(number) if number is not None else None
        if kind == "take":
            run.tickets[number] = Ticket(number, at, place or "")
            run.open = True
        elif kind in ("close_session", "reset"):
            for other in run.tickets.values():
                if other.state == "waiting":
                    other.state, other.finished_at = "left", at
            run.open = False
        elif ticket is None:
            continue
        elif kind == "call":
            ticket.state, ticket.desk, ticket.last_call_at = "called", desk, at
            ticket.first_call_at = ticket.first_call_at or at
            run.last_called = (number, desk)
        elif kind in ("served", "absent"):
            ticket.state, ticket.finished_at = kind, at
        elif kind == "reopen":
            ticket.state, ticket.desk, ticket.finished_at = "waiting", None, None
            run.open = True
    return run
