"""The ``departs`` block: the next departures, one line each, readable from afar.

Each line shows the line's name in a coloured badge, the destination and the wait in
minutes (« à l'approche » under a minute, the time of day beyond an hour). A departure
not followed in real time (timetable only) has its wait in grey.

Example::

    screen.widget("departs", bus.next(5), title="Bus à République")
"""

from __future__ import annotations

from datetime import datetime, timedelta

from fabrique_kit.screen import Widget


def minutes_until(departure: dict, now: datetime) -> int:
    return max(0, int((datetime.fromisoformat(departure["depart"]) - now).total_seconds() // 60))


def wait_text(departure: dict, now: datetime) -> str:
    minutes = minutes_until(departure, now)
    if minutes < 1:
        return "à l'approche"
    if minutes >= 60:
        return datetime.fromisoformat(departure["depart"]).astimezone(now.tzinfo).strftime("%H:%M")
    return f"{minutes} min"


class Departs(Widget):
    """``departures`` (from ``source.next()``) under ``title``; ``kind`` "side" or "main"."""

    def __init__(self, departures: list[dict] | None, title: str = "Prochains départs", kind: str = "side"):
        super().__init__()
        self.departures = list(departures or [])
        self.title = title
        self.kind = kind

    def content(self, now: datetime) -> tuple:
        return (self.title, tuple((d["ligne"], d["destination"], wait_text(d, now), d.get("temps_reel"))
                                  for d in self.departures))

    def next_change(self, now: datetime) -> datetime | None:
        if not self.departures:
            return None
        return now.replace(second=0, microsecond=0) + timedelta(minutes=1)  # the waits tick

    def paint(self, canvas) -> None:
        canvas.fill()
        top = canvas.heading(self.title)
        pad, theme = canvas.padding, canvas.theme
        if not self.departures:
            canvas.write("Pas de départ annoncé.", (pad, top + pad, canvas.width - pad, canvas.height - pad),
                         colour=theme.muted)
            return
        row = int(canvas.body_size * 1.7)
        badge = int(canvas.body_size * 2.6)
        y = top + pad
        for departure in self.departures:
            if y + row > canvas.height - pad:
                break  # no room left: the next departures wait their turn
            canvas.draw.rounded_rectangle((pad, y + 2, pad + badge, y + row - 4), radius=row // 6,
                                          fill=theme.header_background)
            canvas.write(departure["ligne"], (pad, y, pad + badge, y + row - 2), bold=True,
                         colour=theme.header_text, align="center", valign="middle", max_lines=1)
            wait = wait_text(departure, canvas.now)
            wait_width = int(canvas.body_size * 4.2)
            canvas.write(departure["destination"], (pad * 2 + badge, y, canvas.width - wait_width - pad, y + row),
                         valign="middle", max_lines=1)
            canvas.write(wait, (canvas.width - wait_width, y, canvas.width - pad, y + row), bold=True,
                         colour=theme.text if departure.get("temps_reel") else theme.muted,
                         align="end", valign="middle", max_lines=1)
            y += row
