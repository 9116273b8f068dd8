"""Import places from the national open-data file *Lieux de médiation numérique* (CSV).

Each row becomes a place (« lieu ») with its name, address, services (the ``services``
column, separated by ``|``) and opening hours (the ``horaires`` column, in
OpenStreetMap ``opening_hours`` syntax). Each opening range also becomes a weekly
slot of the service ``Accueil numérique`` (to be refined by hand afterwards).

The common subset of ``opening_hours`` is understood: ``Mo-Fr 09:00-12:00,14:00-17:00;
Sa 09:00-12:00``, day lists and ranges (``Mo,We,Fr``, ``Sa-Mo``), ``off``/``closed``,
``PH off``, ``24/7``, a rule without days; ``SH off`` (slots skipped in the school
holidays) and dated closures (``2026 Dec 24 off``: a closure to come, a past one is
left out) apart from the weekly rules. Anything else (months, weeks, comments…) is
reported with the line of the CSV, and that row is imported without hours.

Example::

    document, warnings = import_mednum("lieux-de-mediation-numerique.csv", commune="Rennes")
    save_semainier("semainier.json", document)
"""

from __future__ import annotations

import csv
import io
import re
from datetime import date, datetime, timedelta
from pathlib import Path

from fabrique_kit.clock import PARIS
from fabrique_kit.errors import DataError, Problem
from fabrique_kit.i18n import _
from fabrique_kit.sources.semainier.fields import excerpt
from fabrique_kit.sources.semainier.model import DAYS
from fabrique_kit.sources.semainier.queries import simplify

OSM_DAYS = ("Mo", "Tu", "We", "Th", "Fr", "Sa", "Su")
_RANGE = re.compile(r"^(\d{1,2}):(\d{2})-(\d{1,2}):(\d{2})$")
DEFAULT_SERVICE = "Accueil numérique"


class OpeningHoursError(ValueError):
    """A part of an ``opening_hours`` text that this reader does not understand."""


def parse_opening_hours(text: str) -> tuple[dict[int, list[str]], bool]:
    """``"Mo-Fr 09:00-12:00,14:00-17:00; PH off"`` → ``({0: ["09:00-12:00", ...], ...}, True)``.

    Returns the ranges by weekday (0 = Monday) and whether public holidays are
    closed (``PH off``). A later rule replaces the hours of its days, as in OSM.
    Raises :class:`OpeningHoursError` naming the rule it cannot read.
    """
    hours: dict[int, list[str]] = {}
    holidays_off = False
    if "||" in text:
        raise OpeningHoursError(text)
    for rule in filter(None, (r.strip() for r in text.split(";"))):
        if rule == "24/7":
            hours = {day: ["00:00-23:59"] for day in range(7)}
            continue
        selector, _space, times = rule.partition(" ")
        if _RANGE.match(selector.split(",")[0]):  # no day selector: every day
            selector, times = "Mo-Su", rule
        if selector == "PH":
            if times.strip() not in ("off", "closed"):
                raise OpeningHoursError(rule)
            holidays_off = True
            continue
        days = _days(selector, rule)
        ranges = _ranges(times.strip(), rule)
        for day in days:
            hours[day] = ranges
    return {day: ranges for day, ranges in hours.items() if ranges}, holidays_off


_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_DATE_OFF = re.compile(r"^(?:(\d{4}) )?(" + "|".join(_MONTHS) + r") (\d{1,2})(?:-(\d{1,2}))? (?:off|closed)$")


def read_opening_hours(text: str, today: date) -> tuple[dict[int, list[str]], bool, list[date], list[str]]:
    """Like :func:`parse_opening_hours`, but the exceptions do not spoil the regular hours.

    ``SH off`` (closed in the school holidays) and dated closures (``2026 Dec 24 off``)
    are taken apart from the weekly rules. Returns ``(hours, school holidays off, the
    closed days to come, the exceptions left out)``: a past date is left out, and so is
    a date without a year (it comes back every year). Raises :class:`OpeningHoursError`
    for any other rule it cannot read.

    Example: ``read_opening_hours("Mo 09:00-12:00; SH off", date(2026, 11, 23))``
    → ``({0: ["09:00-12:00"]}, True, [], [])``
    """
    kept, closed, left_out, school_off = [], [], [], False
    for rule in filter(None, (r.strip() for r in text.split(";"))):
        match = _DATE_OFF.match(rule)
        if rule in ("SH off", "SH closed"):
            school_off = True
        elif match:
            year, month, first, last = match.groups()
            days = _dated(year, month, first, last)
            if days is None or not year or days[-1] < today:
                left_out.append(rule)
            else:
                closed += [d for d in days if d >= today]
        else:
            kept.append(rule)
    hours, _holidays_off = parse_opening_hours("; ".join(kept))
    return hours, school_off, closed, left_out


def _dated(year: str | None, month: str, first: str, last: str | None) -> list[date] | None:
    """The days ``first``…``last`` of ``month`` (in ``year``, else this one), or None if not a date."""
    try:
        start = date(int(year or 2000), _MONTHS.index(month) + 1, int(first))
        end = date(start.year, start.month, int(last or first))
    except ValueError:
        return None
    return [start + timedelta(days=n) for n in range((end - start).days + 1)] if end >= start else None


