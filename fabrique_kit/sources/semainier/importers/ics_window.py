"""Keep, from an iCalendar text, only what an import of a window of dates can use.

An agenda exported from a calendar program holds years of past events, each with
properties the semainier never reads (alarms, attendees, attachments, HTML copies of
the description). Parsing all of it with icalendar costs seconds and a hundred
megabytes for a 5 MB file. This pass reads the text line by line, without parsing
it: it drops the one-off events that start far from the window, and inside the
events the components and properties nobody reads. Recurring events (``RRULE``,
``RDATE``, ``RECURRENCE-ID``), time zones and anything it does not recognise stay as
written, so icalendar and recurring-ical-events still do the real work.

Example::

    kept = within_window(Path("agenda.ics").read_bytes(), date(2026, 9, 1), date(2027, 8, 31))
    calendar = icalendar.Calendar.from_ical(kept)
"""

from __future__ import annotations

import re
from datetime import date, timedelta

MARGIN = timedelta(days=2)
"""How far outside the window an event may start and still be kept (time zones)."""
UNUSED = frozenset({"ATTACH", "ATTENDEE", "X-ALT-DESC", "CREATED", "LAST-MODIFIED", "SEQUENCE", "TRANSP",
                    "CATEGORIES", "ORGANIZER", "URL", "CLASS", "PRIORITY", "GEO", "CONTACT", "COMMENT"})
"""Properties of an event that the import never reads."""
RECURRING = frozenset({"RRULE", "RDATE", "RECURRENCE-ID", "EXRULE"})
_DAY = re.compile(rb":(\d{4})(\d{2})(\d{2})")


def within_window(data: bytes, start: date, end: date) -> bytes:
    """``data`` without the one-off events outside ``start`` … ``end`` (give or take two
    days) and without the parts of events the import does not read.

    Example: ``within_window(b"BEGIN:VCALENDAR\\r\\n…", date(2026, 9, 1), date(2027, 8, 31))``
    """
    first, last = start - MARGIN, end + MARGIN
    kept: list[bytes] = []
    event: list[bytes] | None = None
    dropping = False  # inside a part of an event that is left out (an alarm), or a dropped property
    depth = 0  # components opened inside the current event
    recurring, starts = False, None
    for line in data.splitlines():
        if line[:1] in (b" ", b"\t"):  # the continuation of a folded line
            if event is not None and not dropping:
                event.append(line)
            elif event is None:
                kept.append(line)
            continue
        name = line.split(b":", 1)[0].split(b";", 1)[0].upper()
        if event is None:
            if name == b"BEGIN" and line.rstrip().upper().endswith(b":VEVENT"):
                event, depth, recurring, starts, dropping = [line], 0, False, None, False
            else:
                kept.append(line)
            continue
        if name == b"BEGIN":
            depth += 1
        elif name == b"END" and depth:
            depth -= 1
            dropping = False
            continue
        elif name == b"END":
            event.append(line)
            if recurring or starts is None or first <= starts <= last:
                kept += event
            event = None
            continue
        if depth:  # an alarm or another part inside the event: not read
            dropping = True
            continue
        text = name.decode("ascii", "replace")
        dropping = text in UNUSED
        if dropping:
            continue
        recurring = recurring or text in RECURRING
        if text == "DTSTART":
            starts = _day(line)
        event.append(line)
    if event is not None:  # a cut file: icalendar tells what is wrong
        kept += event
    return b"\r\n".join(kept) + b"\r\n"


def _day(line: bytes) -> date | None:
    match = _DAY.search(line)
    if match is None:
        return None
    try:
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None
