"""Contributed modules: widgets, sources and templates from other packages.

A module is a package installed beside fabrique-kit (``pip install fabrique-transports``)
that declares entry points in the groups ``fabrique_kit.widgets``,
``fabrique_kit.sources`` and ``fabrique_kit.templates``. A broken module is reported by
name and skipped: it never takes a hall screen down.

Example (a kit script)::

    bus = kit.source("transports", arret="République")

    @kit.screen
    def hall(screen):
        screen.widget("departs", bus.next(4))

``fabrique modules`` lists what is installed; ``fabrique new module NAME`` creates one.
"""

from fabrique_kit.modules.registry import (
    GROUPS,
    Entry,
    Failure,
    ModuleInfo,
    Registry,
    get_registry,
    load_modules,
)
from fabrique_kit.modules.scaffold import module_names, scaffold_module
from fabrique_kit.modules.use import (
    BrokenWidget,
    ContributedTemplate,
    MissingSource,
    contributed_templates,
    kit_source,
    make_source,
    make_widget,
    screen_widget,
)

__all__ = [
    "GROUPS",
    "BrokenWidget",
    "ContributedTemplate",
    "Entry",
    "Failure",
    "MissingSource",
    "ModuleInfo",
    "Registry",
    "contributed_templates",
    "get_registry",
    "kit_source",
    "load_modules",
    "make_source",
    "make_widget",
    "module_names",
    "scaffold_module",
    "screen_widget",
]
