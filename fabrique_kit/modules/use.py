"""Use a contributed widget or source in a kit script, without ever breaking the screen.

``screen.widget("departs", ...)`` and ``kit.source("transports", ...)`` call
:func:`make_widget` and :func:`make_source`. When the module is missing or broken, they
give a stand-in instead of raising: a widget drawn as a hatched box (the rest of the
screen is drawn), a source that notes its error in the state (the status line shows it).

Example::

    bus = kit.source("transports", arret="République")    # make_source(kit, "transports", ...)

    @kit.screen
    def hall(screen):
        screen.widget("departs", bus.next(4))             # make_widget("departs", ...)
"""

from __future__ import annotations

import logging
import tomllib
from pathlib import Path
from typing import Any, NamedTuple

from fabrique_kit.errors import did_you_mean
from fabrique_kit.i18n import _
from fabrique_kit.modules.registry import get_registry, one_line
from fabrique_kit.screen.widgets.base import Canvas, Widget
from fabrique_kit.source import MEMBERS, missing_members

log = logging.getLogger(__name__)
_told: set[str] = set()  # problems already logged (a screen is drawn many times)


def _tell_once(text: str, error: BaseException | None = None) -> None:
    """Say ``text`` once; an unexpected ``error`` goes to the log with its traceback (for its author)."""
    if text not in _told:
        _told.add(text)
        log.warning("%s", text, exc_info=error)


def _unknown(kind: str, name: str) -> str:
    """Why ``name`` cannot be used: its module failed, or nobody provides it."""
    found = get_registry()
    failure = found.failure_for(kind, name)
    if failure is not None:
        return str(failure)
    if kind == "widgets":
        text = _("Aucun module installé ne fournit le bloc « {name} ».", name=name)
    else:
        text = _("Aucun module installé ne fournit la source « {name} ».", name=name)
    best = did_you_mean(name, found.of_kind(kind))
    if best:
        return f"{text} " + _("Vouliez-vous dire « {suggestion} » ?", suggestion=best)
    return f"{text} " + _("Installez le module qui le fournit (fabrique modules).")


# -- widgets ---------------------------------------------------------------------
class BrokenWidget(Widget):
    """Stands for a contributed widget that could not be made: painted as a hatched box.

    The renderer marks a block whose ``paint`` raises and draws the others, so the
    reason also reaches the frame's ``errors`` list.
    """

    def __init__(self, name: str, reason: str, kind: str = "main"):
        super().__init__()
        self.wanted, self.reason, self.kind = name, reason, kind

    @property
    def name(self) -> str:
        return self.wanted

    def content(self, now) -> tuple:
        return ("broken", self.wanted, self.reason)

    def paint(self, canvas: Canvas) -> None:
        raise RuntimeError(self.reason)


def make_widget(name: str, *args, **options) -> Widget:
    """The contributed widget ``name`` made with ``args`` and ``options`` (never raises).

    Example: ``screen.add(make_widget("departs", departures, title="Bus"))``
    """
    entry = get_registry().widgets.get(name)
    if entry is None:
        reason = _unknown("widgets", name)
        _tell_once(reason)
        return BrokenWidget(name, reason)
    try:
        widget = entry.target(*args, **options)
        if not isinstance(widget, Widget):
            raise TypeError(_("{name} n'a pas rendu un bloc (Widget) mais {kind}", name=name,
                              kind=type(widget).__name__))
        return widget
    except Exception as error:  # a contributed widget never stops the screen
        reason = _("Le bloc « {name} » du module {module} n'a pas pu être créé : {error}",
                   name=name, module=entry.module, error=one_line(error))
        _tell_once(reason, error)
        return BrokenWidget(name, reason)


