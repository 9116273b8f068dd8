"""The bilan as people read it: a printable HTML page with its charts, a CSV and an ODS file.

:func:`write_html` writes the page (A4, ready to print to PDF from any browser, in the
current language: French, or English with ``--lang en``) with the charts drawn by
`pygal <https://www.pygal.org>`_ as inline SVG (no script, no network). :func:`write_csv`
writes the figures for French spreadsheets (``;``, decimal commas, UTF-8 with a BOM);
:func:`write_ods` the same figures as an OpenDocument spreadsheet (with odfpy, the
library pandas itself uses to write ODS). :func:`write_all` writes the three side by
side. The page's template is ``bilan.html`` beside this file (Jinja2, escaped).

Example::

    bilan = compute(paths, 2026)
    write_all(bilan, Path("bilan.html"))    # bilan.html, bilan.csv, bilan.ods
    html = render_html(bilan)               # the page as text (for the admin)
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from babel.dates import format_date
from babel.numbers import format_decimal, format_percent

from fabrique_kit.files import write_atomically
from fabrique_kit.i18n import _, get_language
from fabrique_kit.sources.counters.bilan import AFTERNOON, MORNING, Bilan, Figures

TEMPLATE = Path(__file__).with_name("bilan.html")
_SCRIPT = re.compile(r"<script\b.*?</script>", re.S)
NOT_SAID = ""  # a person turned away without a kind of request


def _locale() -> str:
    return "fr_FR" if get_language() == "fr" else "en_GB"


def number(value: float | int | None, digits: int = 1) -> str:
    """A number as the reader writes it (``21,8`` in French); ``—`` when unknown.

    Example: ``number(21.84)`` → ``'21,8'`` (French)
    """
    if value is None:
        return "—"
    if isinstance(value, int):
        return format_decimal(value, locale=_locale())
    return format_decimal(round(value, digits), format="#,##0." + "0" * digits, locale=_locale())


def percent(value: float | None) -> str:
    """A share as a percentage (``21,8 %`` in French); ``—`` when unknown."""
    if value is None:
        return "—"
    return format_percent(value, format="#,##0.0 %", locale=_locale())


def month_label(month: str, *, short: bool = False) -> str:
    """``"2026-03"`` → ``mars 2026`` (or ``mars`` with ``short``)."""
    year, number_ = (int(part) for part in month.split("-"))
    return format_date(date(year, number_, 1), "LLL" if short else "LLLL y", locale=_locale())


def period_label(period: str) -> str:
    return {MORNING: _("matin"), AFTERNOON: _("après-midi")}.get(period, period)


def request_label(kind: str) -> str:
    return kind if kind != NOT_SAID else _("non précisé")


def columns() -> list[tuple[str, Callable[[Figures], Any]]]:
    """The figures' columns: ``(header, figure)``, headers in the current language."""
    return [
        (_("permanences"), lambda f: f.session_count),
        (_("tickets"), lambda f: f.tickets),
        (_("personnes reçues"), lambda f: f.received),
        (_("reçues par permanence"), lambda f: f.received_per_session),
        (_("absents"), lambda f: f.absent),
        (_("partis sans aide"), lambda f: f.left_without_help),
        (_("en cours"), lambda f: f.in_progress),
        (_("refus"), lambda f: f.turned_away),
        (_("part des refus (%)"), lambda f: None if f.turned_away_share is None else 100 * f.turned_away_share),
        (_("attente moyenne (min)"), lambda f: f.wait_avg_min),
        (_("attente la plus longue (min)"), lambda f: f.wait_max_min),
        (_("durée moyenne d'accompagnement (min)"), lambda f: f.service_avg_min),
    ]


def request_kinds(bilan: Bilan) -> list[str]:
    """The kinds of request met in the bilan, the most frequent first (« not said » last)."""
    tally = bilan.total().requests
    return sorted(tally, key=lambda k: (k == NOT_SAID, -tally[k], k))


