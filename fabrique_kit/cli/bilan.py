"""The ``fabrique bilan`` command: the yearly bilan of the waiting counters, page and exports.

A thin skin over :mod:`fabrique_kit.sources.counters.bilan` (the figures, in SQL) and
:mod:`~fabrique_kit.sources.counters.bilan_report` (the printable page, CSV and ODS).

Example (in a terminal)::

    fabrique bilan ~/afficheur --annee 2026 -o bilan.html     # bilan.html, bilan.csv, bilan.ods
    fabrique --lang en bilan ~/afficheur --annee 2026 --mois 3
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from fabrique_kit.errors import FabriqueError
from fabrique_kit.i18n import _


@click.command("bilan", help=_("Bilan annuel des compteurs d'attente : chiffres, page à imprimer, CSV et ODS."))
@click.argument("project_dirs", metavar="[DOSSIER]...", nargs=-1,
                type=click.Path(file_okay=False, path_type=Path))
@click.option("--annee", "year", type=int, default=None, metavar="AAAA", help=_("Année du bilan (par défaut : cette année)."))
@click.option("--mois", "month", type=click.IntRange(1, 12), default=None, metavar="MM",
              help=_("Un seul mois de l'année (1 à 12)."))
@click.option("-o", "--output", "output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              metavar="FICHIER.html", help=_("Page à écrire (les exports CSV et ODS sont écrits à côté)."))
@click.option("--compteur", "name", metavar="NOM", help=_("Un seul compteur (par défaut : tous)."))
def bilan_command(project_dirs: tuple[Path, ...], year: int | None, month: int | None,
                  output: Path | None, name: str | None) -> None:
    from fabrique_kit.sources.counters import bilan, bilan_report
    from fabrique_kit.sources.counters.tools import find_counter_files

    year = year or date.today().year
    try:
        paths = [p for folder in (project_dirs or (Path("."),)) for p in find_counter_files(folder, name)]
        result = bilan.compute(paths, year, month)
        click.echo(bilan_report.summary_text(result))
        target = output or Path(f"bilan-{year}" + (f"-{month:02d}" if month else "") + ".html")
        written = bilan_report.write_all(result, target)
    except FabriqueError as error:
        click.echo(str(error), err=True)
        raise SystemExit(1) from None
    except OSError as error:
        click.echo(_("Impossible d'écrire le fichier : {error}", error=error), err=True)
        raise SystemExit(1) from None
    click.echo("")
    click.echo(_("Fichiers écrits : {files}", files=", ".join(str(p) for p in written)))


bilan = bilan_command  # the name the main CLI looks for
