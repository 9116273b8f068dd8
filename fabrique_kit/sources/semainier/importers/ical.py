"""Import a semainier from an iCalendar agenda, and export one as a ``.ics`` file.

Import (``import_ics``): a simple weekly event (``RRULE:FREQ=WEEKLY``, every week)
becomes a weekly slot (« créneau »); its missing or cancelled occurrences in the
import window become cancellations (« annulations »), and its moved occurrences
become one-off sessions. Any other timed event (single, or a rarer recurrence) is
expanded with ``recurring-ical-events`` into one-off sessions of the window. All-day
events are left out, with a warning.

Export (``export_ics``): one weekly event per slot (``RRULE`` weekly, ``TZID`` Europe/Paris,
``EXDATE`` on public holidays, closures and cancellations), one event per one-off.

Example::

    document, notes = import_ics("https://agenda.example.org/permanences.ics")
    save_semainier("semainier.json", document)
    Path("semainier.ics").write_bytes(export_ics(load_semainier("semainier.json")))
"""

from __future__ import annotations

import hashlib
from collections import Counter
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

from fabrique_kit.clock import PARIS
from fabrique_kit.errors import DataError, Problem
from fabrique_kit.i18n import _
from fabrique_kit.sources.semainier.model import DAYS, OneOff, Place, SemainierData, Slot
from fabrique_kit.sources.semainier.queries import at, place_closure, simplify, slot_occurs

ICAL_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
PLACE_PROPERTY = "X-FABRIQUE-LIEU"
"""Export writes the place and the room in these properties too, so that importing an
exported file gives back the same places and rooms (other programs ignore them)."""
ROOM_PROPERTY = "X-FABRIQUE-SALLE"
WINDOW_DAYS = 365


# -- reading ----------------------------------------------------------------------
def read_ics(source: str, timeout: float = 10.0) -> bytes:
    """The bytes of an ``.ics`` file path or ``http(s)://`` address; DataError when unreachable."""
    if source.startswith("webcal://"):  # the address agendas give for subscribing
        source = "https://" + source.removeprefix("webcal://")
    if source.startswith(("http://", "https://")):
        import requests

        try:
            response = requests.get(source, timeout=timeout)
            response.raise_for_status()
        except requests.RequestException as error:
            raise DataError(_("Impossible de télécharger l'agenda {url} : {error}", url=source, error=error),
                            hint=_("Vérifiez l'adresse et la connexion au réseau.")) from error
        return response.content
    try:
        return Path(source).read_bytes()
    except OSError as error:
        raise DataError(_("Fichier introuvable : {path}", path=source), file=source) from error


def import_ics(source: str, *, place: str | None = None, start: date | None = None,
               end: date | None = None, timeout: float = 10.0) -> tuple[dict, list[Problem]]:
    """Turn an iCalendar agenda into a semainier document: ``(document, warnings)``.

    ``start``/``end`` bound the window where one-offs and cancellations are read
    (default: today and one year later). Save the document with ``save_semainier``.
    """
    import icalendar
    import recurring_ical_events

    start = start or datetime.now(PARIS).date()
    end = end or start + timedelta(days=WINDOW_DAYS)
    data = read_ics(source, timeout)
    try:  # recurring-ical-events' errors are ValueErrors too
        calendar = icalendar.Calendar.from_ical(data)
        occurrences = recurring_ical_events.of(calendar).between(start, end + timedelta(days=1))
    except ValueError as error:
        raise DataError(_("Le fichier n'est pas un agenda iCalendar valide : {error}", error=error),
                        file=source) from error
    name = place or str(calendar.get("X-WR-CALNAME") or _("Lieu importé"))
    by_uid: dict[str, list] = {}
    for event in occurrences:
        by_uid.setdefault(str(event.get("UID", id(event))), []).append(event)
    lieux: dict[str, dict] = {}

    def lieu_of(event) -> dict:
        own = str(event.get(PLACE_PROPERTY) or name)
        return lieux.setdefault(own, {"nom": own, "creneaux": [], "seances_exceptionnelles": [], "annulations": []})

    warnings: list[Problem] = []
    # a weekly event without usable hours (it ends when it starts) is not a slot: its
    # occurrences are reported below, one by one, like one-off sessions
    weekly = {str(e.get("UID")): e for e in calendar.walk("VEVENT")
              if _weekly_days(e) and _session_fields(e) is not None and not e.get("RECURRENCE-ID")}
    for uid, master in weekly.items():
        _import_weekly(master, by_uid.pop(uid, []), lieu_of(master), start, end)
    for events in by_uid.values():
        for event in events:
            session = _session_fields(event)
            if session is None:
                warnings.append(Problem(_("Événement « {summary} » ignoré : il dure toute la journée ou plusieurs jours.",
                                          summary=str(event.get("SUMMARY", "?"))), file=source, severity="warning"))
            elif str(event.get("STATUS", "")).upper() != "CANCELLED":
                lieu_of(event)["seances_exceptionnelles"].append(session)
    for lieu in lieux.values():
        for key in ("creneaux", "seances_exceptionnelles", "annulations"):
            if not lieu[key]:
                del lieu[key]
    document = {
        "commentaire": _("Importé de {source} ; séances et annulations du {start} au {end}.",
                         source=source, start=start.isoformat(), end=end.isoformat()),
        "lieux": list(lieux.values()) or [{"nom": name}],
    }
    return document, warnings


