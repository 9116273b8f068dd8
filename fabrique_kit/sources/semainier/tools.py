"""What the ``fabrique semainier …`` commands do, without click: check, show, import, export.

Each function returns what to print (lines of text, problems) or raises
:class:`~fabrique_kit.errors.FabriqueError` (its located problems are what to print)
or :class:`OSError` (a file that cannot be written). The click commands of
:mod:`fabrique_kit.cli.semainier` only parse the options, call these and print.

Example::

    planning, warnings = load("semainier.json")       # FabriqueError listing the problems
    print(summary(planning))    # Le semainier est valide : 6 lieu(x), 19 créneau(x) par semaine.
    print("\n".join(day_table(planning, date(2026, 12, 7), "Maurepas")))
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from fabrique_kit.errors import DataError, Problem
from fabrique_kit.files import write_atomically
from fabrique_kit.i18n import _
from fabrique_kit.sources.semainier.file import read_semainier, save_semainier
from fabrique_kit.sources.semainier.model import day_name
from fabrique_kit.sources.semainier.schedule import Semainier


def problem_line(problem: Problem) -> str:
    """``Erreur — <the located problem>`` (or ``Attention — …`` for a warning).

    Example: ``problem_line(Problem("la clé manque"))`` → ``'Erreur — la clé manque'``
    """
    label = _("Attention") if problem.severity == "warning" else _("Erreur")
    return f"{label} — {problem}"


def load(file: str) -> tuple[Semainier, list[Problem]]:
    """The semainier of ``file`` and its warnings; DataError listing the problems.

    Example: ``planning, warnings = load("semainier.json")``
    """
    semainier, problems = read_semainier(file)
    if semainier is None:
        raise DataError(problems=problems)
    return semainier, problems


def cannot_write(path: str, error: OSError) -> str:
    """The message for a file that cannot be written.

    Example: ``cannot_write("x.ics", PermissionError(13, "Permission denied"))``
    """
    return _("Erreur — impossible d'écrire {path} : {error}", path=path, error=error.strerror or error)


def parse_day(value: str | None, option: str) -> date | None:
    """The day of an option written ``AAAA-MM-JJ`` (None stays None); DataError otherwise.

    Example: ``parse_day("2026-12-07", "--date")`` → ``date(2026, 12, 7)``
    """
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        problem = Problem(_("la date « {value} » n'est pas valide.", value=value), field=option,
                          hint=_("Écrivez la date AAAA-MM-JJ, par exemple 2026-11-23."))
        raise DataError(problems=[problem]) from None


def summary(planning: Semainier) -> str:
    """The line that ``check`` prints for a valid file.

    Example: ``summary(planning)`` → ``'Le semainier est valide : 6 lieu(x), 19 créneau(x) par semaine.'``
    """
    slots = sum(len(p.slots) for p in planning.places)
    return _("Le semainier est valide : {places} lieu(x), {slots} créneau(x) par semaine.",
             places=len(planning.places), slots=slots)


def day_table(planning: Semainier, when: date, place: str | None = None) -> list[str]:
    """The lines that ``show`` prints: a title, then the day's sessions as a table.

    Raises FabriqueError when ``place`` names no place of the semainier.

    Example: ``day_table(planning, date(2026, 12, 7), "Maurepas")[0]`` → ``'Séances du lundi 07/12/2026'``
    """
    sessions = planning.sessions_on(when, place)
    reason = planning.closure(when, place)
    lines = [_("Séances du {day} {date}", day=day_name(when.weekday()), date=when.strftime("%d/%m/%Y"))]
    if reason:
        return lines + [_("Fermé : {reason}", reason=reason)]
    if not sessions:
        return lines + [_("Aucune séance ce jour-là.")]
    rows = [(_("Horaire"), _("Service"), _("Lieu"), _("Salle"), _("Accès"))]
    for s in sessions:
        access = _("libre") if s.drop_in else _("sur rendez-vous")
        if s.cancelled:
            access = _("ANNULÉ ({reason})", reason=s.reason)
        rows.append((f"{s.start:%H:%M}-{s.end:%H:%M}", s.service, s.place or "", s.room or "", access))
    widths = [max(len(row[i]) for row in rows) for i in range(5)]
    for row in rows:
        lines.append("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip())
    return lines


def write_document(document: dict, output: str) -> tuple[list[Problem], str]:
    """Check and save an imported ``document`` to ``output``: ``(its warnings, the line to print)``.

    Raises FabriqueError (nothing written) when it has errors, OSError when it cannot be written.

    Example: ``warnings, done = write_document({"lieux": [{"nom": "Maurepas"}]}, "semainier.json")``
    """
    warnings = save_semainier(output, document)
    places = len(document.get("lieux", []))
    return warnings, _("Semainier écrit dans {path} ({places} lieu(x)).", path=output, places=places)


def import_ics(source: str, place: str | None, start: str | None, end: str | None) -> tuple[dict, list[Problem]]:
    """The document and warnings of an iCalendar agenda (file or address), dates as written.

    Example: ``document, warnings = import_ics("permanences.ics", None, "2026-09-01", None)``
    """
    from fabrique_kit.sources.semainier.importers.ical import import_ics as read_agenda

    return read_agenda(source, place=place, start=parse_day(start, "--from"), end=parse_day(end, "--to"))


def import_mednum(csv_file: str, commune: str | None) -> tuple[dict, list[Problem]]:
    """The document and warnings of a *Lieux de médiation numérique* CSV file.

    Example: ``document, warnings = import_mednum("lieux.csv", "Rennes")``
    """
    from fabrique_kit.sources.semainier.importers.mednum import import_mednum as read_places

    return read_places(csv_file, commune=commune)


def export_ics(planning: Semainier, output: str, start: str | None, end: str | None) -> str:
    """Write the semainier as an iCalendar file (atomically); returns the line to print.

    Raises FabriqueError for a bad date, OSError when the file cannot be written.

    Example: ``export_ics(planning, "semainier.ics", None, None)`` → ``'Agenda écrit dans semainier.ics.'``
    """
    from fabrique_kit.sources.semainier.importers.ical import export_ics as agenda_bytes

    data = agenda_bytes(planning, start=parse_day(start, "--from"), end=parse_day(end, "--to"))
    write_atomically(Path(output), data)
    return _("Agenda écrit dans {path}.", path=output)
