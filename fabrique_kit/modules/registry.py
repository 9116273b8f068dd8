"""Find the contributed modules: widgets, sources and templates declared as entry points.

A module is an installed package (a *distribution*, e.g. ``fabrique-transports``) whose
``pyproject.toml`` declares entry points in three groups::

    [project.entry-points."fabrique_kit.widgets"]
    departs = "fabrique_transports.widget:Departures"       # a Widget class or a function

    [project.entry-points."fabrique_kit.sources"]
    transports = "fabrique_transports.source:make_source"   # a factory: (kit, ...) -> source

    [project.entry-points."fabrique_kit.templates"]
    transports = "fabrique_transports:TEMPLATE"             # a folder with a modele.toml

A module that fails to import or to register is reported by name and skipped: the kit
runs on with the others.

Example::

    registry = load_modules()
    registry.widgets["departs"].target      # the Departures class
    for failure in registry.failures:
        print(failure)                      # « Le module fabrique-casse ... »
"""

from __future__ import annotations

import inspect
import logging
import threading
from dataclasses import dataclass, field
from importlib.metadata import EntryPoint, entry_points
from pathlib import Path
from types import ModuleType
from typing import Any

from fabrique_kit.i18n import _

log = logging.getLogger(__name__)

GROUPS = {
    "widgets": "fabrique_kit.widgets",
    "sources": "fabrique_kit.sources",
    "templates": "fabrique_kit.templates",
}
RESERVED_TEMPLATES = {"module"}  # ``fabrique new module`` scaffolds a module


@dataclass(frozen=True)
class Entry:
    """One thing a module adds: its name, what it points to, and which module gave it."""

    kind: str  # "widgets", "sources" or "templates"
    name: str
    target: Any  # a Widget class or function, a source factory, or a template folder (Path)
    module: str  # the distribution's name, e.g. "fabrique-transports"


@dataclass(frozen=True)
class Failure:
    """A module (or one of its entry points) that could not be used, and why."""

    module: str
    entry: str  # "group:name" of the entry point
    reason: str  # one line

    def __str__(self) -> str:
        return _("Le module {module} est ignoré ({entry}) : {reason}",
                 module=self.module, entry=self.entry, reason=self.reason)


@dataclass
class ModuleInfo:
    """An installed module: its name, version, and what it adds (by kind)."""

    name: str
    version: str
    adds: dict[str, list[str]] = field(default_factory=lambda: {kind: [] for kind in GROUPS})
    failures: list[Failure] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failures


@dataclass
class Registry:
    """What the installed modules add: ``widgets``, ``sources`` and ``templates`` by name."""

    widgets: dict[str, Entry] = field(default_factory=dict)
    sources: dict[str, Entry] = field(default_factory=dict)
    templates: dict[str, Entry] = field(default_factory=dict)
    modules: dict[str, ModuleInfo] = field(default_factory=dict)
    failures: list[Failure] = field(default_factory=list)

    def of_kind(self, kind: str) -> dict[str, Entry]:
        return {"widgets": self.widgets, "sources": self.sources, "templates": self.templates}[kind]

    def failure_for(self, kind: str, name: str) -> Failure | None:
        """The failure of the entry point ``name`` of ``kind`` (e.g. a module that raised)."""
        wanted = f"{GROUPS[kind]}:{name}"
        return next((f for f in self.failures if f.entry == wanted), None)


def one_line(error: BaseException) -> str:
    """``ZeroDivisionError: division by zero`` — an exception in one short line."""
    text = str(error).strip().splitlines()
    detail = text[0] if text else ""
    kind = type(error).__name__
    line = f"{kind}: {detail}" if detail else kind
    return line if len(line) <= 200 else line[:199] + "…"


def load_modules() -> Registry:
    """Import every contributed entry point and check it; never raises for a bad module."""
    registry = Registry()
    for kind, group in GROUPS.items():
        try:
            points = sorted(entry_points(group=group), key=lambda p: (p.name, _dist_name(p)))
        except Exception as error:  # a damaged installation: say it, run on without modules
            registry.failures.append(Failure("?", group, one_line(error)))
            log.warning("%s", registry.failures[-1])
            continue
        for point in points:
            _register(registry, kind, point)
    return registry


