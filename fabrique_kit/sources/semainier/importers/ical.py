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
import threading
from collections import Counter
from datetime import UTC, date, datetime, time, timedelta
from functools import cache

from fabrique_kit.clock import PARIS
from fabrique_kit.errors import DataError, Problem
from fabrique_kit.i18n import _, get_language
from fabrique_kit.sources.semainier.fields import excerpt
from fabrique_kit.sources.semainier.importers.ics_source import MAX_BYTES, read_ics
from fabrique_kit.sources.semainier.importers.ics_window import within_window
from fabrique_kit.sources.semainier.model import DAYS, OneOff, Place, SemainierData, Slot
from fabrique_kit.sources.semainier.queries import (
    at,
    place_closure,
    public_holiday,
    simplify,
    slot_occurs,
)

ICAL_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
PLACE_PROPERTY = "X-FABRIQUE-LIEU"
"""Export writes the place and the room in these properties too, so that importing an
exported file gives back the same places and rooms (other programs ignore them)."""
ROOM_PROPERTY = "X-FABRIQUE-SALLE"
__all__ = ["MAX_BYTES", "export_ics", "import_ics", "read_ics"]
WINDOW_DAYS = 365
MAX_EXPORT_DAYS = 5 * 366
"""An export covers at most five years (``valable_au: 9999-12-31`` means « no end »)."""


# -- reading ----------------------------------------------------------------------
def import_ics(source: str, *, place: str | None = None, start: date | None = None,
               end: date | None = None, timeout: float = 10.0) -> tuple[dict, list[Problem]]:
    """Turn an iCalendar agenda into a semainier document: ``(document, warnings)``.

    ``start``/``end`` bound the window where one-offs and cancellations are read
    (default: today and one year later). Save the document with ``save_semainier``.
    """
    start = start or datetime.now(PARIS).date()
    end = end or start + timedelta(days=WINDOW_DAYS)
    _memo.fields = {}
    try:
        return _import(read_ics(source, timeout), source, place, start, end)
    finally:
        _memo.fields = None


def _import(data: bytes, source: str, place: str | None, start: date, end: date) -> tuple[dict, list[Problem]]:
    import icalendar
    import recurring_ical_events

    if not data.lstrip(b"\xef\xbb\xbf \t\r\n").upper().startswith(b"BEGIN:VCALENDAR"):
        raise DataError(_("Ce n'est pas un agenda iCalendar : il commence par « {start} ».",
                          start=excerpt(data[:60].decode("utf-8", "replace").strip(), 40)), file=source,
                        hint=_("Donnez l'adresse du fichier .ics (souvent « Exporter » ou « S'abonner » dans l'agenda)."))
    try:  # recurring-ical-events' errors are ValueErrors too
        calendar = icalendar.Calendar.from_ical(within_window(data, start, end))
        for number, component in enumerate(calendar.walk("VEVENT")):
            if not component.get("UID"):  # its occurrences must still be told apart from other events
                component.add("UID", f"sans-uid-{number}@fabrique-kit")
        occurrences = recurring_ical_events.of(calendar).between(start, end + timedelta(days=1))
    except ValueError as error:
        raise DataError(_("Le fichier n'est pas un agenda iCalendar valide : {error}", error=excerpt(error, 200)),
                        file=source) from error
    name = place or str(calendar.get("X-WR-CALNAME") or _("Lieu importé"))
    by_uid: dict[str, list] = {}
    warnings: list[Problem] = []
    for event in occurrences:
        by_uid.setdefault(str(event.get("UID")), []).append(event)
        warnings += _holiday_warning(event, source)
    lieux: dict[str, dict] = {}

    def lieu_of(event) -> dict:
        own = str(event.get(PLACE_PROPERTY) or name)
        return lieux.setdefault(own, {"nom": own, "creneaux": [], "seances_exceptionnelles": [], "annulations": []})

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
    """The weekdays of a simple weekly event (every week, timed, one day long), else [].

    They are the days of ``BYDAY``, in the event's own time zone (0 = Monday); the slots
    take the days these occurrences have in Paris (:func:`_import_weekly`).
    """
    rule = event.get("RRULE")
    own = _own_start(event)
    if rule is None or own is None or _span(event) is None:
        return []
    if rule.get("FREQ") != ["WEEKLY"] or rule.get("INTERVAL", [1]) != [1] or "COUNT" in rule:
        return []
    if set(rule) - {"FREQ", "INTERVAL", "BYDAY", "UNTIL", "WKST"}:
        return []
    days = [str(d).upper() for d in rule.get("BYDAY", [ICAL_DAYS[own.weekday()]])]
    if any(d not in ICAL_DAYS for d in days):
        return []
    return sorted(ICAL_DAYS.index(d) for d in days)


def _own_start(event) -> datetime | None:
    """DTSTART as written, in the event's own zone (UTC for ``…Z``); None for a date."""
    prop = event.get("DTSTART")
    value = prop.dt if hasattr(prop, "dt") else prop
    return value if isinstance(value, datetime) else None


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


def _span(event) -> tuple[datetime, str] | None:
    """``(start in Paris, end as HH:MM)`` of a timed event within one Paris day, else None.

    An event that ends at midnight ends at 23:59 of its day (a semainier day has no 24:00).
    """
    begin, finish = _local(event.get("DTSTART")), _local(event.get("DTEND"))
    if begin is None or finish is None or finish <= begin:
        return None
    if begin.date() == finish.date():
        return begin, f"{finish:%H:%M}"
    if finish.date() == begin.date() + timedelta(days=1) and finish.time() == time(0) and begin.time() < time(23, 59):
        return begin, "23:59"
    return None


