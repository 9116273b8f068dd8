"""Plain data shared by sources and the screen: sessions, news items, queue status.

Sources produce these; widgets draw them. They are small frozen dataclasses that
turn into JSON with :func:`as_dict` (for the kits' API).

Example::

    from datetime import datetime
    from fabrique_kit.model import Session
    s = Session(start=datetime(2026, 11, 23, 14), end=datetime(2026, 11, 23, 17),
                service="Permanence numérique", room="Salle 2", drop_in=True)
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from typing import Any


@dataclass(frozen=True)
class Session:
    """One session of a service on one day (from a weekly slot or a one-off).

    Example: ``[s.service for s in planning.today() if s.is_on(kit.clock.now())]``
    """

    start: datetime
    end: datetime
    service: str
    who: str | None = None
    room: str | None = None
    public: str | None = None
    drop_in: bool = True  # False: by appointment only (« sur rendez-vous »)
    note: str | None = None
    place: str | None = None
    cancelled: bool = False
    reason: str | None = None  # why it is cancelled or closed

    def is_on(self, now: datetime) -> bool:
        """True while the session is running at ``now``."""
        return not self.cancelled and self.start <= now < self.end


class UnavailableSchedule(list):
    """An empty list of sessions that means « the schedule could not be read », not
    « no session today »: the screen then says the information is unavailable.

    Example: ``UnavailableSchedule()`` is ``[]`` for code that only loops over it, and
    ``getattr(sessions, "unavailable", False)`` is True.
    """

    unavailable = True


class BackupSchedule(list):
    """Today's sessions read from the last good copy of a broken file (``semainier.json.bak``).

    ``saved_at`` is when that copy was the file in use (its age for the screen: « planning
    du 28 novembre »); ``closure`` is set when that copy says today is closed.

    Example: ``getattr(sessions, "from_backup", False)`` is True; ``sessions.saved_at``
    → ``datetime(2026, 11, 28, 17, 5, …)``
    """

    from_backup = True

    def __init__(self, sessions=(), saved_at: datetime | None = None, closure: str | None = None):
        super().__init__(sessions)
        self.saved_at = saved_at
        self.closure = closure


class ClosedDay(list):
    """No session today because the place is closed, and why (``closure``: « Jour férié :
    Noël », « Fermeture des fêtes de fin d'année »): the screen says so instead of « no
    session today ».

    Example: ``ClosedDay("Jour férié : Noël").closure`` → ``'Jour férié : Noël'``
    """

    def __init__(self, closure: str):
        super().__init__()
        self.closure = closure


@dataclass(frozen=True)
class NewsItem:
    """One headline from a feed, already cleaned to plain text.

    Example: ``[item.title for item in news.latest(3)]``
    """

    title: str
    summary: str = ""
    published: datetime | None = None
    link: str | None = None
    image: str | None = None
    source: str | None = None
    id: str | None = None


@dataclass(frozen=True)
class DeskStatus:
    """The ticket being served at one desk. Example: ``status.desks[0].called`` → ``12``."""

    desk: int
    called: int | None = None  # ticket number being served at this desk


@dataclass(frozen=True)
class CallRecord:
    """One recent call, for the hall screen's list of the last calls.

    Example: ``status.recent_calls[0].number, status.recent_calls[0].desk`` → ``(12, 2)``
    """

    number: int
    desk: int
    at: datetime


@dataclass(frozen=True)
class QueueStatus:
    """What a waiting counter shows: the number called, to which desk, who waits.

    Example: ``status = queue.status(); status.called, status.waiting`` → ``(12, 4)``
    """

    name: str
    called: int | None = None
    desk: int | None = None
    waiting: int = 0
    estimated_wait_min: int | None = None
    last_ticket: int | None = None
    open: bool = True
    desks: tuple[DeskStatus, ...] = field(default_factory=tuple)
    day: date | None = None
    recent_calls: tuple[CallRecord, ...] = ()  # newest first, at most 3 (counters fills it)


def as_dict(item: Any) -> Any:
    """A dataclass (or list of them) as JSON-ready data, datetimes as ISO strings.

    Example: ``as_dict(queue.status())["called"]`` → ``12``
    """
    if isinstance(item, list | tuple):
        return [as_dict(x) for x in item]
    data = asdict(item)

    def convert(value):
        if isinstance(value, datetime | date):
            return value.isoformat()
        if isinstance(value, dict):
            return {k: convert(v) for k, v in value.items()}
        if isinstance(value, list | tuple):
            return [convert(v) for v in value]
        return value

    return convert(data)
