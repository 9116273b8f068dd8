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


def _trust(check: dict) -> str:
    text = _("vérifié") if check.get("verified") else _("non vérifié")
    return text + (" — " + _("nom en double") if check.get("duplicate_name") else "")


def peers_table(peers: list[Peer], checks: list[dict] | None = None) -> str:
    """The kits as a plain-text table with French headers (English with FABRIQUE_LANG=en)."""
    checks = checks or [{} for _p in peers]
    headers = [_("Nom"), _("Lieu"), _("Modèle"), _("Adresse"), _("Version"), _("Vu il y a"), _("Confiance")]
    rows = [
        [p.name, p.place, p.template, p.base_url, p.version, f"{int(p.seen_ago())} s", _trust(c)]
        for p, c in zip(peers, checks, strict=True)
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
@click.option(
    "--dossier", "directory", default=".", type=click.Path(file_okay=False),
    help=_("Dossier du kit dont la clé de site sert à vérifier les autres."),
)
def discover_command(timeout: float, as_json: bool, directory: str) -> None:
    """Liste les kits visibles sur le réseau local."""
    from fabrique_kit.net.browser import discover
    from fabrique_kit.net.verify import verify_peers

    try:
        peers = discover(timeout=timeout)
        key = _site_key_of(directory)
    except FabriqueError as error:
        _fail(error)
    checks = verify_peers(peers, key)
    if as_json:
        rows = [p.as_dict() | check for p, check in zip(peers, checks, strict=True)]
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
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
    click.echo(peers_table(peers, checks))
    if key is None:
        click.echo(_("→ Sans clé de site ici (fabrique.toml), aucun kit ne peut être vérifié."))


def _site_key_of(directory: str) -> str | None:
    """The ``[site] cle`` of the kit in ``directory``, or None (no file, no key)."""
    from pathlib import Path

    from fabrique_kit.net.keys import read_site_key

    config = Path(directory) / CONFIG_FILE
    if not config.is_file():
        return None
    try:
        return read_site_key(config)
    except Exception:  # a TOML syntax error: nothing can be verified
        return None


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
