"""Waiting counters: queue tickets for drop-in help desks, safe against power cuts.

A :class:`Counter` stores **events** in a small SQLite file: a ticket taken, a number
called to a desk, a person served or absent, a ticket reopened, a session closed, a
reset. Only times, ticket numbers and desk numbers are stored — never a name or any
personal data. What the screen shows (the number called, who waits, the estimated
wait) is worked out from these events, and so are the yearly figures
(:mod:`~fabrique_kit.sources.counters.figures`).

How the tickets live:

- ``take_ticket()`` gives the next number; the first ticket of a day is 1;
- ``call_next(desk)`` calls the smallest waiting number to ``desk``; the person who was
  at that desk is noted as served (so two buttons, "take" and "next", are enough);
- ``served()`` / ``absent()`` end the ticket called at a desk (or a given ticket);
- ``reopen(ticket)`` puts an absent (or closed) ticket back in the queue, in its place;
- ``close_session()`` ends the session: the people at a desk are noted as served, the
  tickets still waiting as "left without help"; the next ticket opens a new session
  and the numbers go on;
- ``reset()`` does the same and starts the numbers again at 1.

Every action is one ``BEGIN IMMEDIATE`` transaction in WAL mode with
``synchronous=FULL``: once an action returned, it survives a power cut, and two actions
at the same instant (threads or processes) never share or lose a number.

Today's queue is kept in memory event by event (``today``): an action costs the same at
the first ticket and at the 7,500th, and the history stays in SQLite. A person turned
away (« refus ») is noted with ``turn_away(kind)``; the yearly bilan (``bilan``: figures
in SQL; ``bilan_report``: printable page with pygal charts, CSV, ODS) counts them. A
damaged file is moved aside with its readable rows saved (``recovery``), a full disk
is a :class:`~fabrique_kit.errors.DiskFullError`, and tickets taken before the clock is
trusted are filed once it is (``filing``, :mod:`fabrique_kit.clock_sync`); ``guard``
holds these for the counter.

The modules import one way only, from top to bottom (a contract of ``lint-imports``
checks it): ``tools`` (what ``fabrique stats`` does) and ``bilan_report`` → ``counter``
(:class:`Counter`) and ``bilan`` → ``guard`` → ``figures``, ``today``, ``filing`` and
``sample`` (a made-up year) → ``events`` and ``store`` (the SQLite file) → ``recovery``.

Example::

    from fabrique_kit.sources.counters.counter import Counter
    queue = Counter("attente", db_path=Path("/tmp/attente.sqlite3"), desks=2)
    queue.take_ticket()         # 1
    queue.take_ticket()         # 2
    queue.call_next(desk=2)     # 1
    queue.status().waiting      # 1
"""

from fabrique_kit.sources.counters.counter import (
    DEFAULT_REQUEST_KINDS,
    DEFAULT_SERVICE_MIN,
    RECENT_SERVICES,
    Counter,
)
from fabrique_kit.sources.counters.events import KINDS, Run, Ticket, replay
from fabrique_kit.sources.counters.figures import stats, write_csv
from fabrique_kit.sources.counters.store import (
    BUSY_TIMEOUT_MS,
    SCHEMA,
    check_counter_name,
    connect,
    counter_db_path,
)

__all__ = [
    "BUSY_TIMEOUT_MS", "Counter", "DEFAULT_REQUEST_KINDS", "DEFAULT_SERVICE_MIN", "KINDS", "RECENT_SERVICES", "Run", "SCHEMA",
    "Ticket", "check_counter_name", "connect", "counter_db_path", "replay", "stats", "write_csv",
]
