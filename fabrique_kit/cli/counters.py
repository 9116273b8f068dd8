"""The ``fabrique stats`` command: the anonymous figures of the waiting counters.

A thin skin over :mod:`fabrique_kit.sources.counters.tools`: it parses the options,
calls it and prints.

Example (in a terminal)::

    fabrique stats ~/afficheur --since 2026-01-01 --csv attente-2026.csv
"""

from __future__ import annotations

from pathlib import Path

import click

from fabrique_kit.errors import FabriqueError
from fabrique_kit.i18n import _
from fabrique_kit.sources.counters import tools
from fabrique_kit.sources.counters.figures import parse_day


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
        reports = []
        for report in tools.counter_reports(project_dir, since_day, until_day, name):
            reports.append(report)
            click.echo(report.title)
            click.echo(report.table)
            click.echo("")
        if csv_path is not None:
            click.echo(tools.write_reports_csv(reports, csv_path))
    except FabriqueError as error:
        click.echo(str(error), err=True)
        raise SystemExit(1) from None
    except OSError as error:
        click.echo(_("Impossible d'écrire le fichier : {error}", error=error), err=True)
        raise SystemExit(1) from None


stats = stats_command  # the name the main CLI looks for
