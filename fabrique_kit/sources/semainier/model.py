"""The semainier's data once read: places, weekly slots, closures, one-offs, cancellations.

These are frozen dataclasses, so two readings of the same file are equal (``==``)
and the state does not bump the version when nothing changed. This module is the
bottom of the package: it imports none of its siblings. The questions (what is on
today, what is open now...) are in :mod:`~fabrique_kit.sources.semainier.queries`,
and :class:`~fabrique_kit.sources.semainier.schedule.Semainier` adds them as methods.

Example::

    from fabrique_kit.sources.semainier.model import Place, Slot
    slot = Slot(weekday=0, start=time(9), end=time(12), service="Permanence numérique")
    Place("Maurepas", slots=(slot,)).slots[0].service     # 'Permanence numérique'
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time

from fabrique_kit.i18n import _

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
class SemainierData:
    """The whole schedule's data: places, validity period, holidays and shared closures.

    The questions (what is on today...) are the methods of its subclass
    :class:`~fabrique_kit.sources.semainier.schedule.Semainier`; the functions of
    :mod:`~fabrique_kit.sources.semainier.queries` take this plain data.

    Example::

        SemainierData(places=(Place("Maurepas"),)).places[0].name    # 'Maurepas'
    """

    places: tuple[Place, ...]
    valid_from: date | None = None
    valid_until: date | None = None
    public_holidays: bool = True
    school_holidays: tuple[DateRange, ...] = ()
    closures: tuple[DateRange, ...] = ()
