"""Plain text blocks and the status line at the bottom.

Example::

    screen.text("Wi-Fi gratuit : réseau « Rennes-Public »", title="Informations")
    screen.status()       # says how old the data is when it gets stale
"""

from __future__ import annotations

from datetime import datetime, timedelta

from fabrique_kit.i18n import _
from fabrique_kit.screen.labels import public
from fabrique_kit.screen.widgets.base import Canvas, Widget
from fabrique_kit.state import Value


class TextBlock(Widget):
    """A block of text with an optional title; the text shrinks to fit, then is cut with "…"."""

    kind = "main"
    role = "text"
    weight = 1.5

    def __init__(self, text: str, title: str | None = None, large: bool = False, align: str = "start"):
        super().__init__()
        self.text, self.title, self.large, self.align = str(text or ""), title, large, align

    def content(self, now: datetime) -> tuple:
        return (self.text, self.title, self.large, self.align)

    def paint(self, canvas: Canvas) -> None:
        pad = canvas.padding
        canvas.fill()
        top = canvas.heading(public(self.title)) if self.title else pad
        size = canvas.title_size if self.large else canvas.body_size
        canvas.write(self.text, (pad, top, canvas.width - pad, canvas.height - pad), size=size,
                     align=self.align, role="text.body")


def age_text(seconds: float) -> str:
    """``il y a 25 min`` / ``il y a 3 h`` / ``il y a 2 jours``."""
    minutes = int(seconds // 60)
    if minutes < 60:
        return _("il y a {minutes} min", minutes=max(1, minutes))
    if minutes < 48 * 60:
        return _("il y a {hours} h", hours=minutes // 60)
    return _("il y a {days} jours", days=minutes // (24 * 60))


class Status(Widget):
    """A thin line: stale data with its age, « hors ligne », « simulation », or your text."""

    kind = "status"
    role = "status"

    def __init__(self, values: list[Value] | None = None, offline: bool = False,
                 simulation: bool = False, stale_after: float = 900, text: str | None = None):
        super().__init__()
        self.values = [v for v in values or [] if v is not None]
        self.offline, self.simulation = offline, simulation
        self.stale_after, self.text = stale_after, text

    def stale(self, now: datetime) -> list[Value]:
        return [v for v in self.values if v.error or v.age(now) > self.stale_after]

    def parts(self, now: datetime) -> list[str]:
        parts = []
        if self.simulation:
            parts.append(_("Simulation"))
        if self.offline or any(v.error for v in self.values):
            parts.append(_("Hors ligne"))
        stale = self.stale(now)
        loaded = [v for v in stale if v.value is not None]  # a value never read has no age to tell
        if loaded:
            oldest = max(v.age(now) for v in loaded)
            parts.append(_("Informations mises à jour {age}", age=age_text(oldest)))
        if len(loaded) < len(stale):
            parts.append(_("Certaines informations sont indisponibles"))
        if self.text:
            parts.append(self.text)
        return parts

    def visible(self, now: datetime) -> bool:
        return bool(self.parts(now))

    def content(self, now: datetime) -> tuple:
        return tuple(self.parts(now))

    def next_change(self, now: datetime) -> datetime | None:
        moments = []
        for value in self.values:
            becomes_stale = value.refreshed + timedelta(seconds=self.stale_after)
            if becomes_stale > now:
                moments.append(becomes_stale + timedelta(seconds=1))
            else:
                moments.append(now.replace(second=0, microsecond=0) + timedelta(minutes=1))
        return min(moments) if moments else None

    def paint(self, canvas: Canvas) -> None:
        canvas.fill(canvas.theme.background)
        pad = canvas.padding
        canvas.write("  ·  ".join(self.parts(canvas.now)), (pad, 0, canvas.width - pad, canvas.height),
                     size=canvas.sizes.minimum, colour=canvas.theme.text, valign="middle", max_lines=1,
                     role="status")
