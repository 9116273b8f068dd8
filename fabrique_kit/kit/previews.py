"""Frames drawn for the admin pages, not for the hall: the screen on another day (to see a
closure before it comes), or with a message not posted yet (to see how much of it fits).

Each preview is drawn by the kit's own renderer settings (size, theme, layout) with the
default screen, in a state of its own whose clock stands still at the moment shown:
nothing of the running kit changes. Previews are few and kept in a small cache.

Example::

    frame = day_frame(kit, parts, date(2026, 12, 8))
    frame.display.texts("schedule.closed")          # ['Fermé aujourd'hui — Inventaire']
    visible_characters(kit, parts, "Fermé lundi …")  # how many characters the hall shows
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import TYPE_CHECKING, Any, cast

from fabrique_kit.clock import PARIS, FakeClock
from fabrique_kit.kit.default_screen import default_screen
from fabrique_kit.model import ClosedDay, UnavailableSchedule
from fabrique_kit.state import State

if TYPE_CHECKING:
    from fabrique_kit.kit.facade import Kit
    from fabrique_kit.kit.parts import KitParts

CACHE_SIZE = 6
SAMPLE_TEXT = ("Fermeture exceptionnelle de l'accueil ce jeudi après-midi pour la formation de "
               "l'équipe ; les permanences numériques reprennent vendredi à 9 h 30. ") * 6
_lock = threading.Lock()  # one preview at a time: a Pi Zero has little to spare
_cache: OrderedDict[tuple, Any] = OrderedDict()


@dataclass(frozen=True)
class Preview:
    """A frame drawn aside, as the admin pages use it: its display list and its PNG."""

    display: Any
    png_bytes: bytes
    size: tuple[int, int]

    def png(self) -> bytes:
        return self.png_bytes


class FrozenPlanning:
    """The reading helpers of a semainier (like ``SemainierSource``) at a fixed moment."""

    def __init__(self, semainier, moment: datetime, place: str | None):
        self.semainier, self.moment, self.place = semainier, moment, place

    def today(self, now=None, place=None, service=None):
        if self.semainier is None:
            return UnavailableSchedule()
        sessions = self.semainier.today(self.moment, place or self.place, service)
        if not sessions:
            closure = self.semainier.closure(self.moment.date(), place or self.place)
            if closure:
                return ClosedDay(closure)
        return sessions

    def _ask(self, question: str, place, service, empty=None):
        if self.semainier is None:
            return empty
        return getattr(self.semainier, question)(self.moment, place or self.place, service)

    def next(self, now=None, place=None, service=None):
        return self._ask("next", place, service)

    def open_now(self, now=None, place=None, service=None):
        return self._ask("open_now", place, service, [])

    def opens_at(self, now=None, place=None, service=None):
        return self._ask("opens_at", place, service)

    def closes_at(self, now=None, place=None, service=None):
        return self._ask("closes_at", place, service)

    def is_open(self, now=None, place=None, service=None):
        return bool(self._ask("is_open", place, service, False))

    def week(self, now=None, place=None, service=None):
        return self._ask("week", place, service, {})

    def closure(self, now=None, place=None):
        if self.semainier is None:
            return None
        return self.semainier.closure(self.moment.date(), place or self.place)


class PreviewSources:
    """What the default screen asks of the kit's sources, with the semainier frozen."""

    def __init__(self, sources, planning: FrozenPlanning | None):
        self._sources, self._planning = sources, planning
        self.counters = sources.counters

    def get(self, name: str):
        return self._planning if name == "semainier" else self._sources.get(name)

    def feeds(self) -> list:
        return self._sources.feeds()


class PreviewKit:
    """The kit as the default screen sees it, with the message to preview."""

    def __init__(self, kit: Kit, message: dict | None):
        self.place, self.message = kit.place, message


