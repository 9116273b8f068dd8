"""The band at the top: the place's name, today's date and the time.

Example::

    screen.header("Espace Social Commun Maurepas", clock=True, date=True)
"""

from __future__ import annotations

from datetime import datetime, timedelta

from fabrique_kit.i18n import get_language
from fabrique_kit.screen.widgets.base import Canvas, Widget
from fabrique_kit.screen.widgets.pictures import load_picture, paste_fitted

# Day and month names are written here rather than loaded from Babel's locale data,
# which costs about 9 MB of memory on a Pi for two short lists.
DAYS = {
    "fr": ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"),
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
}
MONTHS = {
    "fr": ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
           "septembre", "octobre", "novembre", "décembre"),
    "en": ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"),
}


def long_date(now: datetime) -> str:
    """``lundi 23 novembre`` (``Monday 23 November``) in the kit's language."""
    lang = get_language() if get_language() in DAYS else "fr"
    return f"{DAYS[lang][now.weekday()]} {now.day} {MONTHS[lang][now.month - 1]}"


class Header(Widget):
    """Place name on the left; date and time (changing once a minute) on the right."""

    kind = "header"
    role = "header"

    def __init__(self, place: str, clock: bool = True, date: bool = True, logo=None):
        super().__init__()
        self.place, self.clock, self.date, self.logo = str(place or ""), clock, date, logo

    def content(self, now: datetime) -> tuple:
        logo = load_picture(self.logo).fingerprint if self.logo is not None else None
        return (
            self.place,
            long_date(now) if self.date else None,
            now.strftime("%H:%M") if self.clock else None,
            logo,
        )

    def next_change(self, now: datetime) -> datetime | None:
        if self.clock:
            return now.replace(second=0, microsecond=0) + timedelta(minutes=1)
        if self.date:
            return (now + timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)
        return None

    def paint(self, canvas: Canvas) -> None:
        theme, pad = canvas.theme, canvas.padding
        canvas.fill(theme.header_background)
        bar = max(3, canvas.height // 24)
        canvas.fill(theme.accent, (0, canvas.height - bar, canvas.width, canvas.height))
        x0, y0, x1, y1 = pad, pad, canvas.width - pad, canvas.height - bar - pad
        if self.logo is not None:
            side = y1 - y0
            paste_fitted(canvas.image, load_picture(self.logo).image, (x0, y0, x0 + side * 2, y1))
            x0 += side * 2 + pad
        size = canvas.sizes.title
        moment = " ".join(filter(None, [long_date(canvas.now) if self.date else None,
                                         canvas.now.strftime("%H:%M") if self.clock else None]))
        place_width = canvas.fit(self.place, canvas.width * 4, y1 - y0, size=size, bold=True, max_lines=1).width
        moment_width = canvas.fit(moment, canvas.width * 4, y1 - y0, size=canvas.body_size).width
        heading = canvas.sizes.heading
        two_rows = (place_width + moment_width + 2 * pad > x1 - x0
                    and (y1 - y0) >= (heading + canvas.body_size) * 1.25)
        colour = theme.header_text
        if two_rows:  # narrow (portrait) screens: name above, date and time below
            middle = y0 + int((y1 - y0) * heading / (heading + canvas.body_size))
            canvas.write(self.place, (x0, y0, x1, middle), size=heading, bold=True, colour=colour,
                         valign="middle", max_lines=1, role="header.place")
            self._paint_moment(canvas, (x0, middle, x1, y1), canvas.body_size, "start")
            return
        right = x1
        moment_size = canvas.body_size
        if place_width + moment_width + 2 * pad > x1 - x0:  # the place's name first: the date gets smaller
            moment_size = canvas.sizes.minimum
        if moment:
            right = self._paint_moment(canvas, (x0, y0, x1, y1), moment_size, "end") - 2 * pad
        lines = 2 if (y1 - y0) >= canvas.sizes.minimum * 2.7 else 1  # a long name may wrap in a tall band
        canvas.write(self.place, (x0, y0, max(x0 + 1, right), y1), size=size, bold=True, colour=colour,
                     valign="middle", max_lines=lines, role="header.place")

    def _paint_moment(self, canvas: Canvas, box, size: int, align: str) -> int:
        """Date then time (the time in bold), aligned in ``box``; returns the left edge used."""
        x0, y0, x1, y1 = box
        parts = []
        if self.date:
            parts.append((long_date(canvas.now), False, "header.date"))
        if self.clock:
            parts.append((canvas.now.strftime("%H:%M"), True, "header.time"))
        widths = [canvas.fit(text, canvas.width, y1 - y0, size=size, bold=bold, max_lines=1).width + 2
                  for text, bold, _role in parts]
        total = sum(widths) + canvas.padding * (len(parts) - 1)
        x = x0 if align == "start" else max(x0, x1 - total)
        left = x
        for (text, bold, role), width in zip(parts, widths, strict=True):
            canvas.write(text, (int(x), y0, int(min(x1, x + width)), y1), size=size, bold=bold,
                         colour=canvas.theme.header_text, valign="middle", max_lines=1, role=role)
            x += width + canvas.padding
        return int(left)
