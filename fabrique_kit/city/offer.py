"""What a place publishes, built from its semainier and its waiting counters: the weekly
offer (close to the national schema: hours in OpenStreetMap syntax, the week's sessions,
closures) and the live status (open now, sessions left, waiting, estimated wait).

Example::

    place = pick_place(semainier, "Maurepas")
    offer = build_offer(semainier, place, now, transport="Métro B — Gros-Chêne")
    status = build_status(semainier, place, now, [queue.status()])
    status["ouvert"], status["attente_min"]      # (True, 20)
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from fabrique_kit.model import QueueStatus
from fabrique_kit.sources.semainier.model import DAYS, Place, SemainierData
from fabrique_kit.sources.semainier.queries import (
    closes_at,
    is_open,
    matches,
    paris_time,
    place_closure,
    sessions_on,
    simplify,
)

OSM_DAYS = ("Mo", "Tu", "We", "Th", "Fr", "Sa", "Su")
WEEK_SESSIONS = 150  # at most this many sessions in the offer (its size stays bounded)


def pick_place(semainier: SemainierData, wanted: str | None) -> Place | None:
    """The place of the semainier that is this kit's (by name, then a part of it), else the first.

    Example: ``pick_place(semainier, "maurepas").name`` → ``'Espace Social Commun Maurepas'``
    """
    if not semainier.places:
        return None
    if wanted:
        for place in semainier.places:
            if simplify(place.name) == simplify(wanted):
                return place
        for place in semainier.places:
            if matches(place.name, wanted) or matches(wanted, place.name):
                return place
    return semainier.places[0]


def _hhmm(moment: time) -> str:
    return moment.strftime("%H:%M")


def osm_hours(place: Place, public_holidays_closed: bool = True) -> str:
    """The place's weekly hours in OpenStreetMap ``opening_hours`` syntax.

    Consecutive days with the same hours are grouped; closed days are left out.

    Example: ``osm_hours(place)`` → ``'Mo-We 09:00-12:30,13:30-17:30; Th 13:30-17:30; PH off'``
    """
    texts = [",".join(f"{_hhmm(a)}-{_hhmm(b)}" for a, b in day) for day in place.hours]
    rules, day = [], 0
    while day < 7:
        if not texts[day]:
            day += 1
            continue
        last = day
        while last + 1 < 7 and texts[last + 1] == texts[day]:
            last += 1
        days = OSM_DAYS[day] if last == day else f"{OSM_DAYS[day]}{',' if last == day + 1 else '-'}{OSM_DAYS[last]}"
        rules.append(f"{days} {texts[day]}")
        day = last + 1
    if rules and public_holidays_closed:
        rules.append("PH off")
    return "; ".join(rules)


def today_ranges(semainier: SemainierData, place: Place, now: datetime) -> list[list[str]]:
    """Today's opening hours of ``place`` as ``[["09:00", "12:30"], ...]`` (none when closed)."""
    now = paris_time(now)
    if place_closure(semainier, place, now.date()):
        return []
    return [[_hhmm(a), _hhmm(b)] for a, b in place.hours[now.weekday()]]


def build_offer(semainier: SemainierData, place: Place, now: datetime, transport: str = "") -> dict:
    """The weekly offer of ``place``: hours, the next seven days' sessions, closures."""
    now = paris_time(now)
    week = []
    for offset in range(7):
        day = now.date() + timedelta(days=offset)
        for session in sessions_on(semainier, day, place.name):
            week.append({
                "date": day.isoformat(), "debut": _hhmm(session.start.time()), "fin": _hhmm(session.end.time()),
                "service": session.service[:300], "libre": session.drop_in, "annule": session.cancelled,
            })
    closures = [
        {"du": c.first.isoformat(), "au": c.last.isoformat(), "motif": (c.reason or "")[:300] or None}
        for c in semainier.closures + place.closures if c.last >= now.date()
    ]
    return {
        "nom": place.name[:300],
        "adresse": (place.address or "")[:300] or None,
        "transport": transport[:300] or None,
        "horaires": osm_hours(place, semainier.public_holidays),
        "jours": {DAYS[i]: [[_hhmm(a), _hhmm(b)] for a, b in day] for i, day in enumerate(place.hours) if day},
        "semaine": week[:WEEK_SESSIONS],
        "fermetures": closures[:30],
        "services": [s[:300] for s in place.services][:30],
    }


def build_status(semainier: SemainierData, place: Place, now: datetime, queues: list[QueueStatus]) -> dict:
    """The live status of ``place`` at ``now``: open, why closed, sessions left, waiting, wait.

    ``servable`` is False when the estimated wait goes past closing time: the people
    waiting now will not all be seen today.
    """
    now = paris_time(now)
    reason = place_closure(semainier, place, now.date())
    open_now = reason is None and is_open(semainier, now, place.name)
    left = [s for s in sessions_on(semainier, now.date(), place.name) if not s.cancelled and s.end > now]
    waiting = sum(q.waiting for q in queues) if queues else None
    waits = [q.estimated_wait_min for q in queues if q.estimated_wait_min is not None]
    wait_min = max(waits) if waits else (0 if waiting == 0 else None)
    servable = True
    end = closes_at(semainier, now, place.name) if open_now else None
    if end is not None and wait_min is not None and now + timedelta(minutes=wait_min) > end:
        servable = False
    if not open_now and waiting:
        servable = False
    return {
        "nom": place.name[:300],
        "ouvert": open_now,
        "ferme_pourquoi": reason[:300] if reason else None,
        "aujourdhui": today_ranges(semainier, place, now),
        "seances_restantes": min(len(left), 200),
        "attente": waiting,
        "attente_min": wait_min,
        "servable": servable,
    }
