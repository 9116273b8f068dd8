"""The yearly bilan of the waiting counters: figures per place, month and half-day, in SQL.

The programme's yearly report counts, for each place: the people received, the people
turned away (« refus », count and share), the average and longest wait, the average
time with a person, the kinds of request of the people turned away. :func:`compute`
works them out **in SQLite** over the events of one or more counter files (a
year of a busy site is a million events: Python never holds them, only one row per
place, month and half-day), and :class:`Bilan` adds them up by place, by month or in
all. The page and the exports are in :mod:`~fabrique_kit.sources.counters.bilan_report`.

What the figures mean (the same rules as ``fabrique stats``):

- a ticket belongs to the morning (« matin ») when taken before 13:00, else to the
  afternoon (« après-midi »); a **session** is one half-day of one day at one place
  with at least one ticket or one person turned away;
- **received**: served, or still at a desk when its session ended; **absent**: called
  but did not come; **left without help**: still waiting when the session ended;
  **in progress**: waiting or at a desk in today's open session;
- **turned away share** = turned away / (tickets + turned away): of the people who came
  to the desk, how many could not be received;
- **wait**: minutes from the ticket to its first call (average and longest);
  **service**: minutes from the last call to « served » (average, known times only).

Example::

    bilan = compute([Path(".fabrique/compteurs/attente.sqlite3")], 2026)
    total = bilan.total()
    print(total.received, total.turned_away, f"{total.turned_away_share:.1%}")
    for place, figures in bilan.by_place().items():
        print(place, figures.wait_avg_min)
"""

from __future__ import annotations

import sqlite3
from collections import Counter as Tally
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from fabrique_kit.errors import FabriqueError
from fabrique_kit.i18n import _
from fabrique_kit.sources.counters.store import BUSY_TIMEOUT_MS

MORNING, AFTERNOON = "matin", "après-midi"
MIDDAY = "13:00"  # the hour (local time, as written in each event) that ends the morning

_PERIOD = f"CASE WHEN substr({{at}}, 12, 5) < '{MIDDAY}' THEN '{MORNING}' ELSE '{AFTERNOON}' END"

_TICKETS = f"""
WITH t AS (
    SELECT day, run, ticket,
           MAX(CASE WHEN kind = 'take' THEN place END) AS place,
           MIN(CASE WHEN kind = 'take' THEN at END) AS taken,
           MIN(CASE WHEN kind = 'call' THEN at END) AS first_call,
           MAX(CASE WHEN kind = 'call' THEN id END) AS last_call_id,
           MAX(CASE WHEN kind <> 'take' THEN id END) AS last_id,
           MAX(id) AS newest
    FROM events
    WHERE day BETWEEN :since AND :until AND ticket IS NOT NULL
    GROUP BY day, run, ticket
), ended AS (
    SELECT t.*, COALESCE(e.kind, 'take') AS final, e.at AS final_at, c.at AS last_call,
           (t.day = :today AND t.run = :today_run AND t.newest > :today_closed) AS live
    FROM t LEFT JOIN events e ON e.id = t.last_id LEFT JOIN events c ON c.id = t.last_call_id
    WHERE t.taken IS NOT NULL
), classed AS (
    SELECT place, day, {_PERIOD.format(at="taken")} AS period,
           CASE WHEN live = 1 AND final IN ('take', 'reopen', 'call') THEN 'in_progress'
                WHEN final IN ('served', 'call') THEN 'received'
                WHEN final = 'absent' THEN 'absent'
                ELSE 'left' END AS outcome,
           (julianday(first_call) - julianday(taken)) * 1440 AS wait,
           CASE WHEN final = 'served' THEN (julianday(final_at) - julianday(last_call)) * 1440 END AS service
    FROM ended
)
SELECT place, day, period, COUNT(*),
       SUM(outcome = 'received'), SUM(outcome = 'absent'), SUM(outcome = 'left'), SUM(outcome = 'in_progress'),
       SUM(MAX(wait, 0)), COUNT(wait), MAX(wait), SUM(MAX(service, 0)), COUNT(service)
FROM classed GROUP BY place, day, period
"""

