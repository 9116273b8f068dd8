"""Anonymous yearly figures from a waiting counter's events, as rows and as a CSV file.

One row per **day, half-day and place**: a ticket belongs to the morning (« matin »)
when it was taken before 13:00, to the afternoon (« après-midi ») otherwise. The
half-day is chosen by the time rather than by the "close the session" button so the
figures stay right when mediators forget to press it; the button still matters: the
tickets still waiting when a session is closed (or at the end of the day, or at a
reset) count as "left without help".

Figures of a row:

- ``tickets``: tickets taken; ``served``: people received (a ticket still at a desk at
  the end of its session counts as received); ``absent``: called but did not come;
  ``left_without_help``: still waiting when the session ended; ``in_progress``: waiting
  or at a desk right now (today only);
- ``wait_avg_min``, ``wait_median_min``: minutes from the ticket to its first call;
- ``service_avg_min``: minutes from the last call to "served" (known times only).

The CSV file is made for French spreadsheets: ``;`` between columns, decimal commas,
French headers, and UTF-8 with a BOM so that Excel shows the accents right.

Example::

    rows = stats(Path(".fabrique/compteurs/attente.sqlite3"), since="2026-01-01")
    write_csv(rows, "attente-2026.csv")
"""

from __future__ import annotations

import csv
import io
import statistics
from collections import defaultdict
from collections.abc import Iterable, Iterator
from datetime import date, datetime, time
from itertools import groupby
from os import PathLike
from pathlib import Path
from typing import IO, Any, Protocol

from fabrique_kit.clock import SYSTEM_CLOCK, Clock
from fabrique_kit.errors import FabriqueError
from fabrique_kit.files import write_atomically
from fabrique_kit.i18n import _
from fabrique_kit.sources.counters.events import Ticket, replay
from fabrique_kit.sources.counters.store import connect


class EventSource(Protocol):
    """What the figures need of a :class:`~fabrique_kit.sources.counters.counter.Counter`.

    Its name, its clock and its events: so this module reads a counter without importing
    it (the counter imports this module for its ``stats`` method).

    Example: ``stats(queue)`` (a Counter is an EventSource)
    """

    name: str
    clock: Clock

    def read_events(self, since: date | None = None, until: date | None = None) -> list[tuple]: ...


Source = EventSource | Path | str
"""A counter, or the path of its SQLite file."""

MIDDAY = time(13, 0)
MORNING, AFTERNOON = "matin", "après-midi"

COLUMNS = {  # row key -> French header of the CSV file
    "counter": "compteur",
    "day": "date",
    "period": "demi-journée",
    "place": "lieu",
    "tickets": "tickets",
    "served": "personnes reçues",
    "absent": "absents",
    "left_without_help": "partis sans aide",
    "in_progress": "en cours",
    "wait_avg_min": "attente moyenne (min)",
    "wait_median_min": "attente médiane (min)",
    "service_avg_min": "durée moyenne d'accompagnement (min)",
}