def _days(selector: str, rule: str) -> list[int]:
    days: list[int] = []
    for item in selector.split(","):
        first, _dash, last = item.partition("-")
        if first not in OSM_DAYS or (last and last not in OSM_DAYS):
            raise OpeningHoursError(rule)
        a, b = OSM_DAYS.index(first), OSM_DAYS.index(last or first)
        days += [(a + i) % 7 for i in range((b - a) % 7 + 1)]
    return days


def _ranges(times: str, rule: str) -> list[str]:
    if times in ("off", "closed"):
        return []
    ranges = []
    for part in times.replace(" ", "").split(","):
        match = _RANGE.match(part)
        if not match:
            raise OpeningHoursError(rule)
        h1, m1, h2, m2 = (int(x) for x in match.groups())
        if (h2, m2) == (24, 0):
            h2, m2 = 23, 59
        if max(h1, h2) > 23 or max(m1, m2) > 59 or (h2, m2) <= (h1, m1):
            raise OpeningHoursError(rule)
        ranges.append(f"{h1:02d}:{m1:02d}-{h2:02d}:{m2:02d}")
    return ranges


def import_mednum(path: str | Path, *, commune: str | None = None,
                  service: str = DEFAULT_SERVICE) -> tuple[dict, list[Problem]]:
    """Read the CSV at ``path`` into a semainier document: ``(document, warnings)``.

    ``commune`` keeps only the rows of that town (« Rennes »). Raises
    :class:`DataError` when the file cannot be read or gives no place.
    """
    name = str(path)
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        raise DataError(_("Impossible de lire le fichier : {error}", error=error.strerror or error), file=name) from None
    warnings: list[Problem] = []
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:  # saved by Excel or an old Windows program
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            raise DataError(_("Le fichier n'est ni en UTF-8 ni en Windows-1252 : ses accents ne peuvent pas être lus."),
                            file=name, hint=_("Enregistrez-le en « CSV UTF-8 » depuis votre tableur.")) from None
        warnings.append(Problem(_("Le fichier n'est pas en UTF-8 : il a été lu comme un fichier Windows (Windows-1252)."),
                                file=name, severity="warning",
                                hint=_("Vérifiez les accents des noms importés.")))
    delimiter = ";" if text.partition("\n")[0].count(";") > text.partition("\n")[0].count(",") else ","
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    missing = {"nom", "horaires"} - set(reader.fieldnames or [])
    if missing:
        raise DataError(_("Colonnes manquantes dans le fichier : {columns}.", columns=", ".join(sorted(missing))),
                        file=name, line=1,
                        hint=_("Le fichier doit suivre le schéma « Lieux de médiation numérique »."))
    places = []
    today = datetime.now(PARIS).date()
    for row in reader:
        line = reader.line_num
        if commune and simplify(row.get("commune") or "") != simplify(commune):
            continue
        place, problems = _place(row, service, today)
        for problem in problems:
            warnings.append(Problem(problem, file=name, line=line, field="horaires" if place else "nom",
                                    severity="warning"))
        if place:
            places.append(place)
    if not places:
        raise DataError(_("Aucun lieu à importer dans ce fichier."), file=name,
                        hint=_("Vérifiez le nom de la commune demandée.") if commune else None)
    document = {"commentaire": _("Importé de {source}.", source=Path(path).name), "lieux": places}
    return document, warnings


def _place(row: dict, service: str, today: date) -> tuple[dict | None, list[str]]:
    """One CSV row as a place: ``(place or None, warnings)``.

    Public holidays are always closed in a semainier (``jours_feries``), so ``PH off``
    needs nothing more; ``SH off`` makes the slots skip the school holidays, and a dated
    closure to come becomes one of the place's « fermetures ».
    """
    name = (row.get("nom") or "").strip()
    if not name:
        return None, [_("Ligne sans « nom » : elle est ignorée.")]
    place: dict = {"nom": name}
    address = ", ".join(x for x in ((row.get("adresse") or "").strip(),
                                    " ".join(filter(None, ((row.get("code_postal") or "").strip(),
                                                           (row.get("commune") or "").strip()))))
                        if x)
    if address:
        place["adresse"] = address
    services = [s.strip() for s in (row.get("services") or "").split("|") if s.strip()]
    if services:
        place["services"] = services
    text = (row.get("horaires") or "").strip()
    try:
        hours, school_off, closed, left_out = read_opening_hours(text, today)
    except OpeningHoursError as error:
        return place, [_("Lieu « {name} » : syntaxe d'horaires non prise en charge : « {rule} » ; le lieu est importé sans horaires.",
                         name=name, rule=excerpt(error, 80))]
    notes = [_("Lieu « {name} » : l'exception « {rule} » est passée ou revient chaque année ; elle n'est pas importée.",
               name=name, rule=excerpt(rule, 80)) for rule in left_out]
    if hours:
        place["horaires"] = {DAYS[day]: ", ".join(ranges) for day, ranges in sorted(hours.items())}
        place["creneaux"] = [
            {"jour": DAYS[day], "debut": r[:5], "fin": r[6:], "service": service, "libre": True}
            for day, ranges in sorted(hours.items()) for r in ranges
        ]
        if school_off:
            for slot in place["creneaux"]:
                slot["pendant_vacances"] = False
            notes.append(_("Lieu « {name} » : fermé pendant les vacances scolaires (« SH off ») ; ajoutez leurs dates "
                           "dans « vacances_scolaires » du semainier.", name=name))
    if closed:
        place["fermetures"] = [{"date": day.isoformat(), "motif": _("Fermé")} for day in closed]
    return place, notes
