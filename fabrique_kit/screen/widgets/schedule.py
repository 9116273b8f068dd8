"""Today's sessions: what is open now (highlighted), what comes next, what is cancelled.

Example::

    screen.schedule(planning.today(), highlight_now=True, title="Aujourd'hui")
"""

from __future__ import annotations

from datetime import datetime

from fabrique_kit.i18n import _, get_language
from fabrique_kit.model import Session
from fabrique_kit.screen.labels import public
from fabrique_kit.screen.widgets.base import Canvas, Widget


def clock_time(moment: datetime) -> str:
    """``14h``, ``16h30`` in French (short, as on French signs); ``14:00`` otherwise."""
    if get_language() != "fr":
        return f"{moment:%H:%M}"
    return f"{moment.hour}h" + (f"{moment.minute:02d}" if moment.minute else "")


def hours(session: Session) -> str:
    """``14h – 17h`` (``14:00 – 17:00`` in English)."""
    return f"{clock_time(session.start)} – {clock_time(session.end)}"


def session_state(session: Session, now: datetime, next_start: datetime | None) -> str:
    """``"cancelled"``, ``"now"``, ``"next"``, ``"past"`` or ``"later"``."""
    if session.cancelled:
        return "cancelled"
    if session.is_on(now):
        return "now"
    if session.end <= now:
        return "past"
    if next_start is not None and session.start == next_start:
        return "next"
    return "later"


def details(session: Session) -> str:
    """The second line: room, who runs it, for whom, with or without appointment."""
    parts = [session.room, session.who, session.public]
    parts.append(_("sans rendez-vous") if session.drop_in else _("sur rendez-vous"))
    if session.cancelled:  # the row is struck and marked « Annulé »: say why
        parts = [session.reason]
    elif session.note:
        parts.append(session.note)
    return " · ".join(p for p in parts if p)


