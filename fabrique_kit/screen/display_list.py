"""What a frame shows, as data: every text drawn, where, how big, in which colours and role.

The renderer records one :class:`TextItem` per text written by a widget. Tests and
``fabrique preview --layout f.json`` read them to check values (the number called,
each session's hours) and layout rules (no two texts overlap, nothing leaves its
block) without comparing pixels.

Example::

    frame = renderer.render()
    frame.display.texts("queue.number")      # ['42']
    frame.display.first("queue.desk").px     # 40
    frame.display.overlaps()                 # [] when no two texts cross
    frame.display.as_json()                  # {"size": [1920, 1080], "items": [...]}
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import lru_cache

Box = tuple[int, int, int, int]


@lru_cache(maxsize=512)  # a theme has a dozen colours: each is converted once
def hex_colour(colour) -> str:
    """``"#rrggbb"`` for a Pillow colour (a name, ``"#RGB"``, or an ``(r, g, b)`` tuple).

    Example: ``hex_colour((255, 255, 255))`` → ``'#ffffff'``
    """
    if isinstance(colour, str):
        from PIL import ImageColor

        colour = ImageColor.getrgb(colour)
    red, green, blue = tuple(colour)[:3]
    return f"#{red:02x}{green:02x}{blue:02x}"


def boxes_overlap(a: Box, b: Box) -> bool:
    """True when the boxes share at least one pixel (touching edges do not count).

    Example: ``boxes_overlap((0, 0, 10, 10), (10, 0, 20, 10))`` → ``False``
    """
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def inside(inner: Box, outer: Box) -> bool:
    """True when ``inner`` lies wholly within ``outer``.

    Example: ``inside((2, 2, 8, 8), (0, 0, 10, 10))`` → ``True``
    """
    return outer[0] <= inner[0] and outer[1] <= inner[1] and inner[2] <= outer[2] and inner[3] <= outer[3]


@dataclass(frozen=True)
class TextItem:
    """One text drawn: ``text`` (lines joined by a space), its ``box`` in frame pixels,
    its size ``px``, colours ``fg`` and ``bg``, its ``role`` (``"queue.number"``...),
    whether it was ``cut`` (shortened with "…"), and the ``block`` box of its widget."""

    text: str
    box: Box
    px: int
    fg: str
    bg: str
    role: str
    cut: bool
    lines: tuple[str, ...] = ()
    block: Box = (0, 0, 0, 0)

    def moved(self, dx: int, dy: int) -> TextItem:
        """The same item shifted by ``(dx, dy)`` (from a widget's box to the frame)."""
        x0, y0, x1, y1 = self.box
        b0, b1, b2, b3 = self.block
        return replace(self, box=(x0 + dx, y0 + dy, x1 + dx, y1 + dy), block=(b0 + dx, b1 + dy, b2 + dx, b3 + dy))

    def as_json(self) -> dict:
        """The item as a JSON-ready dict (the format of ``fabrique preview --layout``)."""
        return {
            "text": self.text,
            "box": list(self.box),
            "px": self.px,
            "fg": self.fg,
            "bg": self.bg,
            "role": self.role,
            "cut": self.cut,
            "lines": list(self.lines),
            "block": list(self.block),
        }


@dataclass
class DisplayList:
    """Every :class:`TextItem` of one frame, in drawing order, and the frame's ``size``."""

    size: tuple[int, int]
    items: list[TextItem] = field(default_factory=list)

    def with_role(self, role: str) -> list[TextItem]:
        """Items whose role is ``role``, or starts with ``role + "."`` (``"schedule"``).

        Example: ``display.with_role("schedule.time")``
        """
        return [item for item in self.items if item.role == role or item.role.startswith(role + ".")]

    def texts(self, role: str) -> list[str]:
        """The texts drawn in ``role``, in drawing order.

        Example: ``display.texts("schedule.time")`` → ``['9h30 – 12h', '14h – 17h']``
        """
        return [item.text for item in self.with_role(role)]

    def first(self, role: str) -> TextItem | None:
        """The first item in ``role``, or None.

        Example: ``display.first("queue.number").text`` → ``'42'``
        """
        found = self.with_role(role)
        return found[0] if found else None

    def roles(self) -> list[str]:
        """Every role drawn, once each, in drawing order.

        Example: ``display.roles()`` → ``['header.place', 'header.date', ...]``
        """
        return list(dict.fromkeys(item.role for item in self.items))

    def overlaps(self) -> list[tuple[TextItem, TextItem]]:
        """Pairs of texts whose boxes cross (a readable screen has none).

        Example: ``assert not display.overlaps()``
        """
        pairs = []
        for index, first in enumerate(self.items):
            for second in self.items[index + 1 :]:
                if boxes_overlap(first.box, second.box):
                    pairs.append((first, second))
        return pairs

    def outside(self) -> list[TextItem]:
        """Texts that leave their widget's box, or the frame.

        Example: ``assert not display.outside()``
        """
        frame = (0, 0, *self.size)
        return [item for item in self.items if not (inside(item.box, item.block) and inside(item.box, frame))]

    def as_json(self) -> dict:
        """``{"size": [w, h], "items": [...]}``, as written by ``fabrique preview --layout``.

        Example: ``json.dumps(display.as_json(), ensure_ascii=False)``
        """
        return {"size": list(self.size), "items": [item.as_json() for item in self.items]}

    def to_text(self) -> str:
        """:meth:`as_json` as JSON text, one item a line (easy to read and to diff).

        Example: ``Path("ecran.json").write_text(display.to_text(), encoding="utf-8")``
        """
        import json

        lines = [json.dumps(item.as_json(), ensure_ascii=False) for item in self.items]
        body = ",\n  ".join(lines)
        return f'{{"size": {json.dumps(list(self.size))}, "items": [\n  {body}\n]}}\n'
