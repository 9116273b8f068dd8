"""Questions asked of a semainier: what is on today, open now, next, this week.

Every function is pure: it takes the semainier's data
(:class:`~fabrique_kit.sources.semainier.model.SemainierData`, of which
:class:`~fabrique_kit.sources.semainier.schedule.Semainier` is the subclass with these
questions as methods) and an aware ``now`` (or a day) and returns sessions or
datetimes in Europe/Paris. Dates are turned into times with :func:`at`, which stays
right across daylight-saving changes.

Example::

    from fabrique_kit.sources.semainier.queries import next_session
    next_session(planning, now, place="Villejean", service="permanence")
"""

from __future__ import annotations

import unicodedata
from datetime import UTC, date, datetime, time, timedelta

from fabrique_kit.clock import PARIS
from fabrique_kit.errors import FabriqueError, did_you_mean
from fabrique_kit.i18n import _
from fabrique_kit.model import Session
from fabrique_kit.sources.holidays_fr import french_public_holidays, holiday_name
from fabrique_kit.sources.semainier.model import Cancellation, Place, SemainierData, Slot

HORIZON_DAYS = 400
"""How far ahead ``next`` and ``opens_at`` look when the validity period is open-ended."""

Interval = tuple[datetime, datetime]


def at(day: date, moment: time) -> datetime:
    """``day`` at ``moment``, Paris time, as an aware datetime (valid even on DST days).

    Example::

        at(date(2026, 3, 29), time(9)).isoformat()   # '2026-03-29T09:00:00+02:00'
    """
    local = datetime.combine(day, moment, tzinfo=PARIS)
    return local.astimezone(UTC).astimezone(PARIS)


def paris_time(now: datetime) -> datetime:
    """``now`` in Paris time (a naive datetime is taken as Paris time already)."""
    return now.replace(tzinfo=PARIS) if now.tzinfo is None else now.astimezone(PARIS)


