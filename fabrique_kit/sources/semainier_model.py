"""The semainier once read: places, weekly slots, closures, one-offs, cancellations.

These are frozen dataclasses, so two readings of the same file are equal (``==``)
and the state does not bump the version when nothing changed. The questions (what is
on today, what is open now...) are methods that call :mod:`semainier_queries`.

Example::

    from fabrique_kit.sources.semainier import load_semainier
    planning = load_semainier("semainier.json")
    planning.today(now)          # list of fabrique_kit.model.Session
    planning.is_open(now, place="Maurepas")
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from fabrique_kit.i18n import _
from fabrique_kit.model import Session
from fabrique_kit.sources import semainier_queries as queries

DAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
"""French day names, Monday first (``DAYS[day.weekday()]``), as written in the file."""


def day_name(weekday: int) -> str:
    """The name of a weekday (0 = Monday) in the language of the messages.

    Example::

        day_name(0)    # 'lundi' (or 'Monday' in English)
    """
    names = (_("lundi"), _("mardi"), _("mercredi"), _("jeudi"), _("vendredi"), _("samedi"), _("dimanche"))
    return names[weekday]


@dataclass(frozen=True)
class Slot:
    """A regular weekly slot (« créneau »): every ``weekday`` from ``start`` to ``end``.

    ``weekday`` is 0 for Monday. ``during_school_holidays=False`` skips the slot in the
    school holidays listed in the file; ``valid_from``/``valid_until`` limit its dates.
    """

    weekday: int
    start: time
    end: time
    service: str
    who: str | None = None
    room: str | None = None
    public: str | None = None
    drop_in: bool = True
    note: str | None = None
    during_school_holidays: bool = True
    valid_from: date | None = None
    valid_until: date | None = None


@dataclass(frozen=True)
class OneOff:
    """A one-off session (« séance exceptionnelle ») on ``day``."""

    day: date
    start: time
    end: time
    service: str
    who: str | None = None
    room: str | None = None
    public: str | None = None
    drop_in: bool = True
    note: str | None = None


@dataclass(frozen=True)
class Cancellation:
    """A slot cancelled on ``day`` (« annulation »), found by its start and/or service."""

    day: date
    start: time | None = None
    service: str | None = None
    reason: str | None = None


@dataclass(frozen=True)
class DateRange:
    """Days from ``first`` to ``last`` included, with a reason (closures, school holidays)."""

    first: date
    last: date
    reason: str | None = None

    def __contains__(self, day: date) -> bool:
        return self.first <= day <= self.last


@dataclass(frozen=True)
class Place:
    """One place (« lieu ») with its opening hours and its schedule.

    ``hours[weekday]`` is a tuple of ``(open, close)`` times (two when there is a
    lunch break, none when closed that day).
    """

    name: str
    address: str | None = None
    hours: tuple[tuple[tuple[time, time], ...], ...] = ((),) * 7
    slots: tuple[Slot, ...] = ()
    closures: tuple[DateRange, ...] = ()
    one_offs: tuple[OneOff, ...] = ()
    cancellations: tuple[Cancellation, ...] = ()
    services: tuple[str, ...] = ()


@dataclass(frozen=True)
class Semainier:
    """The whole schedule: places, validity period, holidays and shared closures.

    Every question takes an aware ``now`` (Europe/Paris) and is a pure function of it.
    ``place`` and ``service`` filter by name, ignoring case and accents, and a part of
    the name is enough (``place="Maurepas"``).
    """

    places: tuple[Place, ...]
    valid_from: date | None = None
    valid_until: date | None = None
    public_holidays: bool = True
    school_holidays: tuple[DateRange, ...] = ()
    closures: tuple[DateRange, ...] = ()

    def sessions_on(self, day: date, place: str | None = None, service: str | None = None) -> list[Session]:
        """The sessions of ``day`` (cancelled ones included, flagged), sorted by start."""
        return queries.sessions_on(self, day, place, service)

    def today(self, now: datetime, place: str | None = None, service: str | None = None) -> list[Session]:
        """Today's sessions; empty on a closed day (see :meth:`closure`)."""
        return queries.sessions_on(self, queries.paris_time(now).date(), place, service)

    def closure(self, day: date, place: str | None = None) -> str | None:
        """Why ``day`` is closed (« Jour férié : Noël », a closure's reason), or None."""
        return queries.closure(self, day, place)

    def open_now(self, now: datetime, place: str | None = None, service: str | None = None) -> list[Session]:
        """The sessions running at ``now``; each one's ``end`` says until when."""
        return queries.open_now(self, now, place, service)

    def next(self, now: datetime, place: str | None = None, service: str | None = None) -> Session | None:
        """The next session starting after ``now`` (next week or later), or None."""
        return queries.next_session(self, now, place, service)

    def week(self, now: datetime, place: str | None = None, service: str | None = None) -> dict[date, list[Session]]:
        """The 7 days from today: ``{date: sessions}``."""
        return queries.week(self, now, place, service)

    def is_open(self, now: datetime, place: str | None = None, service: str | None = None) -> bool:
        """Whether the place is open at ``now`` (or, with ``service``, a session runs)."""
        return queries.is_open(self, now, place, service)

    def closes_at(self, now: datetime, place: str | None = None, service: str | None = None) -> datetime | None:
        """When the current opening ends, or None when closed now."""
        return queries.closes_at(self, now, place, service)

    def opens_at(self, now: datetime, place: str | None = None, service: str | None = None) -> datetime | None:
        """When it next opens after ``now``, or None if never in the validity period."""
        return queries.opens_at(self, now, place, service)
