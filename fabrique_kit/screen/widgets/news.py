"""News in pages that turn every few seconds (not a scrolling ticker, which tires eyes).

Example::

    screen.news(news.latest(6), per_page=3, seconds_per_page=20)
"""

from __future__ import annotations

from datetime import datetime, timedelta

from fabrique_kit.model import NewsItem
from fabrique_kit.screen.labels import public
from fabrique_kit.screen.widgets.base import Canvas, Widget, heading_height


class News(Widget):
    """Headlines (:class:`~fabrique_kit.model.NewsItem` or plain strings), ``per_page`` at a time.

    The page shown depends only on the clock, so every screen of a site turns its
    pages at the same moment.
    """

    kind = "main"
    role = "news"
    weight = 2.0

    def __init__(self, items, per_page: int = 3, seconds_per_page: float = 20, title: str = "Actualités"):
        super().__init__()
        self.items = [i if isinstance(i, NewsItem) else NewsItem(title=str(i)) for i in items or []]
        self.per_page = max(1, int(per_page))
        self.seconds_per_page = max(1.0, float(seconds_per_page))
        self.title = title

    def page_size(self) -> int:
        """Headlines per page: ``per_page``, or fewer when the box cannot hold them all
        (then there are more pages, so that no headline is left out)."""
        if self.box_size is None or self.sizes is None:
            return self.per_page
        sizes = self.sizes
        line = int(sizes.minimum * 1.4) + sizes.padding // 2  # a headline's line and the gap under it
        dots = int(sizes.minimum * 0.6) + sizes.padding if len(self.items) > 1 else 0
        room = self.box_size[1] - self.top(self.box_size[1]) - sizes.padding - dots
        return max(1, min(self.per_page, room // line))

    def top(self, height: int) -> int:
        """Where the headlines start: under the block's title, or at the top of a box too
        low for both (a headline matters more than the word « Actualités »)."""
        sizes = self.sizes
        if sizes is None:
            return 0
        if height >= heading_height(sizes) + 2 * sizes.padding + int(sizes.minimum * 1.4):
            return heading_height(sizes)
        return sizes.padding

    @property
    def pages(self) -> int:
        return max(1, -(-len(self.items) // self.page_size()))

    def page_at(self, now: datetime) -> int:
        return int(now.timestamp() // self.seconds_per_page) % self.pages

    def content(self, now: datetime) -> tuple:
        page, size = self.page_at(now), self.page_size()
        shown = self.items[page * size : (page + 1) * size]
        return (self.title, tuple((i.title, i.summary, i.source) for i in shown), page, self.pages)

    def next_change(self, now: datetime) -> datetime | None:
        if self.pages < 2:
            return None
        step = self.seconds_per_page
        next_turn = (now.timestamp() // step + 1) * step
        return now + timedelta(seconds=next_turn - now.timestamp())

    def paint(self, canvas: Canvas) -> None:
        theme, pad = canvas.theme, canvas.padding
        canvas.fill()
        title, shown, page, pages = self.content(canvas.now)
        top = self.top(canvas.height)
        if top > pad:
            top = canvas.heading(public(title))
        line = int(canvas.sizes.minimum * 1.4)
        dots = int(canvas.sizes.minimum * 0.6) if pages > 1 else 0
        if canvas.height - top - 2 * pad - dots < line:
            dots = 0  # no room for the page dots: the headline first
        bottom = canvas.height - pad - (dots + pad if dots else 0)
        if shown:
            share = (bottom - top) // len(shown)
            for heading, summary, _source in shown:
                box = (pad, top, canvas.width - pad, top + share - pad // 2)
                head = canvas.write(heading, box, bold=True, max_lines=2, role="news.title")
                below = top + head.height
                if summary and box[3] - below >= canvas.sizes.minimum * 1.3:
                    canvas.write(summary, (pad, below, box[2], box[3]), size=canvas.sizes.minimum,
                                 colour=theme.muted, role="news.summary")
                top += share
        if dots:
            radius = dots // 2
            centre_y = canvas.height - pad - radius
            start = canvas.width // 2 - pages * dots
            for index in range(pages):
                x = start + index * dots * 2 + radius
                fill = theme.text if index == page else None
                canvas.draw.ellipse((x - radius, centre_y - radius, x + radius, centre_y + radius),
                                    fill=fill, outline=theme.text, width=max(2, radius // 3))