def _live_semainier(kit: Kit, parts: KitParts) -> tuple[Any, tuple]:
    """The semainier the kit shows now, and a key that changes when it changes."""
    source = parts.sources.get("semainier")
    if source is None:
        return None, ("none",)
    value = kit.state.value(source.name)
    return source.current(), ("live", value.version if value is not None else 0)


def _render(kit: Kit, parts: KitParts, moment: datetime, message: dict | None,
            semainier: Any = None, semainier_key: tuple | None = None, picture: bool = True):
    from fabrique_kit.screen import Renderer

    source = parts.sources.get("semainier")
    if semainier_key is None:
        semainier, semainier_key = _live_semainier(kit, parts)
    key = (moment, repr(message), semainier_key, kit.config.screen.theme, picture)
    with _lock:
        if key in _cache:
            _cache.move_to_end(key)
            return _cache[key]
        planning = FrozenPlanning(semainier, moment, getattr(source, "place", None)) if source else None
        clock = FakeClock(moment)
        screen = kit.config.screen
        renderer = Renderer(
            default_screen(PreviewKit(kit, message), cast(Any, PreviewSources(parts.sources, planning))),
            size=kit.options.size or screen.size, theme=screen.theme, layout=screen.layout,
            state=State(clock), clock=clock, language=kit.lang,
        )
        frame = renderer.render(force=True)
        assert frame is not None  # a forced render always gives a frame
        kept = Preview(frame.display, frame.png() if picture else b"", frame.size)  # not the 6 MB picture
        _cache[key] = kept
        while len(_cache) > CACHE_SIZE:
            _cache.popitem(last=False)
        return kept


def day_frame(kit: Kit, parts: KitParts, day: date, at: time = time(10, 0), draft: str | None = None):
    """The hall screen on ``day`` at ``at`` (10:00 by default), with the current message.

    ``draft`` (the text of a semainier not saved yet) is shown instead of the kit's own;
    a draft with errors raises :class:`~fabrique_kit.errors.DataError` (located problems).

    Example: ``day_frame(kit, parts, date(2026, 12, 8)).display.roles()``
    """
    moment = datetime.combine(day, at, tzinfo=PARIS)
    if draft is None:
        return _render(kit, parts, moment, parts.banner.current())
    from fabrique_kit.errors import DataError
    from fabrique_kit.sources.semainier.validate import check_text

    semainier, problems = check_text(draft)
    if semainier is None:
        raise DataError(problems=problems)
    digest = hashlib.blake2b(draft.encode(), digest_size=12).hexdigest()
    return _render(kit, parts, moment, parts.banner.current(), semainier, ("draft", digest))


def message_frame(kit: Kit, parts: KitParts, message: dict, picture: bool = True):
    """The hall screen now, with ``message`` (``{"text", "kind", ...}``) in the banner
    (``picture=False``: its display list only, no PNG).

    Example: ``message_frame(kit, parts, {"text": "Fermé lundi", "kind": "fermeture"})``
    """
    now = kit.clock.now().replace(second=0, microsecond=0)
    return _render(kit, parts, now, dict(message, until=None), picture=picture)


def visible_characters(kit: Kit, parts: KitParts, text: str, kind: str = "information") -> int:
    """How many characters of ``text`` the hall screen shows in its banner (all when it fits).

    Example: ``visible_characters(kit, parts, "x" * 400)`` → about 150 at 1920×1080
    """
    text = " ".join(str(text).split())
    if not text:
        return 0
    frame = message_frame(kit, parts, {"text": text, "kind": kind}, picture=False)
    item = frame.display.first("message.text") if frame.display is not None else None
    if item is None:
        return 0
    if not item.cut:
        return len(text)
    return len(item.text.rstrip("…").rstrip())


def banner_capacity(kit: Kit, parts: KitParts) -> int:
    """About how many characters of ordinary French the banner shows at the kit's screen size.

    Example: ``banner_capacity(kit, parts)`` → ``150`` (1920×1080)
    """
    return visible_characters(kit, parts, SAMPLE_TEXT)
