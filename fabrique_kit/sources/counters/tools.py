"""What the ``fabrique stats`` command does, without click: find the counters, sum them up.

``fabrique stats [DIR] [--since DATE] [--until DATE] [--csv FILE] [--compteur NAME]``
prints the anonymous figures of the counters of the project in ``DIR`` (the current
folder by default), read from ``DIR/.fabrique/compteurs/<name>.sqlite3``, and can
write them as a CSV file for a spreadsheet. The click command is in
:mod:`fabrique_kit.cli.counters`; it prints what these functions return.

Example::

    for report in counter_reports("~/afficheur", since=date(2026, 1, 1)):
        print(report.title)
        print(report.table)
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from fabrique_kit.errors import FabriqueError
from fabrique_kit.i18n import _, ngettext
from fabrique_kit.sources.counters import figures
from fabrique_kit.sources.counters.store import counter_db_path


@dataclass(frozen=True)
class CounterReport:
    """The figures of one counter: its rows (for the CSV file) and the text to print.

    Example: ``report.title`` → ``'Compteur « attente »'``
    """

    name: str
    rows: list[dict[str, Any]]
    table: str

    @property
    def title(self) -> str:
        return _("Compteur « {name} »", name=self.name)


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


def counter_reports(project_dir: Path | str, since: date | None = None, until: date | None = None,
                    name: str | None = None) -> Iterator[CounterReport]:
    """The report of each counter of a project (or of the one named ``name``), one by one.

    Raises FabriqueError when the project has no such counter.

    Example: ``[r.name for r in counter_reports("~/afficheur")]`` → ``['attente']``
    """
    for path in find_counter_files(project_dir, name):
        rows = figures.stats(path, since, until)
        summary = figures.total(path, since, until) if rows else None
        yield CounterReport(path.stem, rows, figures.format_table(rows, summary))


def write_reports_csv(reports: list[CounterReport], path: Path | str) -> str:
    """Write the rows of every report in one CSV file; returns the line to print.

    Example: ``write_reports_csv(reports, "attente-2026.csv")`` → ``'Fichier écrit : … (4 ligne(s)).'``
    """
    rows = [row for report in reports for row in report.rows]
    figures.write_csv(rows, path)
    return ngettext("Fichier écrit : {path} ({n} ligne).", "Fichier écrit : {path} ({n} lignes).", len(rows), path=path)
