"""``fabrique modules`` and ``fabrique new module NAME [DIR]`` (thin: they call the library).

Example::

    $ fabrique modules
    fabrique-transports 0.1.0
      blocs : departs
      sources : transports
      modèles : transports
"""

from __future__ import annotations

from pathlib import Path

import click

from fabrique_kit.errors import FabriqueError
from fabrique_kit.i18n import _
from fabrique_kit.modules.registry import get_registry
from fabrique_kit.modules.scaffold import module_names, scaffold_module


def kind_labels() -> dict[str, str]:
    return {"widgets": _("blocs"), "sources": _("sources"), "templates": _("modèles")}


def modules_report() -> list[str]:
    """The lines ``fabrique modules`` prints: each module, its version, what it adds or why not."""
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


@click.command("modules", help=_("Lister les modules installés, leur version et ce qu'ils ajoutent."))
def modules() -> None:
    for line in modules_report():
        click.echo(line)


def new_module(name: str | None, directory: str | Path | None = None) -> Path:
    """What ``fabrique new module NAME [DIR]`` does: scaffold, then say what to do next."""
    if not name:
        raise FabriqueError(_("Donnez le nom du module : fabrique new module NOM [DOSSIER]"),
                            hint=_("Exemple : fabrique new module qualite-air"))
    names = module_names(str(name))
    path = scaffold_module(names["nom"], directory)
    click.echo(_("Module « {name} » créé dans {path}.", name=names["distribution"], path=path))
    click.echo(_("Étapes suivantes : cd {path} ; pip install -e '.[test]' ; pytest", path=path))
    return path