_REFUSALS = f"""
SELECT place, day, {_PERIOD.format(at="at")}, COALESCE(request, ''), COUNT(*)
FROM turned_away WHERE day BETWEEN :since AND :until GROUP BY 1, 2, 3, 4
"""


@dataclass
class Figures:
    """The sums of one group (a place, a month, a half-day, or all); the averages are properties.

    Example: ``bilan.total().received_per_session`` → ``11.4``
    """

    tickets: int = 0
    received: int = 0
    absent: int = 0
    left_without_help: int = 0
    in_progress: int = 0
    turned_away: int = 0
    wait_sum_min: float = 0.0
    wait_count: int = 0
    wait_max_min: float | None = None
    service_sum_min: float = 0.0
    service_count: int = 0
    sessions: set[tuple[str, str, str]] = field(default_factory=set)  # (place, day, half-day)
    requests: Tally = field(default_factory=Tally)  # kind of request ('' : not said) -> people turned away

    @property
    def session_count(self) -> int:
        return len(self.sessions)

    @property
    def came(self) -> int:
        """People who came to the desk: tickets and people turned away."""
        return self.tickets + self.turned_away

    @property
    def turned_away_share(self) -> float | None:
        """Turned away / (tickets + turned away), from 0 to 1; None when nobody came."""
        return self.turned_away / self.came if self.came else None

    @property
    def wait_avg_min(self) -> float | None:
        return self.wait_sum_min / self.wait_count if self.wait_count else None

    @property
    def service_avg_min(self) -> float | None:
        return self.service_sum_min / self.service_count if self.service_count else None

    @property
    def received_per_session(self) -> float | None:
        return self.received / self.session_count if self.sessions else None

    def add(self, other: Figures) -> Figures:
        """Add ``other`` into this one (returns self). Example: ``Figures().add(row.figures)``"""
        for name in ("tickets", "received", "absent", "left_without_help", "in_progress", "turned_away",
                     "wait_sum_min", "wait_count", "service_sum_min", "service_count"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        if other.wait_max_min is not None:
            self.wait_max_min = max(self.wait_max_min or 0.0, other.wait_max_min)
        self.sessions |= other.sessions
        self.requests.update(other.requests)
        return self


@dataclass
class BilanRow:
    """The figures of one place, one month (``"2026-03"``) and one half-day (« matin », « après-midi »)."""

    place: str
    month: str
    period: str
    figures: Figures


@dataclass
class Bilan:
    """The bilan of a year (or one month of it): rows, and their sums by place, by month, in all.

    Example: ``compute(paths, 2026).by_month()["2026-03"].received``
    """

    year: int
    month: int | None
    rows: list[BilanRow]
    sources: list[str]  # the counter files read (their names)

    def places(self) -> list[str]:
        return sorted({row.place for row in self.rows})

    def months(self) -> list[str]:
        """Every month of the period, even without a ticket (``"2026-01"`` … ``"2026-12"``)."""
        if self.month is not None:
            return [f"{self.year}-{self.month:02d}"]
        return [f"{self.year}-{m:02d}" for m in range(1, 13)]

    def _sum(self, key) -> dict:
        out: dict = {}
        for row in self.rows:
            out.setdefault(key(row), Figures()).add(row.figures)
        return out

    def by_place(self) -> dict[str, Figures]:
        return dict(sorted(self._sum(lambda r: r.place).items()))

    def by_month(self) -> dict[str, Figures]:
        """Every month of the period (an empty one has empty figures)."""
        found = self._sum(lambda r: r.month)
        return {month: found.get(month, Figures()) for month in self.months()}

    def by_period(self) -> dict[str, Figures]:
        found = self._sum(lambda r: r.period)
        return {p: found[p] for p in (MORNING, AFTERNOON) if p in found}

    def by_place_and_month(self) -> dict[tuple[str, str], Figures]:
        return dict(sorted(self._sum(lambda r: (r.place, r.month)).items()))

    def total(self) -> Figures:
        out = Figures()
        for row in self.rows:
            out.add(row.figures)
        return out


def period_bounds(year: int, month: int | None = None) -> tuple[str, str]:
    """The first and last day of the year (or of its month), as ``YYYY-MM-DD`` texts.

    Example: ``period_bounds(2026, 2)`` → ``('2026-02-01', '2026-02-31')`` (a text bound: any day of February)
    """
    if not isinstance(year, int) or not 2000 <= year <= 2100:
        raise FabriqueError(_("« {year} » n'est pas une année.", year=year), field="annee",
                            hint=_("Par exemple : --annee 2026"))
    if month is None:
        return f"{year}-01-01", f"{year}-12-31"
    if not isinstance(month, int) or not 1 <= month <= 12:
        raise FabriqueError(_("« {month} » n'est pas un mois (de 1 à 12).", month=month), field="mois")
    return f"{year}-{month:02d}-01", f"{year}-{month:02d}-31"


def _open(path: Path) -> sqlite3.Connection:
    if not path.is_file():
        raise FabriqueError(_("Le fichier de compteur « {path} » n'existe pas.", path=path))
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
        conn.execute("PRAGMA temp_store = FILE")  # a year's grouping sorts on disk, not in memory
        conn.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()
    except sqlite3.Error as error:
        raise FabriqueError(_("Le fichier de compteur « {path} » est illisible ({error}).",
                              path=path, error=error),
                            hint=_("Un fichier abîmé est mis de côté au prochain démarrage du kit.")) from None
    return conn


def _read(path: Path, params: dict, rows: dict[tuple, Figures]) -> None:
    conn = _open(path)
    try:
        tables = {name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        today_run = conn.execute("SELECT COUNT(*) FROM events WHERE day = ? AND kind = 'reset'",
                                 (params["today"],)).fetchone()[0]
        today_closed = conn.execute(  # a ticket written before today's last closing is not in progress
            "SELECT COALESCE(MAX(id), 0) FROM events WHERE day = ? AND run = ? AND kind = 'close_session'",
            (params["today"], today_run)).fetchone()[0]
        for (place, day, period, tickets, received, absent, left, live, wait_sum, wait_n, wait_max,
             service_sum, service_n) in conn.execute(_TICKETS, {**params, "today_run": today_run,
                                                              "today_closed": today_closed}):
            place = place or ""
            figures = rows.setdefault((place, day[:7], period), Figures())
            figures.add(Figures(tickets, received, absent, left, live, 0, wait_sum or 0.0, wait_n,
                                None if wait_max is None else max(0.0, wait_max), service_sum or 0.0, service_n))
            figures.sessions.add((place, day, period))
        if "turned_away" in tables:
            for place, day, period, request, count in conn.execute(_REFUSALS, params):
                place = place or ""
                figures = rows.setdefault((place, day[:7], period), Figures())
                figures.turned_away += count
                figures.requests[request] += count
                figures.sessions.add((place, day, period))
    except sqlite3.Error as error:
        raise FabriqueError(_("Le fichier de compteur « {path} » est illisible ({error}).",
                              path=path, error=error)) from None
    finally:
        conn.close()


def compute(db_paths: Iterable[Path | str], year: int, month: int | None = None, *,
            today: date | None = None) -> Bilan:
    """The bilan of ``year`` (or of its ``month``) over the counter files ``db_paths``.

    Each file is read in SQLite, read-only (a running kit can keep writing); memory does
    not grow with the number of events. ``today`` (default: the system's day) tells
    which tickets are still in progress. Raises FabriqueError (French, with the file)
    when a file is missing or unreadable.

    Example::

        bilan = compute(find_counter_files("~/afficheur"), 2026, month=3)
        bilan.total().turned_away_share      # 0.218
    """
    since, until = period_bounds(year, month)
    params = {"since": since, "until": until, "today": (today or date.today()).isoformat()}
    rows: dict[tuple, Figures] = {}
    paths = [Path(p).expanduser() for p in db_paths]
    for path in paths:
        _read(path, params, rows)
    found = [BilanRow(place, month_, period, figures)
             for (place, month_, period), figures in sorted(rows.items(), key=lambda item: _order(item[0]))]
    return Bilan(year, month, found, [p.stem for p in paths])


def _order(key: tuple) -> tuple:
    place, month, period = key
    return place, month, 0 if period == MORNING else 1
