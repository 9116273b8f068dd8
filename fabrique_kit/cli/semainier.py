"""The ``fabrique semainier …`` commands: check, show, import and export a schedule.

Each command is a thin skin over :mod:`fabrique_kit.sources.semainier.tools`: it parses
the options, calls it and prints. A mistake in a file prints the located problems and
exits with status 1, never a traceback.

Example (in a terminal)::

    fabrique semainier check semainier.json
    fabrique semainier show semainier.json --date 2026-12-07 --place Maurepas
    fabrique semainier import-ics https://agenda.example.org/permanences.ics -o semainier.json
    fabrique semainier import-mednum lieux.csv --commune Rennes -o semainier.json
    fabrique semainier export-ics semainier.json -o semainier.ics
"""

from __future__ import annotations

from datetime import datetime
from typing import NoReturn

import click

from fabrique_kit.clock import PARIS
from fabrique_kit.errors import FabriqueError, Problem
from fabrique_kit.i18n import _
from fabrique_kit.sources.semainier import tools


def _print_problems(problems: list[Problem]) -> None:
    for problem in problems:
        click.echo(tools.problem_line(problem), err=True)


def _fail(error: FabriqueError) -> NoReturn:
    _print_problems(error.problems)
    raise SystemExit(1)


def _cannot_write(path: str, error: OSError) -> NoReturn:
    click.echo(tools.cannot_write(path, error), err=True)
    raise SystemExit(1)


def _load(file: str):
    try:
        return tools.load(file)
    except FabriqueError as error:
        _fail(error)


def _write(document: dict, output: str, warnings: list[Problem]) -> None:
    try:
        saved, done = tools.write_document(document, output)
    except FabriqueError as error:
        _fail(error)
    except OSError as error:
        _cannot_write(output, error)
    _print_problems(warnings + saved)
    click.echo(done)


@click.group(name="semainier", help=_("Vérifier, afficher, importer et exporter un semainier."))
def semainier() -> None:
    """The group the main ``fabrique`` command attaches."""


@semainier.command(help=_("Vérifier un fichier semainier et montrer ses erreurs, ligne par ligne."))
@click.argument("file", type=click.Path(dir_okay=False))
def check(file: str) -> None:
    planning, problems = _load(file)
    _print_problems(problems)
    click.echo(tools.summary(planning))


@semainier.command(help=_("Afficher les séances d'un jour sous forme de tableau."))
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--date", "day", metavar="AAAA-MM-JJ", help=_("Le jour à afficher (aujourd'hui par défaut)."))
@click.option("--place", "--lieu", "place", help=_("Seulement ce lieu (une partie du nom suffit)."))
def show(file: str, day: str | None, place: str | None) -> None:
    planning, _problems = _load(file)
    try:
        when = tools.parse_day(day, "--date") or datetime.now(PARIS).date()
        lines = tools.day_table(planning, when, place)
    except FabriqueError as error:
        _fail(error)
    for line in lines:
        click.echo(line)


@semainier.command("import-ics", help=_("Créer un semainier depuis un agenda iCalendar (fichier ou adresse web)."))
@click.argument("source")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False), help=_("Le fichier semainier à écrire."))
@click.option("--place", "--lieu", "place", help=_("Le nom du lieu (sinon, le nom de l'agenda)."))
@click.option("--from", "--du", "start", metavar="AAAA-MM-JJ", help=_("Début de la période lue (aujourd'hui par défaut)."))
@click.option("--to", "--au", "end", metavar="AAAA-MM-JJ", help=_("Fin de la période lue (un an plus tard par défaut)."))
def import_ics_command(source: str, output: str, place: str | None, start: str | None, end: str | None) -> None:
    try:
        document, warnings = tools.import_ics(source, place, start, end)
    except FabriqueError as error:
        _fail(error)
    _write(document, output, warnings)


@semainier.command("import-mednum", help=_("Créer un semainier depuis le fichier national « Lieux de médiation numérique » (CSV)."))
@click.argument("csv_file", metavar="CSV", type=click.Path(dir_okay=False))
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False), help=_("Le fichier semainier à écrire."))
@click.option("--commune", help=_("Seulement les lieux de cette commune, par exemple Rennes."))
def import_mednum_command(csv_file: str, output: str, commune: str | None) -> None:
    try:
        document, warnings = tools.import_mednum(csv_file, commune)
    except FabriqueError as error:
        _fail(error)
    _write(document, output, warnings)


@semainier.command("export-ics", help=_("Exporter un semainier en agenda iCalendar (.ics)."))
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False), help=_("Le fichier .ics à écrire."))
@click.option("--from", "--du", "start", metavar="AAAA-MM-JJ", help=_("Premier jour exporté (aujourd'hui par défaut)."))
@click.option("--to", "--au", "end", metavar="AAAA-MM-JJ", help=_("Dernier jour exporté (un an plus tard par défaut)."))
def export_ics_command(file: str, output: str, start: str | None, end: str | None) -> None:
    planning, _problems = _load(file)
    try:
        done = tools.export_ics(planning, output, start, end)
    except FabriqueError as error:
        _fail(error)
    except OSError as error:
        _cannot_write(output, error)
    click.echo(done)
