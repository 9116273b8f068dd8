"""Progress reports: one small JSON file per table, and a summary of all the tables.

A table's report says which step it is on and since when — never a name or any
personal data. The mediator reads every report of a folder with
``fabrique atelier --tables DIR``.

Example::

    write_report(Path("rapports/table-3.json"), {"table": "table-3", "etape": 4, ...})
    for line in summary_lines(read_reports(Path("rapports")), now=datetime.now(UTC)):
        print(line)
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from fabrique_kit.files import write_json_atomically
from fabrique_kit.i18n import _

STUCK_AFTER_MIN = 10  # minutes on the same step before a table is flagged
SILENT_AFTER_MIN = 5  # minutes without news: the guided mode was probably closed
HELP_FLAG = 2  # hints asked on one step before a table is flagged


def now_utc() -> datetime:
    return datetime.now(UTC)


def write_report(path: Path, report: dict) -> None:
    """Write ``report`` as JSON, atomically (a reader never sees half a file, nor a power cut)."""
    write_json_atomically(path, report, indent=2)


def read_reports(folder: Path) -> list[dict]:
    """Every readable ``*.json`` report of ``folder``, sorted by table name."""
    reports = []
    for path in sorted(folder.glob("*.json")):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if isinstance(data, dict):
            data.setdefault("table", path.stem)
            reports.append(data)
    return sorted(reports, key=lambda r: str(r.get("table")))


def _minutes_since(text, now: datetime) -> int | None:
    try:
        moment = datetime.fromisoformat(str(text))
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return max(0, int((now - moment).total_seconds() // 60))


def needs_a_visit(report: dict, now: datetime) -> str | None:
    """Why a mediator should go and see this table, or None.

    Example: ``needs_a_visit({"statut": "en_cours", "depuis": "…12 min ago…"}, now)``
    → ``'même étape depuis 12 min'``
    """
    if report.get("statut") == "termine":
        return None
    silent = _minutes_since(report.get("mis_a_jour"), now)
    if report.get("statut") == "quitte" or (silent is not None and silent >= SILENT_AFTER_MIN):
        return _("le mode guidé est arrêté")
    on_step = _minutes_since(report.get("depuis"), now)
    if on_step is not None and on_step >= STUCK_AFTER_MIN:
        return _("même étape depuis {n} min", n=on_step)
    if int(report.get("aides", 0) or 0) >= HELP_FLAG:
        return _("a demandé de l'aide {n} fois", n=report.get("aides"))
    return None


def _step_title(report: dict) -> str:
    """The step's title in the reader's language (the report keeps it in French)."""
    from fabrique_kit.atelier.steps import guide_names, load_guide

    number = report.get("etape")
    if report.get("guide") in guide_names() and isinstance(number, int):
        steps = load_guide(report["guide"]).steps
        if 1 <= number <= len(steps):
            return steps[number - 1].title()
    return str(report.get("titre", ""))


def summary_lines(reports: list[dict], now: datetime) -> list[str]:
    """One line per table: its step, how long it has been there, and a flag if stuck."""
    if not reports:
        return [_("Aucun rapport pour l'instant.")]
    lines = []
    for report in reports:
        minutes = _minutes_since(report.get("depuis"), now)
        if report.get("statut") == "termine":
            where = _("terminé ({total} étapes)", total=report.get("total", "?"))
        else:
            where = _("étape {n}/{total} — {title}", n=report.get("etape", "?"),
                      total=report.get("total", "?"), title=_step_title(report))
        line = f"{report.get('table', '?'):<10} {where}"
        if minutes is not None and report.get("statut") != "termine":
            line += " " + _("(depuis {n} min)", n=minutes)
        reason = needs_a_visit(report, now)
        if reason:
            line += "  ⚠ " + _("à aller voir : {reason}", reason=reason)
        lines.append(line)
    return lines