class Schedule(Widget):
    """A list of :class:`~fabrique_kit.model.Session`, one row each, sorted by time."""

    kind = "main"
    weight = 4.0
    role = "schedule"

    def __init__(self, sessions, highlight_now: bool = True, title: str = "Aujourd'hui",
                 coming: Session | None = None):
        super().__init__()
        # a schedule that could not be read is not an empty day (see model.UnavailableSchedule)
        self.unavailable = bool(getattr(sessions, "unavailable", False)) and not sessions
        self.closure: str | None = getattr(sessions, "closure", None) if not sessions else None
        self.sessions = sorted(sessions or [], key=lambda s: (s.start, s.end))
        self.highlight_now, self.title = highlight_now, title
        self.coming = coming  # the next session, maybe another day: shown when today is over

    def states(self, now: datetime) -> list[str]:
        upcoming = [s.start for s in self.sessions if not s.cancelled and s.start > now]
        next_start = min(upcoming) if upcoming else None
        return [session_state(s, now, next_start) if self.highlight_now else "later" for s in self.sessions]

    def content(self, now: datetime) -> tuple:
        return (self.title, tuple(self.sessions), tuple(self.states(now)), self.coming_line(now),
                self.unavailable, self.closure)

    def coming_line(self, now: datetime) -> str | None:
        """« Prochaine permanence : lundi 24 novembre, 9h30 – 12h · … » once today is over."""
        if self.coming is None or self.coming.start <= now:
            return None
        if any(state in ("now", "next", "later") for state in self.states(now)):
            return None
        from fabrique_kit.screen.widgets.header import long_date

        return _("Prochaine permanence : {day}, {hours} · {service}", day=long_date(self.coming.start),
                 hours=hours(self.coming), service=self.coming.service)

    def next_change(self, now: datetime) -> datetime | None:
        moments = [t for s in self.sessions for t in (s.start, s.end) if t > now]
        return min(moments) if moments and self.highlight_now else None

    def paint(self, canvas: Canvas) -> None:
        theme, pad = canvas.theme, canvas.padding
        canvas.fill()
        top = canvas.heading(public(self.title))
        coming = self.coming_line(canvas.now)
        bottom = canvas.height - pad
        if coming:  # the last lines of the box say when the next session is
            line = int(canvas.body_size * 1.4)
            bottom -= 2 * line
            canvas.write(coming, (pad, bottom, canvas.width - pad, canvas.height - pad), bold=True,
                         size=canvas.body_size, valign="middle", max_lines=2, role="schedule.coming")
        if self.unavailable:  # never « no session today » when the schedule could not be read
            canvas.write(_("Planning momentanément indisponible — renseignez-vous à l'accueil"),
                         (pad, top, canvas.width - pad, bottom), size=canvas.body_size, valign="middle",
                         align="center", role="schedule.unavailable")
            return
        if self.closure:  # closed today: say why (the next session is the line below)
            canvas.write(_("Fermé aujourd'hui — {reason}", reason=self.closure),
                         (pad, top, canvas.width - pad, bottom), size=canvas.body_size, bold=True,
                         valign="middle", align="center", role="schedule.closed")
            return
        if not self.sessions:
            canvas.write(_("Pas de permanence aujourd'hui"), (pad, top, canvas.width - pad, bottom),
                         size=canvas.body_size, valign="middle", align="center", role="schedule.empty")
            return
        rows = list(zip(self.sessions, self.states(canvas.now), strict=True))
        space = bottom - top
        row_height = int(canvas.body_size * 1.4 + canvas.sizes.minimum * 1.4 + pad * 0.6)
        compact = space // row_height < min(len(rows), 3)
        if compact:  # not enough room: one line per session, without the details
            row_height = int(canvas.body_size * 1.4 + pad * 0.6)
        room = max(1, space // row_height)
        while len(rows) > room and rows[0][0].end <= canvas.now:
            rows.pop(0)  # past sessions make room first
        hidden = 0
        if len(rows) > room:  # keep a line to say how many are not shown
            keep = max(1, (space - int(canvas.sizes.minimum * 1.4)) // row_height)
            hidden, rows = len(rows) - keep, rows[:keep]
        time_width = max(canvas.fit(hours(session), canvas.width, canvas.height, bold=True,
                                    max_lines=1).width for session, _state in rows)
        for session, state in rows:
            box = (pad, top, canvas.width - pad, top + row_height - pad // 3)
            self._paint_row(canvas, session, state, box, compact, int(time_width))
            top += row_height
        if hidden and top + canvas.sizes.minimum <= canvas.height:
            more = _("… et 1 autre permanence") if hidden == 1 else _("… et {count} autres permanences", count=hidden)
            canvas.write(more,
                         (pad, top, canvas.width - pad, canvas.height - pad // 2), colour=theme.muted,
                         size=canvas.sizes.minimum, max_lines=1, role="schedule.more")

    def _paint_row(self, canvas: Canvas, session: Session, state: str, box, compact: bool,
                   time_width: int) -> None:
        """One session: hours, service and badge; the details under them unless ``compact``."""
        theme, pad = canvas.theme, canvas.padding
        x0, y0, x1, y1 = box
        colour, muted = theme.text, theme.muted
        if state == "now":
            canvas.draw.rounded_rectangle(box, radius=pad, fill=theme.now_background)
            colour = muted = theme.now_text
        elif state == "cancelled":
            colour = muted = theme.cancelled
        struck = state == "cancelled"
        inner_x0, inner_x1 = x0 + pad, x1 - pad
        first = (y0 + pad // 4, y0 + pad // 4 + int(canvas.body_size * 1.4))
        service_x = inner_x0 + time_width + pad
        details_x0 = service_x
        if compact:
            badge_box = (inner_x0, first[0], inner_x1, first[1])
        else:  # the badge ends the second line, or starts it when the details would get no room
            badge_box = (inner_x0, first[1], inner_x1, y1)
            wanted = self._badge_width(canvas, state, compact, y1 - first[1], inner_x1 - inner_x0)
            if wanted > (inner_x1 - service_x) / 2:
                badge_box = (inner_x0, first[1], inner_x0 + wanted, y1)
                details_x0 = inner_x0 + wanted + pad
        badge_width = self._paint_badge(canvas, state, compact, colour, badge_box)
        canvas.write(hours(session), (inner_x0, first[0], inner_x0 + time_width + 2, first[1]),
                     bold=True, colour=colour, valign="middle", max_lines=1, strike=struck,
                     role="schedule.time")
        first_x1 = inner_x1 - (badge_width if compact else 0)
        canvas.write(session.service, (service_x, first[0], max(service_x + 1, first_x1), first[1]),
                     colour=colour, valign="middle", max_lines=1, strike=struck, role="schedule.service")
        if not compact:
            details_x1 = inner_x1 - (badge_width if details_x0 == service_x else 0)
            canvas.write(details(session), (details_x0, first[1], max(details_x0 + 1, details_x1), y1),
                         size=canvas.sizes.minimum, colour=muted, valign="middle", max_lines=1,
                         role="schedule.details")

    @staticmethod
    def _badge_text(canvas: Canvas, state: str, compact: bool, height: int, width: int):
        """The badge's words and layout: in a tight row, the short form (« Ouvert »)."""
        labels = {"now": _("Ouvert maintenant"), "next": _("Ensuite"), "cancelled": _("Annulé"),
                  "past": _("Terminé")}
        if state not in labels:
            return None, None
        badge = labels[state]
        size = canvas.sizes.minimum
        layout = canvas.fit(badge, canvas.width, height, size=size, bold=True, max_lines=1)
        if compact and state == "now" and layout.width > width * 0.4:
            badge = _("Ouvert")
            layout = canvas.fit(badge, canvas.width, height, size=size, bold=True, max_lines=1)
        return badge, layout

    def _badge_width(self, canvas: Canvas, state: str, compact: bool, height: int, width: int) -> int:
        """The width the badge takes (0 without a badge)."""
        _badge, layout = self._badge_text(canvas, state, compact, height, width)
        return int(layout.width) + 2 if layout is not None else 0

    def _paint_badge(self, canvas: Canvas, state: str, compact: bool, colour: str, box) -> int:
        """« Ouvert maintenant », « Ensuite »... at the end of ``box``; returns the width used.

        The badge is never cut: in a tight row it uses its short form (« Ouvert »).
        """
        x0, y0, x1, y1 = box
        badge, layout = self._badge_text(canvas, state, compact, y1 - y0, x1 - x0)
        if badge is None or layout is None:
            return 0
        size = canvas.sizes.minimum
        width = int(layout.width) + 2
        canvas.write(badge, (x1 - width, y0, x1, y1), size=size, bold=True, colour=colour,
                     align="end", valign="middle", max_lines=1, role="schedule.badge")
        return width + canvas.padding