def table_rows(bilan: Bilan) -> list[list[Any]]:
    """The spreadsheet's rows: a header, one row per place, month and half-day, then the total."""
    cols = columns()
    kinds = request_kinds(bilan)
    header = [_("lieu"), _("mois"), _("demi-journée")] + [h for h, _f in cols]
    header += [_("refus : {kind}", kind=request_label(k)) for k in kinds]
    rows: list[list[Any]] = [header]

    def line(first: list[Any], figures: Figures) -> list[Any]:
        values = [f(figures) for _h, f in cols]
        return first + [round(v, 1) if isinstance(v, float) else v for v in values] + \
            [figures.requests.get(k, 0) for k in kinds]

    for row in bilan.rows:
        rows.append(line([row.place, row.month, period_label(row.period)], row.figures))
    rows.append(line([_("Total"), str(bilan.year), ""], bilan.total()))
    return rows


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.1f}".replace(".", ",")
    return str(value)


def csv_text(bilan: Bilan) -> str:
    """The CSV file as text: ``;``, decimal commas, UTF-8 BOM (Excel then reads the accents right)."""
    handle = io.StringIO()
    handle.write("\ufeff")
    writer = csv.writer(handle, delimiter=";", lineterminator="\r\n")
    for row in table_rows(bilan):
        writer.writerow(_cell(v) for v in row)
    return handle.getvalue()


def write_csv(bilan: Bilan, path: Path | str) -> Path:
    """Write the CSV file (replaced in one step). Example: ``write_csv(bilan, "bilan.csv")``"""
    write_atomically(path, csv_text(bilan))
    return Path(path)


def ods_bytes(bilan: Bilan) -> bytes:
    """The ODS spreadsheet: a sheet of rows by place, month and half-day, one by month, one of requests."""
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    document = OpenDocumentSpreadsheet()

    def sheet(name: str, rows: list[list[Any]]) -> None:
        table = Table(name=name[:31])
        for values in rows:
            row = TableRow()
            for value in values:
                if isinstance(value, int | float) and not isinstance(value, bool):
                    cell = TableCell(valuetype="float", value=value)
                    cell.addElement(P(text=_cell(value)))
                else:
                    cell = TableCell(valuetype="string")
                    cell.addElement(P(text="" if value is None else str(value)))
                row.addElement(cell)
            table.addElement(row)
        document.spreadsheet.addElement(table)

    sheet(_("Par lieu et mois"), table_rows(bilan))
    cols = columns()
    sheet(_("Par mois"), [[_("mois")] + [h for h, _f in cols]] +
          [[month_label(m)] + [f(figures) for _h, f in cols] for m, figures in bilan.by_month().items()])
    tally = bilan.total().requests
    sheet(_("Types de demande"), [[_("type de demande"), _("refus")]] +
          [[request_label(k), tally[k]] for k in request_kinds(bilan)])
    out = io.BytesIO()
    document.write(out)
    return out.getvalue()


def write_ods(bilan: Bilan, path: Path | str) -> Path:
    """Write the ODS file (replaced in one step). Example: ``write_ods(bilan, "bilan.ods")``"""
    write_atomically(path, ods_bytes(bilan))
    return Path(path)


def charts(bilan: Bilan) -> dict[str, str]:
    """The page's charts as inline SVG texts (pygal, no script): by month, waits, kinds of request."""
    import pygal
    from pygal.style import Style

    style = Style(background="white", plot_background="white", foreground="#1a1a1a",
                  foreground_strong="#000000", foreground_subtle="#555555",
                  colors=("#1f5fa8", "#c0392b", "#2e7d32", "#8e44ad", "#d35400", "#555555"),
                  font_family="sans-serif", title_font_size=18, label_font_size=13,
                  major_label_font_size=13, legend_font_size=14, value_font_size=12)
    common = {"style": style, "js": [], "disable_xml_declaration": True, "width": 860, "height": 380,
              "explicit_size": False, "legend_at_bottom": True, "print_values": False}
    months = bilan.by_month()
    labels = [month_label(m, short=True) for m in months]
    out = {}
    people = pygal.Bar(title=_("Personnes reçues et refus, par mois"), **common)
    people.x_labels = labels
    people.add(_("personnes reçues"), [f.received for f in months.values()])
    people.add(_("refus"), [f.turned_away for f in months.values()])
    out["people"] = _svg(people)
    waits = pygal.Line(title=_("Attente et accompagnement moyens, par mois (min)"), **common)
    waits.x_labels = labels
    waits.value_formatter = lambda v: number(v)
    waits.add(_("attente moyenne"), [_rounded(f.wait_avg_min) for f in months.values()])
    waits.add(_("accompagnement moyen"), [_rounded(f.service_avg_min) for f in months.values()])
    out["waits"] = _svg(waits)
    tally = bilan.total().requests
    if tally:
        kinds = pygal.HorizontalBar(title=_("Types de demande des personnes refusées"), **common)
        for kind in reversed(request_kinds(bilan)):
            kinds.add(request_label(kind), tally[kind])
        out["requests"] = _svg(kinds)
    return out