def _dist_name(point: EntryPoint) -> str:
    dist = getattr(point, "dist", None)
    return dist.metadata["Name"] if dist is not None and dist.metadata["Name"] else point.module


def _module_info(registry: Registry, point: EntryPoint) -> ModuleInfo:
    name = _dist_name(point)
    if name not in registry.modules:
        dist = getattr(point, "dist", None)
        version = (dist.version if dist is not None else None) or "?"
        registry.modules[name] = ModuleInfo(name, version)
    return registry.modules[name]


def _register(registry: Registry, kind: str, point: EntryPoint) -> None:
    info = _module_info(registry, point)
    entry_name = f"{GROUPS[kind]}:{point.name}"
    try:
        loaded = point.load()
        target = _check(kind, point.name, loaded, registry)
    except Exception as error:  # a contributed module never stops the kit
        reason = str(error) if isinstance(error, RegistrationError) else one_line(error)
        failure = Failure(info.name, entry_name, reason)
        registry.failures.append(failure)
        info.failures.append(failure)
        log.warning("%s", failure)
        return
    registry.of_kind(kind)[point.name] = Entry(kind, point.name, target, info.name)
    info.adds[kind].append(point.name)


class RegistrationError(Exception):
    """An entry point that imports but does not fit its group (French reason)."""


def _check(kind: str, name: str, loaded: Any, registry: Registry) -> Any:
    taken = registry.of_kind(kind).get(name)
    if taken is not None:
        raise RegistrationError(_("le nom « {name} » est déjà pris par le module {other}",
                                  name=name, other=taken.module))
    if kind == "widgets":
        from fabrique_kit.screen.widgets.base import Widget

        if inspect.isclass(loaded) and not issubclass(loaded, Widget):
            raise RegistrationError(_("{target} n'est pas un bloc (une classe Widget)", target=loaded.__name__))
        if not callable(loaded):
            raise RegistrationError(_("« {name} » doit être une classe Widget ou une fonction", name=name))
        return loaded
    if kind == "sources":
        if not callable(loaded):
            raise RegistrationError(_("« {name} » doit être une fonction qui crée la source", name=name))
        return loaded
    if name in RESERVED_TEMPLATES:
        raise RegistrationError(_("le nom de modèle « {name} » est réservé", name=name))
    folder = _folder(loaded)
    if folder is None or not (folder / "modele.toml").is_file():
        raise RegistrationError(_("le modèle « {name} » n'a pas de fichier modele.toml", name=name))
    return folder


def _folder(loaded: Any) -> Path | None:
    if isinstance(loaded, ModuleType):
        file = getattr(loaded, "__file__", None)
        return Path(file).parent if file else None
    if isinstance(loaded, str | Path) or hasattr(loaded, "joinpath"):
        return Path(str(loaded))
    return None


_cached: Registry | None = None
_lock = threading.Lock()


def get_registry(reload: bool = False) -> Registry:
    """The registry of this process, loaded once (``reload=True`` looks again)."""
    global _cached
    with _lock:
        if _cached is None or reload:
            _cached = load_modules()
        return _cached


def kind_labels() -> dict[str, str]:
    """What each entry-point group adds, in words (``{"widgets": "blocs", ...}``)."""
    return {"widgets": _("blocs"), "sources": _("sources"), "templates": _("modèles")}


def modules_report() -> list[str]:
    """The lines ``fabrique modules`` prints: each module, its version, what it adds or why not.

    Example: ``modules_report()`` → ``['fabrique-transports 0.1.0', '  blocs : departs']``
    """
    found = get_registry(reload=True)
    if not found.modules:
        return [_("Aucun module installé."),
                _("Pour en créer un : fabrique new module NOM")]
    lines = []
    labels = kind_labels()
    for info in sorted(found.modules.values(), key=lambda m: m.name.lower()):
        lines.append(f"{info.name} {info.version}")
        for kind, names in info.adds.items():
            if names:
                lines.append(f"  {labels[kind]} : {', '.join(names)}")
        for failure in info.failures:
            lines.append("  " + _("ERREUR ({entry}) : {reason}", entry=failure.entry, reason=failure.reason))
    return lines
