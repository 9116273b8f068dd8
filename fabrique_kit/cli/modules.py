"""``fabrique modules`` and ``fabrique new module NAME [DIR]`` (thin: they call ``fabrique_kit.modules``).

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
from fabrique_kit.modules.registry import modules_report
from fabrique_kit.modules.scaffold import module_names, scaffold_module


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