def _weekly_days(event) -> list[int]:
    """The weekdays of a simple weekly event (every week, timed, one day long), else []."""
    rule = event.get("RRULE")
    begin, finish = _local(event.get("DTSTART")), _local(event.get("DTEND"))
    if rule is None or begin is None or finish is None or begin.date() != finish.date():
        return []
    if rule.get("FREQ") != ["WEEKLY"] or rule.get("INTERVAL", [1]) != [1] or "COUNT" in rule:
        return []
    if set(rule) - {"FREQ", "INTERVAL", "BYDAY", "UNTIL", "WKST"}:
        return []
    days = [str(d).upper() for d in rule.get("BYDAY", [ICAL_DAYS[begin.weekday()]])]
    if any(d not in ICAL_DAYS for d in days):
        return []
    return sorted(ICAL_DAYS.index(d) for d in days)


def _local(prop) -> datetime | None:
    """A DTSTART/DTEND as Paris time; None for an all-day date."""
    if prop is None:
        return None
    value = prop.dt if hasattr(prop, "dt") else prop
    if not isinstance(value, datetime):
        return None
    return _paris(value)


def _paris(value: datetime) -> datetime:
    """``value`` as Paris time (a naive value is taken as Paris time already)."""
    return value.replace(tzinfo=PARIS) if value.tzinfo is None else value.astimezone(PARIS)


def _session_fields(event) -> dict | None:
    begin, finish = _local(event.get("DTSTART")), _local(event.get("DTEND"))
    if begin is None or finish is None or begin.date() != finish.date() or finish <= begin:
        return None
    fields: dict[str, str | bool] = {"date": begin.date().isoformat(), "debut": f"{begin:%H:%M}", "fin": f"{finish:%H:%M}",
              "service": str(event.get("SUMMARY") or _("Séance"))}
    room = event.get(ROOM_PROPERTY) or event.get("LOCATION")
    if room:
        fields["salle"] = str(room)
    lines = [" ".join(line.split()) for line in str(event.get("DESCRIPTION") or "").splitlines()]
    access = {simplify(_("Sur rendez-vous")): "sur_rendez_vous", simplify(_("Accès libre")): "libre",
              "sur rendez-vous": "sur_rendez_vous", "acces libre": "libre"}
    kept = []
    for line in filter(None, lines):
        if simplify(line) in access:
            fields[access[simplify(line)]] = True
        else:
            kept.append(line)
    if kept:
        fields["note"] = " · ".join(kept)
    return fields


