"""The rows of the schedule: each session's facts, all readable, measured before drawing.

A row has two columns. On the left: the hours, and under them the state (a pictogram
and a word: « Ouvert maintenant », « Ensuite », « Annulé », « Terminé »). On the right:
the service (up to three lines) and, under it, for whom, with or without appointment,
the room, who runs it and the note (up to three lines). Each row takes the height its
texts need; :func:`fit_rows` chooses how many rows and which text size fit the box.

Example::

    plan = fit_rows(canvas, rows, width=canvas.width - 20, height=600)
    for row, top in plan.placed():
        paint_row(canvas, row, plan, (10, top, canvas.width - 10, top + row.height))
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from fabrique_kit.i18n import _, get_language
from fabrique_kit.model import Session
from fabrique_kit.screen.icons import service_icon
from fabrique_kit.screen.text import TextLayout
from fabrique_kit.screen.widgets.base import Canvas

SERVICE_LINES = 3
DETAIL_LINES = 3
TALL = 100_000  # a height nothing reaches: measure text at its own size, without shrinking


def clock_time(moment: datetime) -> str:
    """``14h``, ``16h30`` in French (short, as on French signs); ``14:00`` otherwise."""
    if get_language() != "fr":
        return f"{moment:%H:%M}"
    return f"{moment.hour}h" + (f"{moment.minute:02d}" if moment.minute else "")


def hours(session: Session) -> str:
    """``14h – 17h`` (``14:00 – 17:00`` in English)."""
    return f"{clock_time(session.start)} – {clock_time(session.end)}"


def details(session: Session, note: bool = True) -> str:
    """For whom, with or without appointment, room, who runs it, the note; or why it is cancelled."""
    if session.cancelled:  # the row is struck and marked « Annulé »: say why, and where it was
        return " · ".join(p for p in (session.reason, session.room) if p)
    parts = [session.public, _("Sans rendez-vous") if session.drop_in else _("Sur rendez-vous"),
             session.room, session.who]
    if note and session.note:
        parts.append(session.note)
    return " · ".join(p for p in parts if p)


BADGES = {"now": "Ouvert maintenant", "next": "Ensuite", "cancelled": "Annulé", "past": "Terminé"}


def badge_text(state: str) -> str | None:
    """The word under the hours: « Ouvert maintenant », « Ensuite », « Annulé », « Terminé »."""
    labels = {"now": _("Ouvert maintenant"), "next": _("Ensuite"), "cancelled": _("Annulé"),
              "past": _("Terminé")}
    return labels.get(state)


@dataclass
class Row:
    """One session measured: its texts laid out for the columns, and the height it needs."""

    session: Session
    state: str
    time: TextLayout = field(default_factory=lambda: TextLayout([], 0))
    badge: TextLayout | None = None
    service: TextLayout = field(default_factory=lambda: TextLayout([], 0))
    details: TextLayout | None = None
    details_text: str = ""
    icon: str | None = None
    height: int = 0


@dataclass
class Plan:
    """The rows that fit, the width of the hours' column and of the pictograms."""

    rows: list[Row] = field(default_factory=list)
    time_width: int = 0
    icon_side: int = 0
    hidden: list[Session] = field(default_factory=list)
    service_size: int = 0
    gap: int = 0
    stacked: bool = False  # a narrow box: hours and state on one line, the rest under them

    def placed(self, top: int) -> list[tuple[Row, int]]:
        """Each row with the y where it starts."""
        placed = []
        for row in self.rows:
            placed.append((row, top))
            top += row.height + self.gap
        return placed

    @property
    def height(self) -> int:
        return sum(row.height for row in self.rows) + self.gap * max(0, len(self.rows) - 1)


def _time_width(canvas: Canvas, rows: list[Row], width: int) -> tuple[int, int]:
    """The hours' column width and the size of the hours: body size, smaller only when needed."""
    for size in (canvas.body_size, canvas.sizes.minimum):
        wanted = max(canvas.fit(hours(row.session), TALL, TALL, size=size, bold=True, min_size=size).width
                     for row in rows)
        words = [w for row in rows for w in (badge_text(row.state) or "").split()]
        badge = max((canvas.fit(w, TALL, TALL, size=canvas.sizes.minimum, bold=True,
                                min_size=canvas.sizes.minimum).width for w in words), default=0)
        icon = int(canvas.sizes.minimum * 1.3) + canvas.padding // 2 if words else 0
        column = int(max(wanted, badge + icon)) + 2
        if column <= width * 0.4 or size == canvas.sizes.minimum:
            return column, size
    return column, size  # pragma: no cover - the loop always returns


