"""The :class:`Semainier`: the schedule's data with its questions as methods.

It sits above :mod:`~fabrique_kit.sources.semainier.queries`, which sits above
:mod:`~fabrique_kit.sources.semainier.model`: each imports only downwards.

Example::

    from fabrique_kit.sources.semainier import load_semainier
    planning = load_semainier("semainier.json")
    planning.today(now)          # list of fabrique_kit.model.Session
    planning.is_open(now, place="Maurepas")
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from fabrique_kit.model import Session
from fabrique_kit.sources.semainier import queries
from fabrique_kit.sources.semainier.model import SemainierData


@dataclass(frozen=True)
class Semainier(SemainierData):
    """The whole schedule: places, validity period, holidays and shared closures.

    Every question takes an aware ``now`` (Europe/Paris) and is a pure function of it.
    ``place`` and ``service`` filter by name, ignoring case and accents, and a part of
    the name is enough (``place="Maurepas"``).

    Example::

        planning.next(now, place="Villejean", service="permanence").start
    """

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
