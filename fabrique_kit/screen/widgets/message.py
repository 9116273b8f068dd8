"""A banner: information, a closure, or an alert; it can disappear by itself.

Example::

    screen.message("Fermé lundi 1er décembre", kind="closure", until="2026-12-01 18:00")
"""

from __future__ import annotations

from datetime import date, datetime, time

from fabrique_kit.clock import PARIS
from fabrique_kit.i18n import _
from fabrique_kit.screen.widgets.base import Canvas, Widget

KINDS = ("info", "closure", "alert")


def as_moment(until) -> datetime | None:
    """``until`` as an aware datetime: a datetime, a date (its end) or ``"2026-12-01 18:00"``."""
    if until is None:
        return None
    if isinstance(until, str):
        until = datetime.fromisoformat(until)
    if isinstance(until, date) and not isinstance(until, datetime):
        until = datetime.combine(until, time(23, 59, 59))
    return until if until.tzinfo else until.replace(tzinfo=PARIS)


class Message(Widget):
    """A coloured band across the screen with a short text."""

    kind = "message"
    role = "message"

    def __init__(self, text: str, until=None, kind: str = "info"):
        super().__init__()
        if kind not in KINDS:
            raise ValueError(_("« kind » doit être l'un de : {choices}", choices=", ".join(KINDS)))
        self.text, self.until, self.style = str(text or ""), as_moment(until), kind

    def visible(self, now: datetime) -> bool:
        return bool(self.text.strip()) and (self.until is None or now < self.until)

    def content(self, now: datetime) -> tuple:
        return (self.text, self.style)

    def next_change(self, now: datetime) -> datetime | None:
        return self.until if self.until and self.until > now else None

    def paint(self, canvas: Canvas) -> None:
        theme, pad = canvas.theme, canvas.padding
        background, colour = {
            "info": (theme.info_background, theme.info_text),
            "closure": (theme.closure_background, theme.closure_text),
            "alert": (theme.alert_background, theme.alert_text),
        }[self.style]
        canvas.fill(background)
        mark = {"info": "i", "closure": "!", "alert": "!"}[self.style]
        side = canvas.height - 2 * pad
        canvas.draw.ellipse((pad, pad, pad + side, pad + side), outline=colour, width=max(3, side // 12))
        canvas.write(mark, (pad, pad, pad + side, pad + side), size=int(side * 0.7), bold=True,
                     colour=colour, align="center", valign="middle", max_lines=1, role="message.mark")
        canvas.write(self.text, (pad * 2 + side, pad, canvas.width - pad, canvas.height - pad),
                     size=canvas.body_size, bold=True, colour=colour, valign="middle", max_lines=2,
                     role="message.text")