def _import_weekly(master, occurrences: list, lieu: dict, start: date, end: date) -> None:
    """One weekly event: its slots, plus cancellations and moved sessions in the window.

    The slot's hours are the most common local hours of its occurrences (an event
    written in UTC shifts by one hour at the daylight-saving changes).
    """
    template = _session_fields(master)
    begin = _local(master.get("DTSTART"))
    if template is None or begin is None:  # import_ics passes only weekly events with hours
        return
    usual = Counter((f["debut"], f["fin"]) for f in map(_session_fields, occurrences) if f)
    if usual:
        template["debut"], template["fin"] = usual.most_common(1)[0][0]
    rule = master.get("RRULE")
    until = rule.get("UNTIL", [None])[0]
    last = _paris(until).date() if isinstance(until, datetime) else until
    regular = set()
    for event in occurrences:
        fields = _session_fields(event)
        cancelled = str(event.get("STATUS", "")).upper() == "CANCELLED"
        if fields is None or cancelled:
            continue
        if (fields["debut"], fields["fin"], fields["service"]) == (
                template["debut"], template["fin"], template["service"]):
            regular.add(fields["date"])
        else:
            lieu["seances_exceptionnelles"].append(fields)
    for weekday in _weekly_days(master):
        slot = {"jour": DAYS[weekday], **{k: v for k, v in template.items() if k != "date"}}
        slot["du"] = begin.date().isoformat()
        if last:
            slot["au"] = last.isoformat()
        lieu["creneaux"].append(slot)
        day = max(start, begin.date())
        day += timedelta(days=(weekday - day.weekday()) % 7)
        while day <= min(end, last or end):
            if day.isoformat() not in regular:
                lieu["annulations"].append({"date": day.isoformat(), "debut": template["debut"],
                                            "service": template["service"],
                                            "motif": _("Annulé dans l'agenda")})
            day += timedelta(days=7)


# -- writing ----------------------------------------------------------------------
def export_ics(semainier: SemainierData, *, start: date | None = None, end: date | None = None) -> bytes:
    """The semainier as iCalendar bytes, for the dates ``start`` … ``end``.

    Defaults: from today (or the start of validity, if later) for one year (or up to
    the end of validity).
    """
    from icalendar import Calendar

    today = datetime.now(PARIS).date()
    start = start or max(today, semainier.valid_from or today)
    end = end or (semainier.valid_until or start + timedelta(days=WINDOW_DAYS))
    calendar = Calendar()
    calendar.add("PRODID", "-//fabrique-kit//semainier//FR")
    calendar.add("VERSION", "2.0")
    calendar.add("X-WR-CALNAME", _("Semainier"))
    calendar.add("X-WR-TIMEZONE", "Europe/Paris")
    for place in semainier.places:
        for slot in place.slots:
            event = _slot_event(semainier, place, slot, start, end)
            if event is not None:
                calendar.add_component(event)
        for one in place.one_offs:
            if start <= one.day <= end and place_closure(semainier, place, one.day) is None:
                calendar.add_component(_event(place, one, one.day))
    calendar.add_missing_timezones()
    return calendar.to_ical()


def _event(place: Place, item: Slot | OneOff, day: date):
    from icalendar import Event

    event = Event()
    key = "|".join(str(x) for x in (place.name, item, day if isinstance(item, OneOff) else ""))
    event.add("UID", hashlib.sha1(key.encode()).hexdigest()[:20] + "@fabrique-kit")
    event.add("DTSTAMP", datetime.now(UTC))
    event.add("SUMMARY", item.service)
    event.add("DTSTART", at(day, item.start))
    event.add("DTEND", at(day, item.end))
    event.add("LOCATION", ", ".join(x for x in (item.room, place.name, place.address) if x))
    event.add(PLACE_PROPERTY, place.name)
    if item.room:
        event.add(ROOM_PROPERTY, item.room)
    details = [item.who, item.public, item.note,
               _("Accès libre") if item.drop_in else _("Sur rendez-vous")]
    event.add("DESCRIPTION", "\n".join(x for x in details if x))
    return event


def _slot_event(semainier: SemainierData, place: Place, slot: Slot, start: date, end: date):
    first = max(start, slot.valid_from or start)
    first += timedelta(days=(slot.weekday - first.weekday()) % 7)
    last = min(end, slot.valid_until or end)
    if first > last:
        return None
    event = _event(place, slot, first)
    until = at(last, time(23, 59, 59)).astimezone(UTC)
    event.add("RRULE", {"FREQ": "WEEKLY", "BYDAY": ICAL_DAYS[slot.weekday], "UNTIL": until})
    skipped = []
    day = first
    while day <= last:
        if not slot_occurs(semainier, place, slot, day):
            skipped.append(at(day, slot.start))
        day += timedelta(days=7)
    if skipped:
        event.add("EXDATE", skipped)
    return event