def _svg(chart) -> str:
    """The chart's SVG without pygal's tooltip settings script (no script runs in the page; a
    Content-Security-Policy without scripts accepts it)."""
    return _SCRIPT.sub("", chart.render(is_unicode=True))


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def render_html(bilan: Bilan, *, exports: dict[str, str] | None = None) -> str:
    """The printable page as text, in the current language (``exports``: label → file name to link).

    Example: ``render_html(bilan, exports={"CSV": "bilan.csv", "ODS": "bilan.ods"})``
    """
    from jinja2 import Environment, select_autoescape

    environment = Environment(autoescape=select_autoescape(default=True), trim_blocks=True, lstrip_blocks=True)
    template = environment.from_string(TEMPLATE.read_text(encoding="utf-8"))
    period = str(bilan.year) if bilan.month is None else month_label(f"{bilan.year}-{bilan.month:02d}")
    total = bilan.total()
    return template.render(
        _=_, lang=get_language(), bilan=bilan, period=period, total=total, number=number, percent=percent,
        month_label=month_label, period_label=period_label, request_label=request_label,
        kinds=request_kinds(bilan), charts=charts(bilan), exports=exports or {},
        by_place=bilan.by_place(), by_month=bilan.by_month(), by_place_and_month=bilan.by_place_and_month(),
    )


def write_html(bilan: Bilan, path: Path | str, *, exports: dict[str, str] | None = None) -> Path:
    """Write the printable page (replaced in one step). Example: ``write_html(bilan, "bilan.html")``"""
    write_atomically(path, render_html(bilan, exports=exports))
    return Path(path)


def summary_text(bilan: Bilan) -> str:
    """The bilan's figures as text to print in a terminal: the total, then each place and month.

    Example: ``print(summary_text(bilan))``
    """
    def line(label: str, f: Figures) -> str:
        return _("{label} : {received} personnes reçues, {refused} refus ({share}), {sessions} permanences, "
                 "attente moyenne {wait} min (la plus longue {longest} min), accompagnement moyen {service} min",
                 label=label, received=number(f.received), refused=number(f.turned_away),
                 share=percent(f.turned_away_share), sessions=number(f.session_count),
                 wait=number(f.wait_avg_min), longest=number(f.wait_max_min), service=number(f.service_avg_min))

    period = str(bilan.year) if bilan.month is None else month_label(f"{bilan.year}-{bilan.month:02d}")
    lines = [_("Bilan des permanences — {period}", period=period), line(_("Total"), bilan.total())]
    places = bilan.by_place()
    if len(places) > 1:
        lines += ["", *(line(place or "—", f) for place, f in places.items())]
    lines += ["", *(line(month_label(m), f) for m, f in bilan.by_month().items() if f.came)]
    tally = bilan.total().requests
    if tally:
        kinds = ", ".join(f"{request_label(k)} {tally[k]}" for k in request_kinds(bilan))
        lines += ["", _("Types de demande des refus : {kinds}", kinds=kinds)]
    return "\n".join(lines)


def write_all(bilan: Bilan, html_path: Path | str) -> list[Path]:
    """The page and, beside it with the same name, its CSV and ODS exports; returns the three paths.

    Example: ``write_all(bilan, "bilan.html")`` → ``[…/bilan.html, …/bilan.csv, …/bilan.ods]``
    """
    page = Path(html_path)
    csv_path, ods_path = page.with_suffix(".csv"), page.with_suffix(".ods")
    write_csv(bilan, csv_path)
    write_ods(bilan, ods_path)
    write_html(bilan, page, exports={"CSV": csv_path.name, "ODS": ods_path.name})
    return [page, csv_path, ods_path]
