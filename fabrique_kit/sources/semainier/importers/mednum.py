"""Import places from the national open-data file *Lieux de médiation numérique* (CSV).

Each row becomes a place (« lieu ») with its name, address, services (the ``services``
column, separated by ``|``) and opening hours (the ``horaires`` column, in
OpenStreetMap ``opening_hours`` syntax). Each opening range also becomes a weekly
slot of the service ``Accueil numérique`` (to be refined by hand afterwards).

The common subset of ``opening_hours`` is understood: ``Mo-Fr 09:00-12:00,14:00-17:00;
Sa 09:00-12:00``, day lists and ranges (``Mo,We,Fr``, ``Sa-Mo``), ``off``/``closed``,
``PH off``, ``24/7``, a rule without days. Anything else (months, weeks, dates,
``SH``, comments…) is reported with the line of the CSV, and that row is imported
without hours.

Example::

    document, warnings = import_mednum("lieux-de-mediation-numerique.csv", commune="Rennes")
    save_semainier("semainier.json", document)
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from fabrique_kit.errors import DataError, Problem
from fabrique_kit.i18n import _
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
        text = Path(path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise DataError(_("Impossible de lire le fichier : {error}", error=error), file=name) from error
    delimiter = ";" if text.partition("\n")[0].count(";") > text.partition("\n")[0].count(",") else ","
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    missing = {"nom", "horaires"} - set(reader.fieldnames or [])
    if missing:
        raise DataError(_("Colonnes manquantes dans le fichier : {columns}.", columns=", ".join(sorted(missing))),
                        file=name, line=1,
                        hint=_("Le fichier doit suivre le schéma « Lieux de médiation numérique »."))
    places, warnings = [], []
    for row in reader:
        line = reader.line_num
        if commune and simplify(row.get("commune") or "") != simplify(commune):
            continue
        place, problem = _place(row, service)
        if problem:
            warnings.append(Problem(problem, file=name, line=line, field="horaires" if place else "nom",
                                    severity="warning"))
        if place:
            places.append(place)
    if not places:
        raise DataError(_("Aucun lieu à importer dans ce fichier."), file=name,
                        hint=_("Vérifiez le nom de la commune demandée.") if commune else None)
    document = {"commentaire": _("Importé de {source}.", source=Path(path).name), "lieux": places}
    return document, warnings


def _place(row: dict, service: str) -> tuple[dict | None, str | None]:
    """One CSV row as a place: ``(place or None, warning or None)``.

    Public holidays are always closed in a semainier (``jours_feries``), so ``PH off``
    needs nothing more.
    """
    name = (row.get("nom") or "").strip()
    if not name:
        return None, _("Ligne sans « nom » : elle est ignorée.")
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
        hours, _holidays_off = parse_opening_hours(text)
    except OpeningHoursError as error:
        return place, _("Lieu « {name} » : syntaxe d'horaires non prise en charge : « {rule} » ; le lieu est importé sans horaires.",
                        name=name, rule=str(error))
    if hours:
        place["horaires"] = {DAYS[day]: ", ".join(ranges) for day, ranges in sorted(hours.items())}
        place["creneaux"] = [
            {"jour": DAYS[day], "debut": r[:5], "fin": r[6:], "service": service, "libre": True}
            for day, ranges in sorted(hours.items()) for r in ranges
        ]
    return place, None