def parse_day(value: Any, *, field_name: str = "date") -> date | None:
    """A day from ``date``, ``datetime``, ``"2026-11-23"`` or ``"23/11/2026"`` (None stays None)."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise FabriqueError(_("« {value} » n'est pas une date.", value=text), field=field_name,
                        hint=_("Écrivez la date ainsi : 2026-11-23 ou 23/11/2026."))


_ORDERED = ("SELECT day, run, at, kind, ticket, desk, place FROM events WHERE day BETWEEN ? AND ? "
            "ORDER BY day, run, id")


def _file_rows(path: Path | str, since: date | None, until: date | None) -> Iterator[tuple]:
    """The events of a counter file run by run, read as they go (a year never sits in memory)."""
    conn = connect(path, create=False)
    try:
        bounds = (since.isoformat() if since else "0000-00-00", until.isoformat() if until else "9999-99-99")
        yield from conn.execute(_ORDERED, bounds)
    finally:
        conn.close()


def _events(source: Source, since: date | None, until: date | None) -> tuple[str, Iterable[tuple]]:
    if not isinstance(source, str | PathLike):  # a counter: its rows, run by run
        return source.name, sorted(source.read_events(since, until), key=lambda row: (row[0], row[1]))
    return Path(source).stem, _file_rows(source, since, until)


def _runs(rows: Iterable[tuple]) -> Iterator[tuple[str, int, list[tuple]]]:
    """``(day, run, events)`` for each numbering run of rows ordered by day and run."""
    for (day, run), group in groupby(rows, key=lambda row: (row[0], row[1])):
        yield day, run, [(at, kind, ticket, desk, place) for _d, _r, at, kind, ticket, desk, place in group]


def tickets_of(source: Source, since=None, until=None, *,
               clock: Clock | None = None) -> Iterator[tuple[str, str, bool, Ticket]]:
    """Every ticket of the period as ``(counter, day, live, Ticket)``, one run after the other.

    ``live`` is True for today's tickets of the current numbering (their session is not
    over, so a waiting ticket has not "left" yet). Only one run is in memory at a time.
    """
    since, until = parse_day(since, field_name="since"), parse_day(until, field_name="until")
    clock = clock or (SYSTEM_CLOCK if isinstance(source, str | PathLike) else source.clock)
    today = clock.now().date().isoformat()
    name, rows = _events(source, since, until)
    pending: tuple[str, int, list[tuple]] | None = None  # a run is live only if it is today's last
    for found in _runs(rows):
        if pending is not None:
            yield from _tickets(name, pending, today, last=pending[0] != found[0])
        pending = found
    if pending is not None:
        yield from _tickets(name, pending, today, last=True)


def _tickets(name: str, found: tuple[str, int, list[tuple]], today: str, *, last: bool):
    day, _run, events = found
    live = day == today and last and events[-1][1] != "reset"
    for ticket in replay(events).tickets.values():
        yield name, day, live, ticket


def _period(ticket: Ticket, midday: time) -> str:
    return MORNING if ticket.taken_at.time() < midday else AFTERNOON


def _minutes(start: datetime | None, end: datetime | None) -> float | None:
    if start is None or end is None:
        return None
    return max(0.0, (end - start).total_seconds() / 60)


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def summarise(tickets: Iterable[tuple[str, str, bool, Ticket]]) -> dict[str, Any]:
    """The figures (without the grouping columns) of a list from :func:`tickets_of`."""
    counts = {"tickets": 0, "served": 0, "absent": 0, "left_without_help": 0, "in_progress": 0}
    waits: list[float | None] = []
    services: list[float | None] = []
    for _name, _day, live, ticket in tickets:
        counts["tickets"] += 1
        state = ticket.state
        if live and state in ("waiting", "called"):
            counts["in_progress"] += 1
        elif state in ("served", "called"):
            counts["served"] += 1
            if state == "served":
                services.append(_minutes(ticket.last_call_at, ticket.finished_at))
        elif state == "absent":
            counts["absent"] += 1
        else:  # waiting at the end of its session, or closed while waiting
            counts["left_without_help"] += 1
        waits.append(_minutes(ticket.taken_at, ticket.first_call_at))
    known_waits = [w for w in waits if w is not None]
    known_services = [s for s in services if s is not None]
    return {
        **counts,
        "wait_avg_min": _round(statistics.fmean(known_waits)) if known_waits else None,
        "wait_median_min": _round(statistics.median(known_waits)) if known_waits else None,
        "service_avg_min": _round(statistics.fmean(known_services)) if known_services else None,
    }


def stats(source: Source, since=None, until=None, *,
          clock: Clock | None = None, midday: time = MIDDAY) -> list[dict[str, Any]]:
    """One row of anonymous figures per day, half-day and place (see the module's text).

    ``source`` is a :class:`~fabrique_kit.sources.counters.counter.Counter` or the path
    of its SQLite file; ``since`` and ``until`` are days included (``date`` or
    ``"2026-11-23"``).

    Example::

        for row in stats(queue, since="2026-11-01"):
            print(row["day"], row["period"], row["served"], row["wait_avg_min"])
    """
    rows: list[dict[str, Any]] = []
    groups: dict[tuple, list] = defaultdict(list)
    current_day = None

    def flush() -> None:  # a day is over (the rows come day by day): its rows are final
        for (name, day, _order, period, place), entries in sorted(groups.items()):
            rows.append({"counter": name, "day": day, "period": period, "place": place, **summarise(entries)})
        groups.clear()

    for entry in tickets_of(source, since, until, clock=clock):
        name, day, _live, ticket = entry
        if day != current_day:
            flush()
            current_day = day
        period = _period(ticket, midday)
        groups[(name, day, 0 if period == MORNING else 1, period, ticket.place)].append(entry)
    flush()
    return rows


def total(source: Source, since=None, until=None, *,
          clock: Clock | None = None) -> dict[str, Any]:
    """The same figures for the whole period at once (for the yearly report).

    Example::

        total(queue, since="2026-01-01", until="2026-12-31")["served"]
    """
    return summarise(tickets_of(source, since, until, clock=clock))


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.1f}".replace(".", ",")
    return str(value)


def write_csv(rows: list[dict[str, Any]], path_or_file: Path | str | IO[str]) -> None:
    """Write ``rows`` (from :func:`stats`) as a CSV file for French spreadsheets.

    ``;`` between columns, decimal commas, French headers, UTF-8 with a BOM (the BOM is
    what makes Excel read the accents right; LibreOffice accepts it too).

    Example::

        write_csv(stats(queue), "statistiques.csv")
    """
    if isinstance(path_or_file, str | Path):  # replaced in one step, like every file of the kit
        write_atomically(path_or_file, csv_text(rows, bom=True))
    else:
        if getattr(path_or_file, "tell", None) and _at_start(path_or_file):
            path_or_file.write("\ufeff")
        _write_rows(rows, path_or_file)


def csv_text(rows: list[dict[str, Any]], *, bom: bool = True) -> str:
    """The CSV file of ``rows`` as text (for a download from the web app).

    Example::

        Response(csv_text(stats(queue)), mimetype="text/csv; charset=utf-8")
    """
    handle = io.StringIO()
    if bom:
        handle.write("\ufeff")
    _write_rows(rows, handle)
    return handle.getvalue()


def _at_start(handle: IO[str]) -> bool:
    try:
        return handle.tell() == 0
    except (OSError, ValueError):
        return False


def _write_rows(rows: list[dict[str, Any]], handle: IO[str]) -> None:
    writer = csv.writer(handle, delimiter=";", lineterminator="\r\n")
    writer.writerow(COLUMNS.values())
    for row in rows:
        writer.writerow(_cell(row.get(key)) for key in COLUMNS)


def period_label(period: str) -> str:
    """« matin » / « après-midi » in the reader's language."""
    if period == MORNING:
        return _("matin")
    if period == AFTERNOON:
        return _("après-midi")
    return period


def format_table(rows: list[dict[str, Any]], summary: dict[str, Any] | None = None) -> str:
    """A readable text table of ``rows`` (the ``fabrique stats`` output).

    Example::

        print(format_table(stats(queue), total(queue)))
    """
    if not rows:
        return _("Aucun ticket sur cette période.")
    headers = [_("Date"), _("Demi-journée"), _("Lieu"), _("Tickets"), _("Reçus"), _("Absents"),
               _("Partis sans aide"), _("En cours"), _("Attente moy."), _("Attente méd."),
               _("Accompagnement moy.")]
    keys = ["day", "period", "place", "tickets", "served", "absent", "left_without_help",
            "in_progress", "wait_avg_min", "wait_median_min", "service_avg_min"]

    def line(row: dict) -> list[str]:
        cells = []
        for key in keys:
            value = row.get(key)
            if key == "period" and value:
                value = period_label(value)
            if key.endswith("_min"):
                value = "—" if value is None else f"{_cell(value)} min"
            cells.append("" if value is None else str(value))
        return cells

    table = [headers] + [line(row) for row in rows]
    if summary is not None:
        table.append(line({"day": _("Total"), **summary}))
    widths = [max(len(r[i]) for r in table) for i in range(len(headers))]
    numeric = set(range(3, len(headers)))
    out = io.StringIO()
    for index, row in enumerate(table):
        cells = [c.rjust(w) if i in numeric else c.ljust(w) for i, (c, w) in enumerate(zip(row, widths, strict=True))]
        out.write("  ".join(cells).rstrip() + "\n")
        if index == 0 or (summary is not None and index == len(table) - 2):
            out.write("  ".join("-" * w for w in widths) + "\n")
    return out.getvalue().rstrip("\n")
