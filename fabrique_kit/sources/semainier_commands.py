"""The ``fabrique semainier …`` commands: check, show, import and export a schedule.

Each command is a thin skin over the library. A mistake in a file prints the located
problems and exits with status 1, never a traceback.

Example (in a terminal)::

    fabrique semainier check semainier.json
    fabrique semainier show semainier.json --date 2026-12-07 --place Maurepas
    fabrique semainier import-ics https://agenda.example.org/permanences.ics -o semainier.json
    fabrique semainier import-mednum lieux.csv --commune Rennes -o semainier.json
    fabrique semainier export-ics semainier.json -o semainier.ics
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import NoReturn

import click

from fabrique_kit.clock import PARIS
from fabrique_kit.errors import FabriqueError, Problem
from fabrique_kit.i18n import _
from fabrique_kit.sources.semainier import read_semainier, save_semainier
from fabrique_kit.sources.semainier_model import day_name


def _print_problems(problems: list[Problem]) -> None:
    for problem in problems:
        label = _("Attention") if problem.severity == "warning" else _("Erreur")
        click.echo(f"{label} — {problem}", err=True)


def _load(file: str):
    semainier, problems = read_semainier(file)
    if semainier is None:
        _print_problems(problems)
        raise SystemExit(1)
    return semainier, problems


def _fail(error: FabriqueError) -> NoReturn:
    _print_problems(error.problems)
    raise SystemExit(1)


def _cannot_write(path: str, error: OSError) -> NoReturn:
    click.echo(_("Erreur — impossible d'écrire {path} : {error}", path=path, error=error.strerror or error), err=True)
    raise SystemExit(1)


def _day_option(value: str | None, option: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        problem = Problem(_("la date « {value} » n'est pas valide.", value=value), field=option,
                          hint=_("Écrivez la date AAAA-MM-JJ, par exemple 2026-11-23."))
        _print_problems([problem])
        raise SystemExit(1) from None


def _write(document: dict, output: str, warnings: list[Problem]) -> None:
    try:
        warnings = warnings + save_semainier(output, document)
    except FabriqueError as error:
        _fail(error)
    except OSError as error:
        _cannot_write(output, error)
    _print_problems(warnings)
    places = len(document.get("lieux", []))
    click.echo(_("Semainier écrit dans {path} ({places} lieu(x)).", path=output, places=places))


@click.group(name="semainier", help=_("Vérifier, afficher, importer et exporter un semainier."))
def semainier() -> None:
    """The group the main ``fabrique`` command attaches."""


@semainier.command(help=_("Vérifier un fichier semainier et montrer ses erreurs, ligne par ligne."))
@click.argument("file", type=click.Path(dir_okay=False))
def check(file: str) -> None:
    planning, problems = _load(file)
    _print_problems(problems)
    slots = sum(len(p.slots) for p in planning.places)
    click.echo(_("Le semainier est valide : {places} lieu(x), {slots} créneau(x) par semaine.",
                 places=len(planning.places), slots=slots))


@semainier.command(help=_("Afficher les séances d'un jour sous forme de tableau."))
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--date", "day", metavar="AAAA-MM-JJ", help=_("Le jour à afficher (aujourd'hui par défaut)."))
@click.option("--place", "--lieu", "place", help=_("Seulement ce lieu (une partie du nom suffit)."))
def show(file: str, day: str | None, place: str | None) -> None:
    planning, _problems = _load(file)
    when = _day_option(day, "--date") or datetime.now(PARIS).date()
    try:
        sessions = planning.sessions_on(when, place)
        reason = planning.closure(when, place)
    except FabriqueError as error:
        _fail(error)
    click.echo(_("Séances du {day} {date}", day=day_name(when.weekday()), date=when.strftime("%d/%m/%Y")))
    if reason:
        click.echo(_("Fermé : {reason}", reason=reason))
        return
    if not sessions:
        click.echo(_("Aucune séance ce jour-là."))
        return
    rows = [(_("Horaire"), _("Service"), _("Lieu"), _("Salle"), _("Accès"))]
    for s in sessions:
        access = _("libre") if s.drop_in else _("sur rendez-vous")
        if s.cancelled:
            access = _("ANNULÉ ({reason})", reason=s.reason)
        rows.append((f"{s.start:%H:%M}-{s.end:%H:%M}", s.service, s.place or "", s.room or "", access))
    widths = [max(len(row[i]) for row in rows) for i in range(5)]
    for row in rows:
        click.echo("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip())


@semainier.command("import-ics", help=_("Créer un semainier depuis un agenda iCalendar (fichier ou adresse web)."))
@click.argument("source")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False), help=_("Le fichier semainier à écrire."))
@click.option("--place", "--lieu", "place", help=_("Le nom du lieu (sinon, le nom de l'agenda)."))
@click.option("--from", "--du", "start", metavar="AAAA-MM-JJ", help=_("Début de la période lue (aujourd'hui par défaut)."))
@click.option("--to", "--au", "end", metavar="AAAA-MM-JJ", help=_("Fin de la période lue (un an plus tard par défaut)."))
def import_ics_command(source: str, output: str, place: str | None, start: str | None, end: str | None) -> None:
    from fabrique_kit.sources.semainier_ical import import_ics

    try:
        document, warnings = import_ics(source, place=place, start=_day_option(start, "--from"),
                                        end=_day_option(end, "--to"))
    except FabriqueError as error:
        _fail(error)
    _write(document, output, warnings)


@semainier.command("import-mednum", help=_("Créer un semainier depuis le fichier national « Lieux de médiation numérique » (CSV)."))
@click.argument("csv_file", metavar="CSV", type=click.Path(dir_okay=False))
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False), help=_("Le fichier semainier à écrire."))
@click.option("--commune", help=_("Seulement les lieux de cette commune, par exemple Rennes."))
def import_mednum_command(csv_file: str, output: str, commune: str | None) -> None:
    from fabrique_kit.sources.semainier_mednum import import_mednum

    try:
        document, warnings = import_mednum(csv_file, commune=commune)
    except FabriqueError as error:
        _fail(error)
    _write(document, output, warnings)


@semainier.command("export-ics", help=_("Exporter un semainier en agenda iCalendar (.ics)."))
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False), help=_("Le fichier .ics à écrire."))
@click.option("--from", "--du", "start", metavar="AAAA-MM-JJ", help=_("Premier jour exporté (aujourd'hui par défaut)."))
@click.option("--to", "--au", "end", metavar="AAAA-MM-JJ", help=_("Dernier jour exporté (un an plus tard par défaut)."))
def export_ics_command(file: str, output: str, start: str | None, end: str | None) -> None:
    from fabrique_kit.sources.semainier_ical import export_ics

    planning, _problems = _load(file)
    data = export_ics(planning, start=_day_option(start, "--from"), end=_day_option(end, "--to"))
    try:
        Path(output).write_bytes(data)
    except OSError as error:
        _cannot_write(output, error)
    click.echo(_("Agenda écrit dans {path}.", path=output))

