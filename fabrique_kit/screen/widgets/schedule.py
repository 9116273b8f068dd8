"""Today's sessions: what is open now (highlighted), what comes next, what is cancelled.

Every fact of a session stays readable: hours, service, for whom, with or without
appointment, room, who runs it and the note (rows wrap, see :mod:`.schedule_rows`).
A closed day says why and when it reopens; after the last session, the next one.

Example::

    screen.schedule(planning.today(), coming=planning.next(), reopens=planning.opens_at())
"""

from __future__ import annotations

from datetime import datetime

from fabrique_kit.i18n import _, use_language
from fabrique_kit.model import Session
from fabrique_kit.screen.labels import public
from fabrique_kit.screen.widgets.base import Canvas, Widget
from fabrique_kit.screen.widgets.schedule_rows import (
    clock_time,
    details,
    fit_rows,
    hours,
    more_text,
    paint_row,
)

__all__ = ["Schedule", "clock_time", "details", "hours", "session_state"]


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


def when(moment: datetime) -> str:
    """« lundi 28 décembre à 9h30 » (« Monday 28 December at 09:30 »)."""
    from fabrique_kit.screen.widgets.header import long_date

    return _("{day} à {time}", day=long_date(moment), time=clock_time(moment))


class Schedule(Widget):
    """A list of :class:`~fabrique_kit.model.Session`, one row each, sorted by time.

    ``coming`` (the next session, maybe another day) is shown once today is over;
    ``reopens`` (when the place opens again, ``planning.opens_at()``) on a closed day.
    """

    kind = "main"
    weight = 4.0
    role = "schedule"

    def __init__(self, sessions, highlight_now: bool = True, title: str = "Aujourd'hui",
                 coming: Session | None = None, reopens: datetime | None = None):
        super().__init__()
        # a schedule that could not be read is not an empty day (see model.UnavailableSchedule)
        self.unavailable = bool(getattr(sessions, "unavailable", False)) and not sessions
        self.closure: str | None = getattr(sessions, "closure", None) if not sessions else None
        self.sessions = sorted(sessions or [], key=lambda s: (s.start, s.end))
        self.highlight_now, self.title = highlight_now, title
        self.coming, self.reopens = coming, reopens
        # read from the last good copy of a broken file: shown, with the copy's date
        self.backup_saved: datetime | None = (getattr(sessions, "saved_at", None)
                                              if getattr(sessions, "from_backup", False) else None)

    def states(self, now: datetime) -> list[str]:
        upcoming = [s.start for s in self.sessions if not s.cancelled and s.start > now]
        next_start = min(upcoming) if upcoming else None
        return [session_state(s, now, next_start) if self.highlight_now else "later" for s in self.sessions]

    def content(self, now: datetime) -> tuple:
        return (self.title, tuple(self.sessions), tuple(self.states(now)), self.coming_line(now),
                self.unavailable, self.closure, self.closed_line(now), self.backup_line())

    def backup_line(self) -> str | None:
        """« Planning enregistré le … (dernière version lisible) » when read from the backup copy."""
        if self.backup_saved is None:
            return None
        return _("Planning enregistré {when} (dernière version lisible) — vérifiez à l'accueil",
                 when=when(self.backup_saved))

    def closed_line(self, now: datetime) -> str | None:
        """« Fermé aujourd'hui — Jour férié : Noël — réouverture lundi 28 décembre à 9h30 »."""
        if not self.closure:
            return None
        reopens = self.reopens if self.reopens is not None and self.reopens > now else None
        if reopens is None and self.coming is not None and self.coming.start > now:
            return _("Fermé aujourd'hui — {reason} — prochaine permanence {when}", reason=self.closure,
                     when=when(self.coming.start))
        if reopens is None:
            return _("Fermé aujourd'hui — {reason}", reason=self.closure)
        return _("Fermé aujourd'hui — {reason} — réouverture {when}", reason=self.closure, when=when(reopens))

    def coming_line(self, now: datetime) -> str | None:
        """« Prochaine permanence : lundi 24 novembre, 9h30 – 12h · … » once today is over.

        Its second paragraph gives the session's facts (for whom, appointment, room...).
        """
        if self.coming is None or self.coming.start <= now:
            return None
        if any(state in ("now", "next", "later") for state in self.states(now)):
            return None
        from fabrique_kit.screen.widgets.header import long_date

        line = _("Prochaine permanence : {day}, {hours} · {service}", day=long_date(self.coming.start),
                 hours=hours(self.coming), service=self.coming.service)
        facts = details(self.coming)
        return f"{line}\n{facts}" if facts else line

    def next_change(self, now: datetime) -> datetime | None:
        moments = [t for s in self.sessions for t in (s.start, s.end) if t > now]
        moments += [m for m in (self.reopens,) if m is not None and m > now and self.closure]
        return min(moments) if moments and self.highlight_now else None

    def day_end_and_next(self, now: datetime | None = None) -> tuple[datetime | None, Session | None]:
        """When today's last session ends, and the session after it (for the queue's warning).

        Example: ``Schedule(sessions, coming=tomorrow).day_end_and_next()`` → ``(18h today, tomorrow)``
        """
        held = [s for s in self.sessions if not s.cancelled]
        if not held:
            return None, None
        end = max(s.end for s in held)
        coming = self.coming if self.coming is not None and self.coming.start >= end else None
        return end, coming

    def wanted_height(self, canvas: Canvas) -> int | None:
        """The height that shows every session in full (the layout gives it if it can)."""
        if not self.sessions:
            return None
        from fabrique_kit.screen.widgets.base import heading_height
        from fabrique_kit.screen.widgets.schedule_rows import TALL

        pad = canvas.padding
        rows = list(zip(self.sessions, self.states(canvas.now), strict=True))
        plan = fit_rows(canvas, rows, canvas.width - 2 * pad, TALL, canvas.now, 0)
        return heading_height(canvas.sizes) + plan.height + 2 * pad

    def paint(self, canvas: Canvas) -> None:
        pad = canvas.padding
        canvas.fill()
        also = self.also(self.title)  # None for your own title (no translation)
        top = canvas.heading(public(self.title), also=also)
        bottom = canvas.height - pad
        backup = self.backup_line()
        if backup:  # the last good data, with its age: never passed off as today's file
            layout = canvas.fit(backup, canvas.width - 2 * pad, (bottom - top) / 4, size=canvas.sizes.minimum,
                                max_lines=2)
            canvas.write(backup, (pad, top, canvas.width - pad, top + layout.height), role="schedule.backup",
                         colour=canvas.theme.muted, layout=layout)
            top += layout.height + pad
        coming = self.coming_line(canvas.now)
        if coming:  # the last lines of the box say when the next session is
            layout = canvas.fit(coming, canvas.width - 2 * pad, (bottom - top) / 2, bold=True, max_lines=5)
            first = max(top, bottom - layout.height)
            canvas.write(coming, (pad, first, canvas.width - pad, bottom), valign="bottom",
                         role="schedule.coming", layout=layout)
            bottom = first - pad
        box = (pad, top, canvas.width - pad, bottom)
        if self.unavailable:  # never « no session today » when the schedule could not be read
            text = _("Planning momentanément indisponible — renseignez-vous à l'accueil")
            self._centred(canvas, "information", text, box, bold=False, role="schedule.unavailable",
                          also=self.also("Planning momentanément indisponible — renseignez-vous à l'accueil"))
            return
        if self.closure:  # closed today: say why, and when it opens again
            also = None
            if self.second_language:
                with use_language(self.second_language):
                    also = self.closed_line(canvas.now)
            self._centred(canvas, "closed", self.closed_line(canvas.now) or "", box, bold=True,
                          role="schedule.closed", also=also if also != self.closed_line(canvas.now) else None)
            return
        if not self.sessions:
            canvas.write(_("Pas de permanence aujourd'hui"), box, valign="middle", align="center",
                         role="schedule.empty")
            return
        self._paint_rows(canvas, box)

    @staticmethod
    def _centred(canvas: Canvas, icon: str, text: str, box, bold: bool, role: str, also: str | None = None) -> None:
        """A pictogram above a centred text (a closed day, an unreadable schedule), and the
        text in a second language under it (``also``), when there is room."""
        x0, y0, x1, y1 = box
        side = int(canvas.body_size * 1.6)
        layout = canvas.fit(text, x1 - x0, max(1, y1 - y0 - side - canvas.padding), bold=bold)
        second = canvas.fit(also, x1 - x0, 10_000, size=canvas.sizes.minimum) if also else None
        if second is not None and (second.cut or side + layout.height + second.height + 2 * canvas.padding > y1 - y0):
            second = None
        total = side + canvas.padding + layout.height + (second.height + canvas.padding if second else 0)
        top = y0 + max(0, (y1 - y0 - total) // 2)
        if y1 - y0 >= total:
            canvas.icon(icon, ((x0 + x1 - side) // 2, top, (x0 + x1 + side) // 2, top + side),
                        role="schedule.state")
            top += side + canvas.padding
        canvas.write(text, (x0, top, x1, top + layout.height), align="center", role=role, layout=layout)
        if second is not None and also:
            top += layout.height + canvas.padding
            canvas.write(also, (x0, top, x1, top + second.height), align="center", colour=canvas.theme.muted,
                         role="schedule.also", layout=second)

    def _paint_rows(self, canvas: Canvas, box) -> None:
        x0, y0, x1, y1 = box
        small = canvas.sizes.minimum
        more_height = int(small * 1.4) * 2 + canvas.padding
        rows = list(zip(self.sessions, self.states(canvas.now), strict=True))
        plan = fit_rows(canvas, rows, x1 - x0, y1 - y0, canvas.now, more_height)
        end = y0
        for row, top in plan.placed(y0):
            paint_row(canvas, row, plan, (x0, top, x1, top + row.height))
            end = top + row.height
        if plan.hidden and y1 - end >= int(small * 1.4) + canvas.padding // 2:  # never below the block
            alone = not plan.rows
            canvas.write(more_text(plan.hidden, alone, canvas.now), (x0 + canvas.padding, end + canvas.padding // 2, x1, y1),
                         colour=canvas.theme.text if alone else canvas.theme.muted, size=small, min_size=small,
                         max_lines=None if alone else 2, role="schedule.more")