def simplify(text: str) -> str:
    """Lower case, no accents, single spaces: ``"Kléber "`` → ``"kleber"``."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(plain.lower().split())


def matches(name: str, wanted: str) -> bool:
    """Whether ``wanted`` is a part of ``name``, ignoring case, accents and punctuation.

    Example::

        matches("Wi-Fi public", "wifi")     # True
    """
    def letters(text: str) -> str:
        return "".join(c for c in simplify(text) if c.isalnum())

    return letters(wanted) in letters(name)


def public_holiday(day: date) -> str | None:
    """The French public holiday on ``day`` (« Noël »), or None."""
    return french_public_holidays(day.year).get(day)


def select_places(semainier: SemainierData, place: str | None) -> list[Place]:
    """The places named ``place`` (exact name first, else a part of it); all when None.

    Raises :class:`FabriqueError` with a suggestion when no place matches.
    """
    if place is None:
        return list(semainier.places)
    wanted = simplify(place)
    exact = [p for p in semainier.places if simplify(p.name) == wanted]
    if exact:
        return exact
    partial = [p for p in semainier.places if matches(p.name, place)]
    if partial:
        return partial
    names = [p.name for p in semainier.places]
    raise FabriqueError(
        _("Lieu inconnu dans le semainier : « {place} ».", place=place), hint=_choices_hint(place, names)
    )


def _choices_hint(word: str, names) -> str:
    """« Vouliez-vous dire … ? » comparing ``word`` to whole names and to their words."""
    by_word = {part: name for name in names for part in simplify(name).split()}
    best = did_you_mean(word, names) or by_word.get(did_you_mean(simplify(word), by_word) or "")
    if best:
        return _("Vouliez-vous dire « {suggestion} » ?", suggestion=best)
    return _("Noms connus : {choices}.", choices=", ".join(sorted(names)))


def _resolve(semainier: SemainierData, place: str | None, service: str | None) -> list[Place]:
    """The selected places, after checking that ``service`` names a known service."""
    places = select_places(semainier, place)
    if service is None:
        return places
    known = {s.service for p in places for s in p.slots} | {o.service for p in places for o in p.one_offs}
    known |= {name for p in places for name in p.services}
    if not any(matches(name, service) for name in known):
        raise FabriqueError(
            _("Service inconnu dans le semainier : « {service} ».", service=service),
            hint=_choices_hint(service, known),
        )
    return places


def _offers(place: Place, service: str) -> bool:
    """Whether ``service`` is one the place offers all along its opening hours (Wi-Fi...)."""
    return any(matches(name, service) for name in place.services)


def in_validity(semainier: SemainierData, day: date) -> bool:
    """Whether ``day`` is inside the period ``valable_du`` … ``valable_au``."""
    if semainier.valid_from and day < semainier.valid_from:
        return False
    return not (semainier.valid_until and day > semainier.valid_until)


def place_closure(semainier: SemainierData, place: Place, day: date) -> str | None:
    """Why ``place`` is closed on ``day`` (public holiday or closure), or None."""
    if semainier.public_holidays:
        name = public_holiday(day)
        if name:
            return _("Jour férié : {name}", name=holiday_name(name))
    for closed in semainier.closures + place.closures:
        if day in closed:
            return closed.reason or _("Fermé")
    return None


def closure(semainier: SemainierData, day: date, place: str | None = None) -> str | None:
    """Why ``day`` is closed for every selected place, or None if one of them is open."""
    reasons = [place_closure(semainier, p, day) for p in select_places(semainier, place)]
    return reasons[0] if reasons and all(reasons) else None


def _slot_runs(semainier: SemainierData, slot: Slot, day: date) -> bool:
    if slot.weekday != day.weekday():
        return False
    if slot.valid_from and day < slot.valid_from:
        return False
    if slot.valid_until and day > slot.valid_until:
        return False
    if not slot.during_school_holidays:
        return not any(day in r for r in semainier.school_holidays)
    return True


def cancels(cancel: Cancellation, slot: Slot) -> bool:
    """Whether ``cancel`` designates ``slot``: same weekday, start and service, in its dates."""
    day = cancel.day
    return (
        slot.weekday == day.weekday()
        and (cancel.start is None or slot.start == cancel.start)
        and (cancel.service is None or matches(slot.service, cancel.service))
        and (slot.valid_from is None or slot.valid_from <= day)
        and (slot.valid_until is None or day <= slot.valid_until)
    )


def _cancellation_reason(place: Place, slot: Slot, day: date) -> str | None:
    for cancel in place.cancellations:
        if cancel.day == day and cancels(cancel, slot):
            return cancel.reason or _("Annulé")
    return None


def slot_occurs(semainier: SemainierData, place: Place, slot: Slot, day: date) -> bool:
    """Whether ``slot`` really takes place on ``day`` (not closed, cancelled or skipped)."""
    return (
        in_validity(semainier, day)
        and _slot_runs(semainier, slot, day)
        and place_closure(semainier, place, day) is None
        and _cancellation_reason(place, slot, day) is None
    )


def _place_sessions(semainier: SemainierData, place: Place, day: date) -> list[Session]:
    sessions = []
    for slot in place.slots:
        if not _slot_runs(semainier, slot, day):
            continue
        reason = _cancellation_reason(place, slot, day)
        sessions.append(_session(place, day, slot, cancelled=reason is not None, reason=reason))
    sessions += [_session(place, day, one) for one in place.one_offs if one.day == day]
    return sessions


def _session(place: Place, day: date, item, cancelled: bool = False, reason: str | None = None) -> Session:
    return Session(
        start=at(day, item.start), end=at(day, item.end), service=item.service,
        who=item.who, room=item.room, public=item.public, drop_in=item.drop_in,
        note=item.note, place=place.name, cancelled=cancelled, reason=reason,
    )


def _sessions(semainier: SemainierData, day: date, places: list[Place], service: str | None) -> list[Session]:
    if not in_validity(semainier, day):
        return []
    found = []
    for place in places:
        if place_closure(semainier, place, day) is None:
            found += _place_sessions(semainier, place, day)
    if service is not None:
        found = [s for s in found if matches(s.service, service)]
    return sorted(found, key=lambda s: (s.start, s.end, s.place or "", s.service))


def sessions_on(semainier: SemainierData, day: date, place: str | None = None, service: str | None = None) -> list[Session]:
    """The sessions of ``day``, cancelled ones included (``cancelled=True``, ``reason``)."""
    places = _resolve(semainier, place, service)
    return _sessions(semainier, day, places, service)


def open_now(semainier: SemainierData, now: datetime, place: str | None = None, service: str | None = None) -> list[Session]:
    """The sessions running at ``now``; their ``end`` tells until when."""
    now = paris_time(now)
    return [s for s in sessions_on(semainier, now.date(), place, service) if s.is_on(now)]


def _last_day(semainier: SemainierData, start: date) -> date:
    horizon = start + timedelta(days=HORIZON_DAYS)
    return min(semainier.valid_until, horizon) if semainier.valid_until else horizon


def _days_from(semainier: SemainierData, now: datetime):
    day = max(now.date(), semainier.valid_from) if semainier.valid_from else now.date()
    last = _last_day(semainier, now.date())
    while day <= last:
        yield day
        day += timedelta(days=1)


def next_session(semainier: SemainierData, now: datetime, place: str | None = None, service: str | None = None) -> Session | None:
    """The first session (not cancelled) starting after ``now``, or None."""
    now = paris_time(now)
    places = _resolve(semainier, place, service)
    if not any(p.slots or p.one_offs for p in places):
        return None
    for day in _days_from(semainier, now):
        for session in _sessions(semainier, day, places, service):
            if not session.cancelled and session.start > now:
                return session
    return None


def week(semainier: SemainierData, now: datetime, place: str | None = None, service: str | None = None) -> dict[date, list[Session]]:
    """The 7 days from ``now``'s day: ``{day: sessions}`` (a closed day has ``[]``)."""
    now = paris_time(now)
    places = _resolve(semainier, place, service)
    days = [now.date() + timedelta(days=i) for i in range(7)]
    return {day: _sessions(semainier, day, places, service) for day in days}