def _measure(canvas: Canvas, row: Row, time_width: int, time_size: int, right: int,
             service_size: int, note: bool, icon_side: int, stacked: bool = False) -> Row:
    small = canvas.sizes.minimum
    icon = int(small * 1.3)
    row.time = canvas.fit(hours(row.session), time_width, TALL, size=time_size, bold=True, min_size=time_size)
    word = badge_text(row.state)
    badge_width = (right - row.time.width - 2 * canvas.padding if stacked else time_width) - icon - canvas.padding // 2
    row.badge = (canvas.fit(word, max(1, badge_width), TALL, size=small, bold=True, min_size=small)
                 if word else None)
    row.icon = service_icon(row.session.service)
    text_width = right - (icon_side + canvas.padding // 2 if row.icon else 0)
    row.service = canvas.fit(row.session.service, text_width, TALL, size=service_size, min_size=service_size)
    if len(row.service.lines) > SERVICE_LINES:  # very long: shrink to the floor, then cut at a word
        row.service = canvas.fit(row.session.service, text_width, row.service.lines[0].height * SERVICE_LINES,
                                 size=service_size, min_size=small, max_lines=SERVICE_LINES)
    text = row.details_text = details(row.session, note)
    row.details = canvas.fit(text, right, TALL, size=small, min_size=small) if text else None
    if row.details is not None and len(row.details.lines) > DETAIL_LINES:
        row.details = canvas.fit(text, right, row.details.lines[0].height * DETAIL_LINES, size=small,
                                 min_size=small, max_lines=DETAIL_LINES)
    badge = max(row.badge.height, icon) if row.badge else 0
    right_side = row.service.height + (row.details.height if row.details else 0)
    if stacked:
        row.height = max(row.time.height, badge) + right_side + canvas.padding
    else:
        row.height = max(row.time.height + badge, right_side) + canvas.padding
    return row


def fit_rows(canvas: Canvas, sessions: list[tuple[Session, str]], width: int, height: int, now: datetime,
             more_height: int) -> Plan:
    """The rows that fit ``width`` × ``height``, as readable as possible.

    In order, until everything fits: the service in body size with the notes; past
    sessions left out; the service in the small size; without the notes; then the
    last sessions are hidden (the line under the rows says how many and when).
    """
    rows = [Row(session, state) for session, state in sessions]
    if not rows:
        return Plan()
    inner = width - 2 * canvas.padding
    time_width, time_size = _time_width(canvas, rows, inner)
    right = max(1, inner - time_width - canvas.padding)
    icon_side = int(canvas.body_size * 1.2)
    gap = max(2, canvas.padding // 3)
    levels = [(canvas.body_size, True), (canvas.sizes.minimum, True), (canvas.sizes.minimum, False)]

    def plan(chosen: list[Row], size: int, note: bool, hidden: list[Session]) -> Plan:
        measured = [_measure(canvas, Row(r.session, r.state), time_width, time_size, right, size, note,
                             icon_side, stacked) for r in chosen]
        return Plan(measured, time_width, icon_side, hidden, size, gap, stacked)

    stacked = right < 12 * canvas.sizes.minimum  # too narrow for two columns of words
    if not stacked:  # two columns, unless they cut a text or squeeze it into many short lines
        columns = plan(rows, *levels[0], [])
        stacked = any(r.service.cut or (r.details and r.details.cut) or len(r.service.lines) > 2
                      for r in columns.rows)
    if stacked:
        right = time_width = inner
    current = plan(rows, *levels[0], [])
    if current.height <= height:
        return current
    coming = [r for r in rows if r.session.end > now or r.state == "cancelled" and r.session.start > now]
    rows = coming or rows[-1:]
    for size, note in levels:
        current = plan(rows, size, note, [])
        if current.height <= height:
            return current
    size, note = levels[-1]
    for keep in range(len(rows) - 1, 0, -1):
        current = plan(rows[:keep], size, note, [r.session for r in rows[keep:]])
        if current.height <= height - more_height:
            return current
    single = plan(rows[:1], size, note, [r.session for r in rows[1:]])
    if single.height <= height - (more_height if len(rows) > 1 else 0):
        return single
    return Plan([], time_width, icon_side, [r.session for r in rows], size, gap, stacked)  # a summary line only


def more_text(hidden: list[Session], alone: bool = False, now: datetime | None = None) -> str:
    """« … et 2 autres permanences : 16h30 et 18h », « … et 5 autres permanences entre 15h et 19h »;
    hidden cancelled sessions are told apart (« 1 séance annulée à 15h »). ``alone``: no row
    is shown (a tiny box), the line sums up the day (« 3 permanences aujourd'hui : … »)."""
    held = [s for s in hidden if not s.cancelled]
    cancelled = [clock_time(s.start) for s in hidden if s.cancelled]
    starts = [clock_time(s.start) for s in held]
    parts = []
    if alone and held:
        times = ", ".join(hours(s) for s in held)
        day = held[0].start.date()
        if now is None or (day == now.date() and all(s.start.date() == day for s in held)):
            parts.append(_("Aujourd'hui : {times}", times=times))
        else:  # another day's sessions (a borne's « prochaines permanences »): never « today »
            from fabrique_kit.screen.widgets.header import long_date

            named = long_date(held[0].start)
            parts.append(_("{day} : {times}", day=named[:1].upper() + named[1:], times=times))
    elif len(held) == 1:
        parts.append(_("… et 1 autre permanence à {time}", time=starts[0]))
    elif 1 < len(held) <= 3:
        parts.append(_("… et {count} autres permanences : {times} et {last}", count=len(held),
                       times=", ".join(starts[:-1]), last=starts[-1]))
    elif held:
        parts.append(_("… et {count} autres permanences entre {first} et {last}", count=len(held),
                       first=starts[0], last=clock_time(max(s.end for s in held))))
    if len(cancelled) == 1:
        parts.append(_("1 séance annulée à {time}", time=cancelled[0]))
    elif cancelled:
        parts.append(_("{count} séances annulées", count=len(cancelled)))
    return " · ".join(parts)


def paint_row(canvas: Canvas, row: Row, plan: Plan, box) -> None:
    """Draw one measured row in ``box``: hours and state on the left, service and details on the right."""
    theme, pad = canvas.theme, canvas.padding
    x0, y0, x1, y1 = box
    colour, muted = theme.text, theme.muted
    if row.state == "now":
        canvas.draw.rounded_rectangle(box, radius=pad, fill=theme.now_background)
        colour = muted = theme.now_text
    elif row.state == "cancelled":
        colour = muted = theme.cancelled
    elif row.state == "past":
        colour = theme.muted
    struck = row.state == "cancelled"
    small = canvas.sizes.minimum
    icon = int(small * 1.3)
    left, top = x0 + pad, y0 + pad // 2
    badge_height = max(row.badge.height, icon) if row.badge else 0
    line = max(row.time.height, badge_height) if plan.stacked else row.time.height
    time_box = (left, top, left + plan.time_width, top + line)
    canvas.write(hours(row.session), time_box, colour=colour, strike=struck, role="schedule.time",
                 valign="middle" if plan.stacked else "top", layout=row.time)
    if row.badge is not None:  # under the hours, or after them on the same line when stacked
        badge_x = left + int(row.time.width) + 2 * pad if plan.stacked else left
        badge_top = top if plan.stacked else time_box[3]
        canvas.icon(row.state, (badge_x, badge_top, badge_x + icon, badge_top + badge_height), colour=colour,
                    role="schedule.state")
        canvas.write(badge_text(row.state) or "", (badge_x + icon + pad // 2, badge_top, x1 - pad,
                                             badge_top + badge_height),
                     colour=colour, valign="middle", role="schedule.badge", layout=row.badge)
    right0 = left if plan.stacked else left + plan.time_width + pad
    if plan.stacked:
        top += line
    text_x = right0
    if row.icon:
        side = min(plan.icon_side, row.service.lines[0].height if row.service.lines else plan.icon_side)
        canvas.icon(row.icon, (right0, top, right0 + side, top + side), colour=colour, role="schedule.icon")
        text_x = right0 + plan.icon_side + pad // 2
    service_box = (text_x, top, x1 - pad, top + row.service.height)
    canvas.write(row.session.service, service_box, colour=colour, strike=struck, role="schedule.service",
                 layout=row.service)
    if row.details is not None:
        details_box = (right0, service_box[3], x1 - pad, service_box[3] + row.details.height)
        canvas.write(row.details_text, details_box, colour=muted, role="schedule.details", layout=row.details)
