"""What every widget shares: a content key, a next change, and painting in its box.

A widget never draws outside its box: it paints on a picture of exactly its size
(the :class:`Canvas`), which the renderer then pastes into the frame.

Example (a widget of your own)::

    class Weather(Widget):
        kind = "main"

        def __init__(self, degrees):
            super().__init__()
            self.degrees = degrees

        def content(self, now):
            return (self.degrees,)

        def paint(self, canvas):
            canvas.fill()
            canvas.write(f"{self.degrees} °C", size=canvas.title_size, align="center", valign="middle")
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from PIL import Image, ImageDraw

from fabrique_kit.screen.display_list import TextItem, hex_colour
from fabrique_kit.screen.fonts import FontBook
from fabrique_kit.screen.icons import draw_icon
from fabrique_kit.screen.text import TextLayout, draw_text, fit_text
from fabrique_kit.screen.themes import Theme

Box = tuple[int, int, int, int]


@dataclass
class Sizes:
    """Text sizes in pixels for one screen, from its short side ``unit``.

    The rule: body text is 1/22 of the short side and never shrinks below 1/27
    (49 px and 40 px on a 1080p screen). On a 22-inch 1080p screen 40 px gives
    capitals about 7 mm high, read comfortably from 3 metres.
    """

    unit: int
    frame: tuple[int, int] = (0, 0)  # the whole picture's size, as people see it (0, 0: unknown)

    @property
    def body(self) -> int:
        return max(12, round(self.unit / 22))

    @property
    def minimum(self) -> int:
        return max(10, round(self.unit / 27))

    @property
    def title(self) -> int:
        return max(14, round(self.unit / 15))

    @property
    def heading(self) -> int:
        """Block titles ("Aujourd'hui", "Actualités")."""
        return max(13, round(self.unit / 18))

    @property
    def padding(self) -> int:
        return max(4, round(self.unit / 60))

    @property
    def gap(self) -> int:
        return max(3, round(self.unit / 90))


def heading_height(sizes: Sizes) -> int:
    """Height taken by a block title and its accent line (see :meth:`Canvas.heading`)."""
    return sizes.padding + int(sizes.heading * 1.4) + max(3, sizes.heading // 16) + sizes.padding // 2


class Canvas:
    """The picture a widget paints on (its own box), with the theme, fonts and sizes.

    Every :meth:`write` is also recorded in ``items`` (see
    :mod:`fabrique_kit.screen.display_list`), with the role it is given, or
    ``"<role>.text"`` where ``role`` is the widget's own (``"queue"``, ``"header"``...).
    """

    def __init__(self, width: int, height: int, theme: Theme, fonts: FontBook, sizes: Sizes, now: datetime,
                 role: str = "block"):
        self.width, self.height = width, height
        self.theme, self.fonts, self.sizes, self.now = theme, fonts, sizes, now
        self.role = role
        self.items: list[TextItem] = []
        self.image = Image.new("RGB", (width, height), theme.panel)
        self.draw = ImageDraw.Draw(self.image)

    @property
    def body_size(self) -> int:
        return self.sizes.body

    @property
    def title_size(self) -> int:
        return self.sizes.title

    @property
    def padding(self) -> int:
        return self.sizes.padding

    def heading(self, title: str, also: str | None = None) -> int:
        """Write a block title with a thin accent line under it; returns the y below it.

        ``also`` (the title in a second language) follows it, smaller, when it fits.
        """
        pad, size = self.padding, self.sizes.heading
        height = int(size * 1.4)
        layout = self.write(title, (pad, pad, self.width - pad, pad + height), size=size, bold=True,
                            valign="middle", max_lines=1, role=f"{self.role}.heading")
        if also:
            x = pad + int(layout.width) + 2 * pad
            second = self.fit(also, 10_000, height, size=self.sizes.minimum, min_size=self.sizes.minimum)
            if not layout.cut and x + second.width <= self.width - pad:
                self.write(also, (x, pad, self.width - pad, pad + height), colour=self.theme.muted,
                           valign="middle", role=f"{self.role}.also", layout=second)
        line = max(3, size // 16)
        self.fill(self.theme.accent, (pad, pad + height, self.width - pad, pad + height + line))
        return heading_height(self.sizes)

    def fill(self, colour: str | None = None, box: Box | None = None) -> None:
        """Paint ``box`` (default: everything) with ``colour`` (default: the panel colour)."""
        self.draw.rectangle(box or (0, 0, self.width, self.height), fill=colour or self.theme.panel)

    def fit(self, text: str, width: float, height: float, size: int | None = None,
            bold: bool = False, max_lines: int | None = None, min_size: int | None = None) -> TextLayout:
        """Lay out ``text`` for a ``width`` × ``height`` area without drawing it."""
        size = size or self.sizes.body
        floor = min(size, min_size or self.sizes.minimum)
        return fit_text(self.fonts, text, max(1, width), max(1, height), size, floor, bold, max_lines)

    def write(self, text: str, box: Box | None = None, size: int | None = None, bold: bool = False,
              colour: str | None = None, align: str = "start", valign: str = "top",
              max_lines: int | None = None, strike: bool = False, min_size: int | None = None,
              role: str | None = None, layout: TextLayout | None = None) -> TextLayout:
        """Write ``text`` inside ``box`` (default: the whole canvas minus padding); returns its layout.

        ``role`` names what the text is, for the display list (``"queue.desk"``);
        by default ``"<widget role>.text"``. ``layout`` draws text already laid out
        with :meth:`fit` (measured before the box was chosen) instead of fitting again.

        Example: ``canvas.write("Guichet 2", size=40, role="queue.desk")``
        """
        pad = self.padding
        box = box or (pad, pad, self.width - pad, self.height - pad)
        if layout is None:
            layout = self.fit(text, box[2] - box[0], box[3] - box[1], size, bold, max_lines, min_size)
        fill = colour or self.theme.text
        background = self._background(box)
        drawn, lines = draw_text(self.image, layout, box, fill, align, valign, strike)
        if drawn is not None:
            self.items.append(TextItem(
                text=" ".join(line.strip() for line in lines), box=drawn, px=layout.size,
                fg=hex_colour(fill), bg=background, role=role or f"{self.role}.text", cut=layout.cut,
                lines=tuple(lines), block=(0, 0, self.width, self.height),
            ))
        return layout

    def icon(self, name: str, box: Box, colour: str | None = None, role: str | None = None) -> Box:
        """Draw the pictogram ``name`` (see :mod:`fabrique_kit.screen.icons`) in the square
        centred in ``box``; it is listed in the display list with an empty text, its name in
        ``lines`` and the role ``"<widget role>.icon"``. Returns the square.

        Example: ``canvas.icon("now", (10, 10, 50, 50), role="schedule.icon")``
        """
        x0, y0, x1, y1 = box
        side = max(1, min(x1 - x0, y1 - y0))
        left, top = x0 + (x1 - x0 - side) // 2, y0 + (y1 - y0 - side) // 2
        square = (left, top, left + side, top + side)
        fill = colour or self.theme.text
        background = self._background(square)
        draw_icon(self.draw, name, square, fill)
        self.items.append(TextItem(text="", box=square, px=side, fg=hex_colour(fill), bg=background,
                                   role=role or f"{self.role}.icon", cut=False, lines=(name,),
                                   block=(0, 0, self.width, self.height)))
        return square

    def _background(self, box: Box) -> str:
        """The colour most seen under ``box`` before the text is drawn (five points)."""
        x0, y0 = max(0, box[0]), max(0, box[1])
        x1, y1 = min(self.width - 1, box[2] - 1), min(self.height - 1, box[3] - 1)
        if x1 < x0 or y1 < y0:
            return hex_colour(self.theme.panel)
        points = [(x0, y0), (x1, y0), (x0, y1), (x1, y1), ((x0 + x1) // 2, (y0 + y1) // 2)]
        seen = [self.image.getpixel(point) for point in points]
        return hex_colour(max(seen, key=seen.count))


class Widget:
    """A block of the screen. Subclasses set ``kind`` and write the three methods below.

    ``kind`` tells the layouts where it goes: ``"header"``, ``"message"``,
    ``"status"`` (bands) or ``"main"`` / ``"side"`` (the body columns).
    ``weight`` is its share of a column's height.
    """

    kind = "main"
    weight = 1.0
    role = "block"  # the first part of the roles of its texts in the display list
    second_language: str | None = None  # set by the renderer when a second language is shown

    def also(self, french: str, **values) -> str | None:
        """``french`` (a message of the catalogues) in the second language shown now, or None
        when there is none or it has no translation there.

        Example: ``widget.also("Aujourd'hui")`` → ``'Today'`` while English is shown
        """
        if not self.second_language:
            return None
        from fabrique_kit.i18n import _, use_language

        with use_language(self.second_language):
            text = _(french, **values)
        return text if text != _(french, **values) else None

    def __init__(self):
        self.cell: tuple[int, int, int, int] | None = None  # (row, col, rows, cols) in a grid
        self.box_size: tuple[int, int] | None = None  # set by the renderer before content()
        self.sizes: Sizes | None = None

    def place_in(self, box_size: tuple[int, int], sizes: Sizes) -> None:
        """Called by the renderer with the size of the widget's box, before :meth:`content`.

        Example: ``widget.place_in((640, 480), sizes)`` (the renderer calls it)
        """
        self.box_size, self.sizes = box_size, sizes

    def at(self, row: int, col: int, rows: int = 1, cols: int = 1) -> Widget:
        """Put this widget in a cell of the screen's grid (see ``screen.grid``).

        Example::

            screen.grid(rows=2, cols=2)
            screen.news(items).at(row=1, col=0, cols=2)
        """
        self.cell = (row, col, rows, cols)
        return self

    @property
    def name(self) -> str:
        """The widget's name in messages (its class name by default).

        Example: ``widget.name`` → ``'BigNumber'``
        """
        return type(self).__name__

    def min_height(self, sizes: Sizes) -> int:
        """The height below which the layout does not shrink it to give room to another block
        (a block title and a line of text by default).

        Example: ``News([]).min_height(Sizes(1080))`` → ``228``
        """
        return heading_height(sizes) + int(sizes.body * 1.6) + 2 * sizes.padding

    def visible(self, now: datetime) -> bool:
        """False hides the widget (an expired message); the layout then gives its room away.

        Example: ``Message("Fermé", until=yesterday).visible(now)`` → ``False``
        """
        return True

    def content(self, now: datetime) -> tuple:
        """A hashable summary of what the widget shows at ``now``: same summary, no redraw."""
        raise NotImplementedError

    def next_change(self, now: datetime) -> datetime | None:
        """When the widget will look different without any data change (or None).

        Example: a clock widget returns the next minute
        """
        return None

    def announcement(self) -> str | None:
        """A sentence to say aloud when the widget changes (called numbers), or None.

        Example: ``BigNumber(12, desk=2).announcement()`` → ``'Numéro 12, guichet 2'``
        """
        return None

    def paint(self, canvas: Canvas) -> None:
        """Draw the widget on ``canvas``."""
        raise NotImplementedError
