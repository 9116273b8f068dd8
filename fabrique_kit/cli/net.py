"""The ``fabrique discover`` and ``fabrique pair`` commands (thin: they call ``fabrique_kit.net``).

Example::

    $ fabrique discover
    Nom       Lieu                 Modèle      Adresse                  Version  Vu il y a
    Accueil   Espace Social Commun Maurepas  ticket  http://192.168.1.20:8080  0.1.0    1 s

    $ fabrique pair --show              # on the first kit
    $ fabrique pair --key kq3J0…        # on each other kit of the site
"""

from __future__ import annotations

import json
import sys

import click

from fabrique_kit.errors import FabriqueError
from fabrique_kit.i18n import _
from fabrique_kit.net.keys import CONFIG_FILE, ensure_site_key, save_site_key, site_config
from fabrique_kit.net.peer import Peer


def _fail(error: FabriqueError) -> None:
    click.echo(str(error), err=True)
    sys.exit(1)


def peers_table(peers: list[Peer]) -> str:
    """The kits as a plain-text table with French headers (English with FABRIQUE_LANG=en)."""
    headers = [_("Nom"), _("Lieu"), _("Modèle"), _("Adresse"), _("Version"), _("Vu il y a")]
    rows = [
        [p.name, p.place, p.template, p.base_url, p.version, f"{int(p.seen_ago())} s"]
        for p in peers
    ]
    widths = [max(len(str(r[i])) for r in [headers, *rows]) for i in range(len(headers))]
    lines = [
        "  ".join(str(c).ljust(w) for c, w in zip(row, widths, strict=True)).rstrip()
        for row in [headers, *rows]
    ]
    return "\n".join(lines)


@click.command("discover", help=_("Liste les kits visibles sur le réseau local."))
@click.option(
    "--timeout", default=3.0, show_default=True, type=float, help=_("Secondes d'écoute du réseau.")
)
@click.option("--json", "as_json", is_flag=True, help=_("Sortie JSON (pour les scripts)."))
def discover_command(timeout: float, as_json: bool) -> None:
    """Liste les kits visibles sur le réseau local."""
    from fabrique_kit.net.browser import discover

    try:
        peers = discover(timeout=timeout)
    except FabriqueError as error:
        _fail(error)
    if as_json:
        click.echo(json.dumps([p.as_dict() for p in peers], ensure_ascii=False, indent=2))
        return
    if not peers:
        seconds = f"{timeout:g}"
        click.echo(_("Aucun kit trouvé sur le réseau en {seconds} s.", seconds=seconds))
        click.echo(
            _(
                "→ Vérifiez que les kits sont allumés et branchés au même réseau (même box, même Wi-Fi)."
            )
        )
        return
    click.echo(peers_table(peers))


@click.command("pair", help=_("Partage la clé de site entre les kits d'un même lieu."))
@click.argument("directory", default=".", type=click.Path(file_okay=False))
@click.option("--show", is_flag=True, help=_("Affiche la clé de site à copier dans les autres kits."))
@click.option(
    "--key", "key", default=None, help=_("Enregistre la clé de site donnée par un autre kit.")
)
def pair_command(directory: str, show: bool, key: str | None) -> None:
    """Partage la clé de site entre les kits d'un même lieu."""
    try:
        if show and key:
            raise FabriqueError(_("Choisissez --show ou --key, pas les deux."))
        config = site_config(directory)
        if key is not None:
            save_site_key(config, key)
            click.echo(_("Clé de site enregistrée dans {file}.", file=config))
            click.echo(_("Redémarrez le kit pour qu'il l'utilise."))
            return
        current, created = ensure_site_key(config)
        if created:
            click.echo(
                _("Aucune clé de site : une nouvelle clé est enregistrée dans {file}.", file=config)
            )
    except FabriqueError as error:
        _fail(error)
    except Exception as error:  # a TOML syntax error, an unreadable file
        _fail(
            FabriqueError(
                _("Impossible de lire ou d'écrire {file} : {error}", file=CONFIG_FILE, error=error)
            )
        )
    click.echo(_("Clé de site de ce kit, à copier dans le fabrique.toml des autres kits :"))
    click.echo("")
    click.echo("[site]")
    click.echo(f'cle = "{current}"')
    click.echo("")
    click.echo(_("Ou, sur chaque autre kit : fabrique pair --key {key}", key=current))


# The names the main CLI looks for (``fabrique discover``, ``fabrique pair``).
discover = discover_command
pair = pair_command