_memo = threading.local()  # .fields: {id(occurrence): its fields} during one import, in this thread


def _session_fields(event) -> dict | None:
    """The session fields of an event (read once per import: the occurrences stay alive)."""
    fields = getattr(_memo, "fields", None)
    if fields is None:
        return _read_fields(event)
    key = id(event)
    if key not in fields:
        fields[key] = _read_fields(event)
    return fields[key]


@cache
def _access_words(language: str) -> dict[str, str]:
    """The description lines that say how to come, in ``language`` and in French."""
    return {simplify(_("Sur rendez-vous")): "sur_rendez_vous", simplify(_("Accès libre")): "libre",
            "sur rendez-vous": "sur_rendez_vous", "acces libre": "libre"}


def _read_fields(event) -> dict | None:
    span = _span(event)
    if span is None:
        return None
    begin, finish = span
    fields: dict[str, str | bool] = {"date": begin.date().isoformat(), "debut": f"{begin:%H:%M}", "fin": finish,
                                     "service": str(event.get("SUMMARY") or _("Séance"))}
    room = event.get(ROOM_PROPERTY) or event.get("LOCATION")
    if room:
        fields["salle"] = str(room)
    lines = [" ".join(line.split()) for line in str(event.get("DESCRIPTION") or "").splitlines()]
    access = _access_words(get_language())
    kept = []
    for line in filter(None, lines):
        plain = simplify(line) if len(line) < 40 else ""
        if plain in access:
            fields[access[plain]] = True
        else:
            kept.append(line)
    if kept:
        fields["note"] = " · ".join(kept)
    return fields


def _holiday_warning(event, source: str) -> list[Problem]:
    """A warning for an occurrence on a French public holiday (the semainier closes then)."""
    fields = _session_fields(event)
    if fields is None or str(event.get("STATUS", "")).upper() == "CANCELLED":
        return []
    day = date.fromisoformat(str(fields["date"]))
    name = public_holiday(day)
    if name is None:
        return []
    return [Problem(_("Événement « {summary} » du {date} : c'est un jour férié ({holiday}), le semainier "
                      "ne l'affichera pas.", summary=excerpt(fields["service"], 80), date=day.strftime("%d/%m/%Y"),
                      holiday=name),
                    file=source, severity="warning",
                    hint=_("Si le lieu est ouvert les jours fériés, écrivez « \"jours_feries\": false » "
                           "dans le semainier."))]


def _import_weekly(master, occurrences: list, lieu: dict, start: date, end: date) -> None:
    """One weekly event: its slots, plus cancellations and moved sessions in the window.

    The occurrences are expanded in the event's own time zone (recurring-ical-events
    does), then read in Paris time: each day of ``BYDAY`` gives a slot on the Paris
    weekday and at the Paris hours most of its occurrences have (17:30 in Chicago on
    Wednesdays is Thursday 00:30 in Paris; an event written in UTC shifts by one hour
    at the daylight-saving changes). The other occurrences become one-off sessions,
    and the slot's days without its occurrence become cancellations.
    """
    template = _session_fields(master)
    begin, own = _local(master.get("DTSTART")), _own_start(master)
    if template is None or begin is None or own is None:  # import_ics passes only weekly events with hours
        return
    shift = (begin.date() - own.date()).days  # the master's Paris day minus its own day
    rule = master.get("RRULE")
    until = rule.get("UNTIL", [None])[0]
    last = _paris(until).date() if isinstance(until, datetime) else until
    usual: dict[int, Counter] = {weekday: Counter() for weekday in _weekly_days(master)}
    kept = []
    for event in occurrences:
        fields = _session_fields(event)
        moment = _own_start(event)
        if fields is None or moment is None or str(event.get("STATUS", "")).upper() == "CANCELLED":
            continue
        kept.append(fields)
        if fields["service"] == template["service"] and moment.weekday() in usual:
            usual[moment.weekday()][(date.fromisoformat(fields["date"]).weekday(), fields["debut"], fields["fin"])] += 1
    slots = {counts.most_common(1)[0][0] if counts else ((weekday + shift) % 7, template["debut"], template["fin"])
             for weekday, counts in usual.items()}
    regular = set()
    for fields in kept:
        key = (date.fromisoformat(fields["date"]).weekday(), fields["debut"], fields["fin"])
        if key in slots and fields["service"] == template["service"]:
            regular.add((fields["date"], fields["debut"], fields["fin"]))
        else:
            lieu["seances_exceptionnelles"].append(fields)
    for weekday, debut, fin in sorted(slots):
        slot = {"jour": DAYS[weekday], **{k: v for k, v in template.items() if k != "date"}, "debut": debut, "fin": fin}
        slot["du"] = begin.date().isoformat()
        if last:
            slot["au"] = last.isoformat()
        lieu["creneaux"].append(slot)
        day = max(start, begin.date())
        day += timedelta(days=(weekday - day.weekday()) % 7)
        while day <= min(end, last or end):
            if (day.isoformat(), debut, fin) not in regular:
                lieu["annulations"].append({"date": day.isoformat(), "debut": debut, "service": template["service"],
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
    end = min(end or semainier.valid_until or start + timedelta(days=WINDOW_DAYS),
              start + timedelta(days=MAX_EXPORT_DAYS))  # « 9999-12-31 » means no end, not 8,000 years
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
