"""The admin page of the yearly bilan: the figures of this kit's counters for a year (or one
month of it), the printable page with its charts, and the CSV and ODS exports.

The figures come from the counters' own bilan (:mod:`fabrique_kit.sources.counters.bilan`,
computed in SQL over the events) and its report (:mod:`~fabrique_kit.sources.counters.bilan_report`:
pygal charts, CSV with ``;`` and BOM, ODS). The printable page keeps its own stylesheet,
allowed by its hash in that page's Content-Security-Policy (nothing else inline).

Example::

    GET /admin/bilan?annee=2026&mois=3
    GET /admin/bilan/imprimer?annee=2026           the page to print (to PDF)
    GET /admin/bilan/export.ods?annee=2026
"""

from __future__ import annotations

import base64
import hashlib
import re

from flask import Blueprint, Response, abort, render_template, request

from fabrique_kit.web.auth import login_required
from fabrique_kit.web.context import web_context
from fabrique_kit.web.security import CONTENT_SECURITY_POLICY

bilan = Blueprint("bilan", __name__, url_prefix="/admin/bilan")


def _period() -> tuple[int, int | None]:
    kit = web_context().kit
    year = request.args.get("annee", type=int) or kit.state.clock.now().year
    month = request.args.get("mois", type=int)
    if not 2000 <= year <= 2100 or (month is not None and not 1 <= month <= 12):
        abort(404)
    return year, month


def _bilan():
    kit = web_context().kit
    if not hasattr(kit, "bilan") or not kit.counters():
        abort(404)
    return kit.bilan(*_period())


def _file_name(year: int, month: int | None, suffix: str) -> str:
    return f"bilan-{year}{f'-{month:02d}' if month else ''}.{suffix}"


@bilan.get("")
@login_required
def page():
    """The year's (or month's) figures, with the links to print and export them."""
    from fabrique_kit.sources.counters import bilan_report

    figures = _bilan()
    year, month = _period()
    return render_template(
        "bilan.html", bilan=figures, total=figures.total(), year=year, month=month,
        by_place=figures.by_place(), number=bilan_report.number, percent=bilan_report.percent,
        request_label=bilan_report.request_label, kinds=bilan_report.request_kinds(figures),
        month_label=bilan_report.month_label,
    )


def style_hashes(html: str) -> str:
    """The CSP sources of the page's own ``<style>`` blocks (``'sha256-…'``)."""
    blocks = re.findall(r"<style[^>]*>(.*?)</style>", html, flags=re.S)
    digests = {base64.b64encode(hashlib.sha256(block.encode()).digest()).decode() for block in blocks}
    return " ".join(f"'sha256-{d}'" for d in sorted(digests))


@bilan.get("/imprimer")
@login_required
def printable():
    """The printable page (HTML ready to print to PDF), with its charts."""
    from fabrique_kit.sources.counters.bilan_report import render_html

    year, month = _period()
    query = f"?annee={year}" + (f"&mois={month}" if month else "")
    html = render_html(_bilan(), exports={"CSV": f"export.csv{query}", "ODS": f"export.ods{query}"})
    policy = CONTENT_SECURITY_POLICY.replace("style-src 'self'", f"style-src 'self' {style_hashes(html)}".strip())
    return Response(html, mimetype="text/html", headers={"Content-Security-Policy": policy})


@bilan.get("/export.<kind>")
@login_required
def export(kind: str):
    """The bilan as a spreadsheet: CSV (``;``, decimal commas, BOM) or ODS."""
    from fabrique_kit.sources.counters.bilan_report import csv_text, ods_bytes

    year, month = _period()
    if kind == "csv":
        body, mimetype = csv_text(_bilan()).encode("utf-8"), "text/csv"
    elif kind == "ods":
        body, mimetype = ods_bytes(_bilan()), "application/vnd.oasis.opendocument.spreadsheet"
    else:
        abort(404)
    name = _file_name(year, month, kind)
    return Response(body, mimetype=mimetype, headers={"Content-Disposition": f'attachment; filename="{name}"'})