# -- sources ---------------------------------------------------------------------
class MissingSource:
    """Stands for a contributed source that could not be made.

    It follows the Sources contract; each refresh notes the reason in the state (the
    status line and the preview page show it) and every reading helper gives None.
    """

    every = 0.0

    def __init__(self, name: str, reason: str):
        self.name, self.reason = name, reason

    def refresh(self, state) -> None:
        state.fail(self.name, self.reason)

    def close(self) -> None:
        pass

    def __getattr__(self, attribute: str):
        if attribute.startswith("_"):
            raise AttributeError(attribute)
        return _nothing


def _nothing(*args, **options) -> None:
    return None


CONTRACT = MEMBERS  # the members of fabrique_kit.source.Source


def make_source(kit, name: str, *args, **options) -> Any:
    """The contributed source ``name``, made by its factory as ``factory(kit, *args, **options)``.

    ``every`` may be written like ``"5 min"``: the factory receives seconds. The source
    is attached to the kit's state when it has an ``attach`` method. Never raises: a
    missing or broken module gives a :class:`MissingSource`.

    Example: ``kit.add_source(make_source(kit, "transports", arret="République"))``
    """
    from fabrique_kit.durations import parse_duration

    if "every" in options:
        options["every"] = parse_duration(options["every"], field="every")
    wanted = options.get("name", name)
    entry = get_registry().sources.get(name)
    if entry is None:
        reason = _unknown("sources", name)
        _tell_once(reason)
        return MissingSource(wanted, reason)
    try:
        source = entry.target(kit, *args, **options)
        missing = missing_members(source)
        if missing:
            raise TypeError(_("la source n'a pas {names}", names=", ".join(missing)))
        if hasattr(source, "attach"):
            source.attach(kit.state)
        return source
    except Exception as error:  # a contributed source never stops the kit
        reason = _("La source « {name} » du module {module} n'a pas pu être créée : {error}",
                   name=name, module=entry.module, error=one_line(error))
        _tell_once(reason, error)
        return MissingSource(wanted, reason)


# -- the Kit and Screen methods ----------------------------------------------------
def kit_source(kit, name: str, *args, **options) -> Any:
    """What ``kit.source(name, ...)`` does: make the contributed source and add it to the kit.

    Example: ``bus = kit.source("transports", arret="République", every="1 min")``
    """
    return kit.add_source(make_source(kit, name, *args, **options))


def screen_widget(screen, name: str, *args, **options) -> Widget:
    """What ``screen.widget(name, ...)`` does: add the contributed block (or its stand-in).

    Example: ``screen.widget("departs", bus.next(4), title="Bus")``
    """
    return screen.add(make_widget(name, *args, **options))


# -- templates -------------------------------------------------------------------
class ContributedTemplate(NamedTuple):
    """A template from a module, as ``fabrique new`` needs it."""

    folder: Path
    description_fr: str
    description_en: str
    module: str


def contributed_templates() -> dict[str, ContributedTemplate]:
    """The templates that installed modules add, by name (a broken one is skipped).

    A name already used by a template of fabrique-kit stays with fabrique-kit. The
    template's folder holds every file to copy (``[fichiers]`` is for fabrique-kit's own).
    """
    builtin = {p.parent.name for p in (Path(__file__).parent.parent / "templates").glob("*/modele.toml")}
    found = {}
    for name, entry in sorted(get_registry().templates.items()):
        if name in builtin:
            _tell_once(_("Le modèle « {name} » du module {module} est ignoré : fabrique-kit en a déjà un.",
                         name=name, module=entry.module))
            continue
        try:
            data = tomllib.loads((entry.target / "modele.toml").read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
            _tell_once(_("Le modèle « {name} » du module {module} est ignoré : {error}",
                         name=name, module=entry.module, error=one_line(error)))
            continue
        description = str(data.get("description", ""))
        found[name] = ContributedTemplate(
            folder=entry.target,
            description_fr=description,
            description_en=str(data.get("description_en", description)),
            module=entry.module,
        )
    return found


__all__ = ["BrokenWidget", "ContributedTemplate", "MissingSource", "contributed_templates",
           "kit_source", "make_source", "make_widget", "screen_widget"]
