"""``Screen``: what your drawing function receives; each method adds a block.

Example::

    def hall(screen):
        screen.header("Espace Social Commun Villejean")
        screen.schedule(planning.today())
        screen.big_number(queue.called, desk=2)
        screen.news(news.latest(6))
        screen.status()
"""

from __future__ import annotations

from datetime import datetime

from fabrique_kit.screen.widgets import (
    BigNumber,
    Header,
    ImageBlock,
    Message,
    News,
    QrCode,
    Schedule,
    Status,
    TextBlock,
    Widget,
)


class Screen:
    """Collects the widgets of one frame, in the order you add them.

    ``size`` is the picture's size as people see it (portrait when the screen is
    turned), ``now`` the time of the frame, ``state`` the kit's values.
    """

    def __init__(self, size: tuple[int, int], now: datetime, state=None, read_names: set[str] | None = None):
        self.size, self.now, self.state = size, now, state
        self.widgets: list[Widget] = []
        self.grid_shape: tuple[int, int] | None = None
        self._read_names = read_names if read_names is not None else set()

    @property
    def width(self) -> int:
        return self.size[0]

    @property
    def height(self) -> int:
        return self.size[1]

    @property
    def portrait(self) -> bool:
        return self.size[1] > self.size[0]

    def add(self, widget: Widget) -> Widget:
        """Add any widget (your own too); returns it so you can call ``.at(...)``."""
        self.widgets.append(widget)
        return widget

    def grid(self, rows: int, cols: int) -> Screen:
        """Place the body's blocks in a grid of ``rows`` × ``cols`` equal cells.

        The header, messages and status line keep their bands; each other block goes
        to the cell given by ``.at(row, col)`` or to the next free cell.

        Example::

            screen.grid(rows=2, cols=2)
            screen.schedule(sessions).at(row=0, col=0, rows=2)
            screen.big_number(42).at(row=0, col=1)
            screen.qr("https://example.org")          # next free cell: (1, 1)
        """
        self.grid_shape = (max(1, int(rows)), max(1, int(cols)))
        return self

    # -- widgets --------------------------------------------------------------
    def header(self, place: str, clock: bool = True, date: bool = True, logo=None) -> Widget:
        """The top band: the place's name, the date and the time.

        Example: ``screen.header("Espace Social Commun Le Blosne", logo="logo.png")``
        """
        return self.add(Header(place, clock=clock, date=date, logo=logo))

    def schedule(self, sessions, highlight_now: bool = True, title: str = "Aujourd'hui",
                 coming=None, reopens=None) -> Widget:
        """Today's sessions: open now highlighted, the next one marked, cancelled ones struck.

        ``coming`` (e.g. ``planning.next()``) is shown once today's sessions are over;
        ``reopens`` (``planning.opens_at()``) says when a closed place opens again.

        Example: ``screen.schedule(planning.today(), coming=planning.next(), reopens=planning.opens_at())``
        """
        return self.add(Schedule(sessions, highlight_now=highlight_now, title=title, coming=coming,
                                 reopens=reopens))

    def news(self, items, per_page: int = 3, seconds_per_page: float = 20, title: str = "Actualités") -> Widget:
        """Headlines in pages that turn every ``seconds_per_page`` seconds.

        Example: ``screen.news(news.latest(6), per_page=2)``
        """
        return self.add(News(items, per_page=per_page, seconds_per_page=seconds_per_page, title=title))

    def big_number(self, value, label: str = "Numéro appelé", desk=None, waiting=None, wait_min=None) -> Widget:
        """A very large number: the ticket called (a ``QueueStatus`` works too).

        Example: ``screen.big_number(42, desk=2, waiting=5, wait_min=30)``
        """
        return self.add(BigNumber(value, label=label, desk=desk, waiting=waiting, wait_min=wait_min))

    def message(self, text: str, until=None, kind: str = "info") -> Widget:
        """A banner; ``kind`` is ``"information"``, ``"fermeture"`` or ``"alerte"`` (or ``"info"``,
        ``"closure"``, ``"alert"``): each has its colour, pictogram and word; gone after ``until``.

        Example: ``screen.message("Fermé le 25 décembre", kind="fermeture", until="2026-12-26")``
        """
        return self.add(Message(text, until=until, kind=kind))

    def image(self, path_or_image, fit: str = "contain") -> Widget:
        """A picture from a file or a Pillow image; ``fit`` is ``contain``, ``cover`` or ``stretch``.

        Example: ``screen.image("affiche-atelier.jpg", fit="cover")``
        """
        return self.add(ImageBlock(path_or_image, fit=fit))

    def qr(self, url: str, label: str | None = None) -> Widget:
        """A QR code phones can read, with a label under it.

        Example: ``screen.qr("https://www.espacenumeriqueesc.fr", label="Les ateliers")``
        """
        return self.add(QrCode(url, label=label))

    def text(self, text: str, title: str | None = None, large: bool = False, align: str = "start") -> Widget:
        """A block of text that shrinks to fit (and ends with "…" if really too long).

        Example: ``screen.text("Wi-Fi gratuit : Rennes-Public", title="Informations")``
        """
        return self.add(TextBlock(text, title=title, large=large, align=align))

    def widget(self, name: str, *args, **options) -> Widget:
        """A block from an installed module, e.g. ``screen.widget("departs", bus.next(4))``.

        A missing or broken module shows a hatched box; the rest of the screen is drawn.
        """
        from fabrique_kit.modules import screen_widget  # here: modules depends on screen

        return screen_widget(self, name, *args, **options)

    def status(self, names=None, offline: bool = False, simulation: bool = False,
               stale_after: float = 900, text: str | None = None) -> Widget:
        """The bottom line: « Simulation », « Hors ligne », or the age of stale data.

        ``names`` are the state values to watch; by default every value the screen
        read so far. Data older than ``stale_after`` seconds shows its age.

        Example: ``screen.status(simulation=True)``
        """
        values = []
        if self.state is not None:
            watched = sorted(self._read_names) if names is None else list(names)
            values = [self.state.value(name) for name in watched]
        return self.add(Status(values, offline=offline, simulation=simulation,
                               stale_after=stale_after, text=text))
