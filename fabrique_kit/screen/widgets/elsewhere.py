"""« Ailleurs aujourd'hui »: the other places of the city open now or later today, their
hours, the estimated wait, how to get there, and a QR code to the best one's map.

The widget draws plain values the kit put in the state (``ville.ailleurs``, see
:mod:`fabrique_kit.city.nearby`); it never reaches the network. What is older than
``stale_after`` shows its age; older than ``drop_after``, a place is not shown.

Example::

    panel = kit.state.get("ville.ailleurs")
    screen.add(Elsewhere(panel["lieux"], prominent=panel["en_avant"]))
"""

from __future__ import annotations

from datetime import datetime, timedelta

from PIL import Image

from fabrique_kit.i18n import _
from fabrique_kit.screen.widgets.base import Canvas, Widget
from fabrique_kit.screen.widgets.pictures import qr_matrix


def _age_text(seconds: float) -> str:
    minutes = int(seconds // 60)
    if minutes < 90:
        return _("informations d'il y a {n} min", n=minutes)
    return _("informations d'il y a {n} h", n=round(minutes / 60))


class Elsewhere(Widget):
    """Other places (dicts with ``nom``, ``etat``, ``ouvre_a``, ``ferme_a``, ``attente_min``,
    ``transport``, ``qr``, ``recu``); ``prominent`` makes it a large block of the main column.
    """

    role = "elsewhere"

    def __init__(self, places, prominent: bool = False, title: str = "Ailleurs aujourd'hui",
                 stale_after: float = 15 * 60, drop_after: float = 60 * 60):
        super().__init__()
        self.places = [dict(p) for p in places or [] if isinstance(p, dict) and p.get("nom")]
        self.prominent = bool(prominent)
        self.kind = "main" if self.prominent else "side"
        self.weight = 3.0 if self.prominent else 2.0
        self.title = title
        self.stale_after, self.drop_after = stale_after, drop_after

    @property
    def name(self) -> str:
        return "Elsewhere"

    def _age(self, place: dict, now: datetime) -> float:
        try:
            return max(0.0, (now - datetime.fromisoformat(place["recu"])).total_seconds())
        except (KeyError, TypeError, ValueError):
            return 0.0

    def shown(self, now: datetime) -> list[tuple[dict, float]]:
        """The places still fresh enough to show at ``now``, with their age in seconds."""
        return [(p, age) for p in self.places for age in [self._age(p, now)] if age <= self.drop_after][:4]

    def visible(self, now: datetime) -> bool:
        return bool(self.shown(now))

    def content(self, now: datetime) -> tuple:
        rows = []
        for place, age in self.shown(now):
            old = int(age // 60) if age > self.stale_after else None
            rows.append((place.get("nom"), place.get("etat"), place.get("ouvre_a"), place.get("ferme_a"),
                         place.get("attente_min"), place.get("transport"), place.get("qr"), old))
        return (self.title, self.prominent, tuple(rows))

    def next_change(self, now: datetime) -> datetime | None:
        moments = []
        for _place, age in self.shown(now):
            if age > self.stale_after:
                moments.append(now + timedelta(seconds=60 - age % 60))  # the age shown, each minute
            else:
                moments.append(now + timedelta(seconds=self.stale_after - age + 1))
            moments.append(now + timedelta(seconds=self.drop_after - age + 1))
        return min(moments) if moments else None

    @staticmethod
    def when(place: dict) -> str:
        """« Ouvert jusqu'à 17:30 » or « Ouvre à 13:30 » (the place's state today)."""
        if place.get("etat") == "ouvert":
            end = place.get("ferme_a")
            return _("Ouvert jusqu'à {time}", time=end) if end else _("Ouvert maintenant")
        return _("Ouvre à {start}, jusqu'à {end}", start=place.get("ouvre_a"), end=place.get("ferme_a"))

    @staticmethod
    def wait(place: dict) -> str | None:
        minutes = place.get("attente_min")
        if place.get("etat") != "ouvert" or minutes is None:
            return None
        if minutes <= 5:
            return _("Attente courte")
        return _("Attente estimée : {n} min", n=minutes)

    def wanted_height(self, canvas: Canvas) -> int:
        """Room for the title and, for each place, its name and every line under it."""
        from fabrique_kit.screen.widgets.base import heading_height

        sizes = canvas.sizes
        line = int(sizes.minimum * 1.4)
        width = canvas.width - 2 * canvas.padding - min(canvas.width // 5, 6 * line)
        total = heading_height(sizes) + 2 * canvas.padding
        for place, age in self.shown(canvas.now):
            name = canvas.fit(place["nom"], width, line * 2, size=sizes.minimum, bold=True, max_lines=2)
            rows = 1 + bool(self.wait(place)) + (age > self.stale_after)
            transport = canvas.fit(place.get("transport") or "", width, line * 2, size=sizes.minimum, max_lines=2)
            total += name.height + rows * line + (transport.height if place.get("transport") else 0) + canvas.padding // 2
        return total

    def paint(self, canvas: Canvas) -> None:
        canvas.fill()
        pad, sizes = canvas.padding, canvas.sizes
        title = _("Ailleurs aujourd'hui") if self.title == "Ailleurs aujourd'hui" else self.title
        top = canvas.heading(title)
        shown = self.shown(canvas.now)
        qr_side = 0
        if shown and shown[0][0].get("qr") and canvas.width > canvas.height * 0.9:
            qr_side = min(canvas.height - top - 2 * pad, canvas.width // 5)
            self._paint_qr(canvas, shown[0][0]["qr"], (canvas.width - pad - qr_side, top + pad, qr_side))
        right = canvas.width - pad - (qr_side + pad if qr_side else 0)
        qr_bottom = top + pad + qr_side  # under the QR code, the lines take the whole width
        share = max(1, (canvas.height - top - pad) // max(1, len(shown)))
        for place, age in shown:
            box_bottom = top + share
            small = sizes.minimum  # the hours and the wait matter as much as the name
            name = canvas.write(place["nom"], (pad, top, right, box_bottom), size=small, bold=True, max_lines=2,
                                role="elsewhere.place")
            y = top + name.height
            lines = [(self.when(place), "elsewhere.hours", canvas.theme.text)]
            wait = self.wait(place)
            if wait:
                lines.append((wait, "elsewhere.wait", canvas.theme.text))
            if place.get("transport"):
                lines.append((place["transport"], "elsewhere.transport", canvas.theme.muted))
            if age > self.stale_after:
                lines.append((_age_text(age), "elsewhere.age", canvas.theme.muted))
            for text, role, colour in lines:
                if y + small * 1.2 > box_bottom:
                    break
                end = right if y < qr_bottom else canvas.width - pad
                layout = canvas.write(text, (pad, y, end, box_bottom), size=small, colour=colour,
                                      max_lines=2 if role == "elsewhere.transport" else 1, role=role)
                y += layout.height
            top += share

    def _paint_qr(self, canvas: Canvas, url: str, where: tuple[int, int, int]) -> None:
        x, y, side = where
        matrix = qr_matrix(url)
        scale = max(1, side // len(matrix))
        picture = Image.new("1", (len(matrix), len(matrix)), 1)
        picture.putdata([0 if dark else 1 for row in matrix for dark in row])
        picture = picture.resize((len(matrix) * scale,) * 2, Image.Resampling.NEAREST).convert("RGB")
        canvas.image.paste(picture, (x + (side - picture.width), y))
