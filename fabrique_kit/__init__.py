"""fabrique-kit: frugal social-information devices on a Raspberry Pi.

The beginner's front door is :class:`Kit`::

    from fabrique_kit import Kit

    kit = Kit()                      # reads fabrique.toml beside this script
    planning = kit.semainier("semainier.json")

    @kit.screen
    def hall(screen):
        screen.header(kit.place, clock=True)
        screen.schedule(planning.today())

    kit.run()

Every name a module author may rely on (the stable API, listed in ``CONTRIBUTING.md``
and checked by ``make test``) is importable from here, loaded only when first used:
``import fabrique_kit`` alone reads no screen, web or network code.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

from fabrique_kit._version import __version__

# name → the module that defines it (the stable API; private paths may change)
STABLE_API = {
    "Kit": "fabrique_kit.kit",
    "FabriqueError": "fabrique_kit.errors",
    "Problem": "fabrique_kit.errors",
    "Source": "fabrique_kit.source",
    "AttachedSource": "fabrique_kit.source",
    "State": "fabrique_kit.state",
    "Value": "fabrique_kit.state",
    "Clock": "fabrique_kit.clock",
    "FakeClock": "fabrique_kit.clock",
    "PARIS": "fabrique_kit.clock",
    "Widget": "fabrique_kit.screen.widgets.base",
    "Canvas": "fabrique_kit.screen.widgets.base",
    "Screen": "fabrique_kit.screen.screen",
    "JsonSource": "fabrique_kit.sources.http.json_source",
    "FetchError": "fabrique_kit.sources.http.fetch",
    "Session": "fabrique_kit.model",
    "NewsItem": "fabrique_kit.model",
    "DeskStatus": "fabrique_kit.model",
    "QueueStatus": "fabrique_kit.model",
    "CallRecord": "fabrique_kit.model",
    "as_dict": "fabrique_kit.model",
    "both": "fabrique_kit.i18n",
    "get_language": "fabrique_kit.i18n",
    "ngettext": "fabrique_kit.i18n",
    "load_modules": "fabrique_kit.modules",
    "make_widget": "fabrique_kit.modules",
    "make_source": "fabrique_kit.modules",
}

__all__ = [
    "AttachedSource",
    "CallRecord",
    "Canvas",
    "Clock",
    "DeskStatus",
    "FabriqueError",
    "FakeClock",
    "FetchError",
    "JsonSource",
    "Kit",
    "NewsItem",
    "PARIS",
    "Problem",
    "QueueStatus",
    "Screen",
    "Session",
    "Source",
    "State",
    "Value",
    "Widget",
    "as_dict",
    "both",
    "get_language",
    "load_modules",
    "make_source",
    "make_widget",
    "ngettext",
    "__version__",
]

if TYPE_CHECKING:  # the same names, for type checkers and editors
    from fabrique_kit.clock import PARIS, Clock, FakeClock
    from fabrique_kit.errors import FabriqueError, Problem
    from fabrique_kit.i18n import both, get_language, ngettext
    from fabrique_kit.kit import Kit
    from fabrique_kit.model import CallRecord, DeskStatus, NewsItem, QueueStatus, Session, as_dict
    from fabrique_kit.modules import load_modules, make_source, make_widget
    from fabrique_kit.screen.screen import Screen
    from fabrique_kit.screen.widgets.base import Canvas, Widget
    from fabrique_kit.source import AttachedSource, Source
    from fabrique_kit.sources.http.fetch import FetchError
    from fabrique_kit.sources.http.json_source import JsonSource
    from fabrique_kit.state import State, Value


def __getattr__(name: str):
    """Import a stable name on first use (``fabrique_kit.Kit``, ``fabrique_kit.Source``…)."""
    module = STABLE_API.get(name)
    if module is None:
        raise AttributeError(f"module 'fabrique_kit' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(STABLE_API))
