"""Click commands about waiting counters (attached to ``fabrique`` by the main CLI).

``fabrique stats [DIR] [--since DATE] [--until DATE] [--csv FILE] [--compteur NAME]``
prints the anonymous figures of the counters of the project in ``DIR`` (the current
folder by default), read from ``DIR/.fabrique/compteurs/<name>.sqlite3``, and can
write them as a CSV file for a spreadsheet.

Example::

    from fabrique_kit.sources.counter_commands import stats
    main.add_command(stats, "stats")     # in fabrique_kit/cli.py
"""

from __future__ import annotations

from pathlib import Path

import click

from fabrique_kit.errors import FabriqueError
from fabrique_kit.i18n import _
from fabrique_kit.sources import counters_stats
from fabrique_kit.sources.counters import counter_db_path
from fabrique_kit.sources.counters_stats import format_table, parse_day, total, write_csv


def find_counter_files(project_dir: Path | str, name: str | None = None) -> list[Path]:
    """The SQLite files of the counters of a project (one named ``name``, or all).

    Example::

        find_counter_files("~/afficheur")    # [PosixPath('.../compteurs/attente.sqlite3')]
    """
    project = Path(project_dir).expanduser()
    if name:
        path = counter_db_path(project, name)
        if not path.exists():
            raise FabriqueError(_("Le compteur « {name} » n'a pas de fichier dans {folder}.",
                                  name=name, folder=path.parent))
        return [path]
    folder = counter_db_path(project, "x").parent
    files = sorted(folder.glob("*.sqlite3"))
    if not files:
        raise FabriqueError(
            _("Aucun compteur dans {folder}.", folder=folder),
            hint=_("Donnez le dossier du projet, par exemple : fabrique stats ~/afficheur"),
        )
    return files


@click.command("stats", help=_("Chiffres anonymes des compteurs d'attente (par jour et demi-journée)."))
@click.argument("project_dir", metavar="[DOSSIER]", required=False, default=".",
                type=click.Path(file_okay=False, path_type=Path))
@click.option("--since", "since", metavar="DATE", help=_("Premier jour compté (2026-01-01 ou 01/01/2026)."))
@click.option("--until", "until", metavar="DATE", help=_("Dernier jour compté, inclus."))
@click.option("--csv", "csv_path", metavar="FICHIER", type=click.Path(dir_okay=False, path_type=Path),
              help=_("Écrire aussi les chiffres dans ce fichier CSV (pour un tableur)."))
@click.option("--compteur", "name", metavar="NOM", help=_("Un seul compteur (par défaut : tous)."))
def stats_command(project_dir: Path, since: str | None, until: str | None,
                  csv_path: Path | None, name: str | None) -> None:
    try:
        since_day = parse_day(since, field_name="--since")
        until_day = parse_day(until, field_name="--until")
        all_rows = []
        for path in find_counter_files(project_dir, name):
            rows = counters_stats.stats(path, since_day, until_day)
            all_rows.extend(rows)
            click.echo(_("Compteur « {name} »", name=path.stem))
            click.echo(format_table(rows, total(path, since_day, until_day) if rows else None))
            click.echo("")
        if csv_path is not None:
            write_csv(all_rows, csv_path)
            click.echo(_("Fichier écrit : {path} ({count} ligne(s)).", path=csv_path, count=len(all_rows)))
    except FabriqueError as error:
        click.echo(str(error), err=True)
        raise SystemExit(1) from None
    except OSError as error:
        click.echo(_("Impossible d'écrire le fichier : {error}", error=error), err=True)
        raise SystemExit(1) from None


stats = stats_command  # the name the main CLI looks for
