"""The renderer: runs your drawing function and makes frames, only when needed.

It remembers which state values your function read (``track_reads``), and runs it
again only when one of them changed, when a block says it will look different (the
clock's minute, a news page, a session starting), or when forced. Only the blocks
whose content changed are painted again; their boxes are the frame's ``dirty`` list.

Example::

    from fabrique_kit.screen import Renderer

    def hall(screen):
        screen.header("Espace Social Commun Cleunay")
        screen.big_number(state.get("appel"), desk=1)

    renderer = Renderer(hall, size=(1920, 1080), theme="clair", state=state, clock=clock)
    frame = renderer.render()       # first frame: everything is dirty
    renderer.render()               # None: nothing changed
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime

from PIL import Image, ImageDraw

from fabrique_kit.clock import SYSTEM_CLOCK, Clock
from fabrique_kit.errors import FabriqueError, suggestion_hint
from fabrique_kit.i18n import _, use_language
from fabrique_kit.screen.display_list import DisplayList, TextItem
from fabrique_kit.screen.fonts import FontBook
from fabrique_kit.screen.frame import Box, Frame, rotate_box, rotate_image
from fabrique_kit.screen.layouts import check_layout, place
from fabrique_kit.screen.screen import Screen
from fabrique_kit.screen.themes import THEMES, Theme
from fabrique_kit.screen.widgets import Canvas, Sizes, Status, Widget
from fabrique_kit.state import State, track_reads

log = logging.getLogger(__name__)
ROTATIONS = (0, 90, 180, 270)


@dataclass
class Slot:
    """What one box of the last frame shows (to know whether to paint it again)."""

    key: tuple
    warnings: list[str] = field(default_factory=list)
    error: str | None = None
    items: list[TextItem] = field(default_factory=list)  # its texts, in frame coordinates


def pick_theme(theme: str | Theme) -> Theme:
    """A :class:`Theme` from its name (``"clair"``, ``"sombre"``, ``"contraste"``) or itself."""
    if isinstance(theme, Theme):
        return theme
    if theme not in THEMES:
        raise FabriqueError(
            _("Le thème « {name} » n'existe pas.", name=theme),
            field="theme",
            hint=suggestion_hint(str(theme), THEMES),
        )
    return THEMES[theme]


def paint_failure(canvas: Canvas) -> None:
    """A discreet hatched box with a short French message, for a block that failed."""
    theme = canvas.theme
    canvas.fill()
    step = max(12, canvas.sizes.unit // 40)
    for offset in range(-canvas.height, canvas.width, step):
        canvas.draw.line((offset, canvas.height, offset + canvas.height, 0), fill=theme.background, width=2)
    canvas.draw.rectangle((0, 0, canvas.width - 1, canvas.height - 1), outline=theme.muted, width=2)
    canvas.write(_("Ce bloc n'a pas pu s'afficher."), colour=theme.muted, size=canvas.sizes.minimum,
                 align="center", valign="middle", role="failure.text")


class Renderer:
    """Makes :class:`Frame` objects from ``draw(screen)``; see the module's example.

    ``size`` is the physical screen's size; ``rotation`` (0, 90, 180, 270 degrees,
    clockwise) turns the picture for a screen mounted on its side: with 90 or 270
    your layout is portrait. ``language`` forces the screen's labels' language;
    ``second_languages`` (``("en",)``) adds a line in another language under the block
    titles and the closed day's text, turning every ``rotate_s`` seconds between them
    (one redraw a turn, none when not configured).
    """

    def __init__(
        self,
        draw: Callable[[Screen], None],
        size: tuple[int, int] = (1920, 1080),
        theme: str | Theme = "clair",
        layout: str = "auto",
        state: State | None = None,
        clock: Clock = SYSTEM_CLOCK,
        rotation: int = 0,
        fonts: FontBook | None = None,
        language: str | None = None,
        second_languages: tuple[str, ...] = (),
        rotate_s: float = 15.0,
    ):
        if rotation not in ROTATIONS:
            raise FabriqueError(
                _("La rotation doit valoir 0, 90, 180 ou 270 (degrés), pas {value}.", value=rotation),
                field="rotation",
            )
        self.draw_function = draw
        self.size = (int(size[0]), int(size[1]))
        self.rotation = rotation
        self.logical_size = self.size if rotation in (0, 180) else (self.size[1], self.size[0])
        self.theme = pick_theme(theme)
        self.layout = check_layout(layout)
        self.state = state
        self.clock = clock
        self.fonts = fonts or FontBook()
        self.language = language
        self.second_languages = tuple(second_languages or ())
        self.rotate_s = max(1.0, float(rotate_s))
        self.sizes = Sizes(min(self.logical_size), self.logical_size)
        self.latest: Frame | None = None
        self.draw_runs = 0  # how many times ``draw`` ran (for tests and curious people)
        self._deadline: datetime | None = None
        self._versions: dict[str, int] = {}
        self._slots: dict[Box, Slot] = {}
        self._announced: set[str] = set()
        self._good_widgets: list[Widget] = []  # shown again if ``draw`` fails later
        self._good_grid: tuple[int, int] | None = None
        self._picture: Image.Image | None = None
        self._lock = threading.RLock()

    # -- when ---------------------------------------------------------------
    def next_deadline(self) -> datetime | None:
        """When a redraw is due even if no value changes (clock minute, news page...), or None.

        Example: ``renderer.next_deadline()`` → the next minute, for the clock
        """
        return self._deadline

    def changed_values(self) -> set[str]:
        """Names of the values the last frame read that changed since.

        Example: ``renderer.changed_values()`` → ``{'attente'}``
        """
        if self.state is None:
            return set()
        current = self.state.snapshot(self._versions)
        return {
            name for name, version in self._versions.items()
            if (current[name].version if name in current else -1) != version
        }

    def is_due(self, now: datetime | None = None) -> bool:
        """True if :meth:`render` would make a new frame now.

        Example: ``if renderer.is_due(): frame = renderer.render()``
        """
        now = now or self.clock.now()
        if self.latest is None:
            return True
        if self._deadline is not None and now >= self._deadline:
            return True
        return bool(self.changed_values())

    # -- making frames ----------------------------------------------------------
    def render(self, force: bool = False, check: bool = False) -> Frame | None:
        """A new :class:`Frame`, or None when nothing shown changed since the last one.

        ``check`` runs the drawing function even when no value it read changed (after a
        button's action, which may change a plain variable) and paints only the blocks
        whose content differs; ``force`` repaints everything.

        Example: ``frame = renderer.render()``; ``if frame: frame.image.save("ecran.png")``
        """
        with self._lock:
            now = self.clock.now()
            if not force and not check and not self.is_due(now):
                return None
            language = use_language(self.language) if self.language else contextlib.nullcontext()
            with language:
                return self._render(now, force or self.latest is None)

    def _run_draw(self, now: datetime) -> tuple[Screen, set[str], list[str]]:
        versions = self.state.snapshot() if self.state is not None else {}
        errors: list[str] = []
        with track_reads() as names:
            screen = Screen(self.logical_size, now, self.state, read_names=names)
            try:
                self.draw_runs += 1
                self.draw_function(screen)
            except Exception as error:  # the beginner's code: keep the last good screen up
                if isinstance(error, FabriqueError):  # already told for people: no traceback
                    log.error("%s", error)
                else:
                    log.exception(_("Erreur dans la fonction de dessin de l'écran."))
                errors.append(_("Erreur dans la fonction de dessin : {error}", error=error))
                if self._good_widgets:
                    screen.widgets = list(self._good_widgets)
                    screen.grid_shape = self._good_grid
                screen.add(Status(text=_("Écran incomplet : une erreur est notée dans le journal.")))
            else:
                self._good_widgets, self._good_grid = list(screen.widgets), screen.grid_shape
        self._versions = {n: (versions[n].version if n in versions else -1) for n in names}
        return screen, set(names), errors

    def _second_language(self, now: datetime) -> str | None:
        """The second language shown at ``now`` (they take turns), or None."""
        if not self.second_languages:
            return None
        index = int(now.timestamp() // self.rotate_s) % len(self.second_languages)
        return self.second_languages[index]

    def _turn(self, now: datetime) -> datetime:
        from datetime import timedelta

        seconds = now.timestamp()
        return now + timedelta(seconds=self.rotate_s - seconds % self.rotate_s)

    def _content_key(self, widget: Widget, box: Box, now: datetime) -> tuple:
        try:
            return (type(widget).__name__, widget.content(now), box, getattr(widget, "second_language", None))
        except Exception as error:
            return (type(widget).__name__, "error", repr(error), box)

    def _render(self, now: datetime, full: bool) -> Frame | None:
        screen, _names, errors = self._run_draw(now)
        widgets = []
        for widget in screen.widgets:
            try:
                if widget.visible(now):
                    widgets.append(widget)
            except Exception:
                log.exception(_("Le bloc {name} a échoué dans {method}.", name=widget.name, method="visible()"))
                widgets.append(widget)
        schedule = next((w for w in widgets if hasattr(w, "day_end_and_next")), None)
        for widget in widgets:  # the queue learns when today's sessions end from the schedule
            if schedule is not None and hasattr(widget, "see_schedule"):
                widget.see_schedule(schedule)
        placements = place(widgets, self.logical_size, self.layout, screen.grid_shape)
        wanted, short = self._wanted(placements, now)
        if short:  # a block needs more height than its share (a long day): place again
            placements = place(widgets, self.logical_size, self.layout, screen.grid_shape, wanted)
        self._deadline = self._next_change(screen.widgets, now)
        second = self._second_language(now)
        for widget in widgets:
            widget.second_language = second
        if len(self.second_languages) > 1:  # the next turn of the second language
            turn = self._turn(now)
            if self._deadline is None or turn < self._deadline:
                self._deadline = turn

        new_slots: dict[Box, Slot] = {}
        to_paint: list[tuple[Widget, Box, tuple]] = []
        for widget, box in placements:
            widget.place_in((box[2] - box[0], box[3] - box[1]), self.sizes)
            key = self._content_key(widget, box, now)
            old = self._slots.get(box)
            if not full and old is not None and old.key == key:
                new_slots[box] = old
            else:
                to_paint.append((widget, box, key))
        boxes = {box for _widget, box in placements}
        vanished = [box for box in self._slots if box not in boxes]
        if not full and not to_paint and not vanished:
            self._slots = new_slots
            return None

        if full or self._picture is None:
            picture = Image.new("RGB", self.logical_size, self.theme.background)
        else:
            picture = self._picture.copy()
            eraser = ImageDraw.Draw(picture)
            for box in vanished:
                eraser.rectangle((box[0], box[1], box[2] - 1, box[3] - 1), fill=self.theme.background)
        for widget, box, key in to_paint:
            new_slots[box] = self._paint(picture, widget, box, key, now)
        self._slots = new_slots
        self._picture = picture

        dirty = [(0, 0, *self.logical_size)] if full else [b for _, b, _ in to_paint] + vanished
        items = [item for _widget, box in placements if box in new_slots for item in new_slots[box].items]
        frame = Frame(
            image=rotate_image(picture, self.rotation),
            number=(self.latest.number + 1) if self.latest else 1,
            dirty=[rotate_box(b, self.rotation, self.logical_size) for b in dirty],
            time=now,
            warnings=list(dict.fromkeys(w for slot in new_slots.values() for w in slot.warnings)),
            errors=errors + [slot.error for slot in new_slots.values() if slot.error],
            announcements=self._announcements(widgets, first=self.latest is None),
            display=self._display_list(items),
        )
        self.latest = frame
        return frame

    def _wanted(self, placements: list[tuple[Widget, Box]], now: datetime) -> tuple[dict[int, int], bool]:
        """``id(widget)`` → the height it needs, and whether one of their boxes is too short."""
        wanted, short = {}, False
        for widget, box in placements:
            measure = getattr(widget, "wanted_height", None)
            if measure is None:
                continue
            width = max(1, box[2] - box[0])
            canvas = Canvas(width, 1, self.theme, self.fonts, self.sizes, now, getattr(widget, "role", "block"))
            try:
                height = measure(canvas)
            except Exception:
                log.exception(_("Le bloc {name} a échoué dans {method}.", name=widget.name, method="wanted_height()"))
                continue
            if height:
                wanted[id(widget)] = int(height)
                short = short or height > box[3] - box[1]
        return wanted, short

    def _paint(self, picture: Image.Image, widget: Widget, box: Box, key: tuple, now: datetime) -> Slot:
        x0, y0, x1, y1 = box
        role = getattr(widget, "role", "block")
        canvas = Canvas(max(1, x1 - x0), max(1, y1 - y0), self.theme, self.fonts, self.sizes, now, role)
        self.fonts.take_warnings()
        error = None
        try:
            if key[1:2] == ("error",):
                raise RuntimeError(key[2])
            widget.paint(canvas)
            if self.theme.border and widget.kind in ("main", "side"):
                canvas.draw.rectangle((0, 0, canvas.width - 1, canvas.height - 1), outline=self.theme.border,
                                      width=max(2, self.sizes.unit // 360))
        except Exception as failure:
            log.exception(_("Le bloc {name} a échoué dans {method}.", name=widget.name, method="paint()"))
            error = _("Le bloc {name} n'a pas pu s'afficher : {error}", name=widget.name, error=failure)
            canvas = Canvas(canvas.width, canvas.height, self.theme, self.fonts, self.sizes, now, "failure")
            paint_failure(canvas)
        picture.paste(canvas.image, (x0, y0))
        items = [item.moved(x0, y0) for item in canvas.items]
        return Slot(key, self.fonts.take_warnings(), error, items)

    def _display_list(self, items: list[TextItem]) -> DisplayList:
        """The frame's texts, turned like the picture when the screen is mounted on its side."""
        if self.rotation:
            turn = self.rotation
            items = [replace(item, box=rotate_box(item.box, turn, self.logical_size),
                             block=rotate_box(item.block, turn, self.logical_size)) for item in items]
        return DisplayList(self.size, items)

    def _next_change(self, widgets: list[Widget], now: datetime) -> datetime | None:
        moments = []
        for widget in widgets:
            try:
                moment = widget.next_change(now)
            except Exception:
                log.exception(_("Le bloc {name} a échoué dans {method}.", name=widget.name, method="next_change()"))
                continue
            if moment is not None and moment > now:  # a moment already past would spin the loop
                moments.append(moment)
        return min(moments) if moments else None

    def _announcements(self, widgets: list[Widget], first: bool) -> list[str]:
        texts = []
        for widget in widgets:
            with contextlib.suppress(Exception):
                text = widget.announcement()
                if text:
                    texts.append(text)
        fresh = [] if first else [t for t in texts if t not in self._announced]
        self._announced = set(texts)
        return fresh