def _intervals(semainier: SemainierData, day: date, places: list[Place], service: str | None) -> list[Interval]:
    """When something is open on ``day``, merged over ``places``.

    Without ``service``: the opening hours (a place without any counts as open during
    its sessions). With ``service``: its sessions, or the opening hours of the places
    that list it in their ``services`` (a CAF terminal, the Wi-Fi).
    """
    spans: list[Interval] = []
    for place in places:
        if not in_validity(semainier, day) or place_closure(semainier, place, day):
            continue
        if any(place.hours) and (service is None or _offers(place, service)):
            spans += [(at(day, a), at(day, b)) for a, b in place.hours[day.weekday()]]
        else:
            sessions = _sessions(semainier, day, [place], service)
            spans += [(s.start, s.end) for s in sessions if not s.cancelled]
    merged: list[Interval] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def is_open(semainier: SemainierData, now: datetime, place: str | None = None, service: str | None = None) -> bool:
    """Whether the place is open at ``now`` (with ``service``: whether a session of it runs)."""
    return closes_at(semainier, now, place, service) is not None


def closes_at(semainier: SemainierData, now: datetime, place: str | None = None, service: str | None = None) -> datetime | None:
    """When the opening running at ``now`` ends, or None when closed at ``now``."""
    now = paris_time(now)
    places = _resolve(semainier, place, service)
    for start, end in _intervals(semainier, now.date(), places, service):
        if start <= now < end:
            return end
    return None


def opens_at(semainier: SemainierData, now: datetime, place: str | None = None, service: str | None = None) -> datetime | None:
    """The next opening strictly after ``now`` (after lunch, tomorrow...), or None."""
    now = paris_time(now)
    places = _resolve(semainier, place, service)
    for day in _days_from(semainier, now):
        for start, _end in _intervals(semainier, day, places, service):
            if start > now:
                return start
    return None
