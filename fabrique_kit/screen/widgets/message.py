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
# the state's words (kit/message.py: "kind") and the widget's: both are understood
ALIASES = {"information": "info", "fermeture": "closure", "alerte": "alert"}
ICONS = {"info": "information", "closure": "fermeture", "alert": "alerte"}


def as_moment(until) -> datetime | None:
    """``until`` as an aware datetime: a datetime, a date (its end) or ``"2026-12-01 18:00"``."""
    if until is None:
        return None
    if isinstance(until, str):
        until = datetime.fromisoformat(until)
    if isinstance(until, date) and not isinstance(until, datetime):
        until = datetime.combine(until, time(23, 59, 59))
    return until if until.tzinfo else until.replace(tzinfo=PARIS)


def kind_word(style: str) -> str:
    """The word that tells the kind without colour: « Information », « Fermeture », « Alerte »."""
    return {"info": _("Information"), "closure": _("Fermeture"), "alert": _("Alerte")}[style]


class Message(Widget):
    """A coloured band across the screen: a pictogram, the kind's word, and the whole text.

    Each kind has its colour, its own pictogram (« i » in a circle, a no-entry sign, a
    warning triangle) and its word, so it is told apart without seeing colours. A long
    text wraps; the band grows to show all of it (up to a third of the screen).
    """

    kind = "message"
    role = "message"

    def __init__(self, text: str, until=None, kind: str = "info"):
        super().__init__()
        kind = ALIASES.get(kind, kind)
        if kind not in KINDS:
            raise ValueError(_("« kind » doit être l'un de : {choices}", choices=", ".join(ALIASES)))
        self.text, self.until, self.style = str(text or ""), as_moment(until), kind

    def visible(self, now: datetime) -> bool:
        return bool(self.text.strip()) and (self.until is None or now < self.until)

    def content(self, now: datetime) -> tuple:
        return (self.text, self.style)

    def next_change(self, now: datetime) -> datetime | None:
        return self.until if self.until and self.until > now else None

    def _columns(self, canvas: Canvas) -> tuple[int, int]:
        """The width of the pictogram's column and the x where the text starts."""
        pad = canvas.padding
        word = canvas.fit(kind_word(self.style), 10_000, 10_000, size=canvas.sizes.minimum, bold=True,
                          min_size=canvas.sizes.minimum)
        column = int(max(word.width, canvas.body_size * 1.6)) + 2
        return column, pad * 3 + column

    def _text_layout(self, canvas: Canvas, height: int):
        _column, left = self._columns(canvas)
        return canvas.fit(self.text, canvas.width - left - canvas.padding, height, size=canvas.body_size,
                          bold=True)

    def wanted_height(self, canvas: Canvas) -> int:
        """The band's height that shows the whole text (the layout caps it)."""
        icon = int(canvas.body_size * 1.6) + int(canvas.sizes.minimum * 1.4)
        return max(icon, self._text_layout(canvas, 100_000).height) + 2 * canvas.padding

    def paint(self, canvas: Canvas) -> None:
        theme, pad = canvas.theme, canvas.padding
        background, colour = {
            "info": (theme.info_background, theme.info_text),
            "closure": (theme.closure_background, theme.closure_text),
            "alert": (theme.alert_background, theme.alert_text),
        }[self.style]
        canvas.fill(background)
        column, left = self._columns(canvas)
        small = canvas.sizes.minimum
        word_height = int(small * 1.4)
        side = max(small, min(int(canvas.body_size * 1.6), canvas.height - 2 * pad - word_height))
        top = max(pad, (canvas.height - side - word_height) // 2)
        canvas.icon(ICONS[self.style], (pad, top, pad + column, top + side), colour=colour, role="message.icon")
        canvas.write(kind_word(self.style), (pad, top + side, pad + column, top + side + word_height),
                     size=small, min_size=small, bold=True, colour=colour, align="center", max_lines=1,
                     role="message.kind")
        canvas.draw.line((left - pad, pad, left - pad, canvas.height - pad), fill=colour, width=max(2, pad // 4))
        canvas.write(self.text, (left, pad, canvas.width - pad, canvas.height - pad), colour=colour,
                     valign="middle", role="message.text",
                     layout=self._text_layout(canvas, canvas.height - 2 * pad))
