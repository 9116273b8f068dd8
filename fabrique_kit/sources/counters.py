"""Waiting counters: queue tickets for drop-in help desks, safe against power cuts.

A :class:`Counter` stores **events** in a small SQLite file: a ticket taken, a number
called to a desk, a person served or absent, a ticket reopened, a session closed, a
reset. Only times, ticket numbers and desk numbers are stored — never a name or any
personal data. What the screen shows (the number called, who waits, the estimated
wait) is worked out from these events, and so are the yearly figures
(:mod:`fabrique_kit.sources.counters_stats`).

How the tickets live:

- ``take_ticket()`` gives the next number; the first ticket of a day is 1;
- ``call_next(desk)`` calls the smallest waiting number to ``desk``; the person who was
  at that desk is noted as served (so two buttons, "take" and "next", are enough);
- ``served()`` / ``absent()`` end the ticket called at a desk (or a given ticket);
- ``reopen(ticket)`` puts an absent (or closed) ticket back in the queue, in its place;
- ``close_session()`` ends the session: the people at a desk are noted as served, the
  tickets still waiting as "left without help"; the next ticket opens a new session
  and the numbers go on;
- ``reset()`` does the same and starts the numbers again at 1.

Every action is one ``BEGIN IMMEDIATE`` transaction in WAL mode with
``synchronous=FULL``: once an action returned, it survives a power cut, and two actions
at the same instant (threads or processes) never share or lose a number.

Example::

    from fabrique_kit.sources.counters import Counter
    queue = Counter("attente", db_path=Path("/tmp/attente.sqlite3"), desks=2)
    queue.take_ticket()         # 1
    queue.take_ticket()         # 2
    queue.call_next(desk=2)     # 1
    queue.status().waiting      # 1
"""

from __future__ import annotations

import math
import re
import sqlite3
import statistics
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from fabrique_kit.clock import SYSTEM_CLOCK, Clock
from fabrique_kit.errors import FabriqueError
from fabrique_kit.i18n import _
from fabrique_kit.model import DeskStatus, QueueStatus

KINDS = ("take", "call", "served", "absent", "reopen", "close_session", "reset")
DEFAULT_SERVICE_MIN = 21.0  # average time with one person (programme's 2023 report)
RECENT_SERVICES = 20  # how many recent service times the wait estimate uses
BUSY_TIMEOUT_MS = 10_000
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,39}")

SCHEMA = """
CREATE TABLE IF NOT EXISTS events (
    id     INTEGER PRIMARY KEY AUTOINCREMENT,
    at     TEXT    NOT NULL,            -- local time with its offset, ISO 8601
    day    TEXT    NOT NULL,            -- the service day, YYYY-MM-DD (Europe/Paris)
    run    INTEGER NOT NULL DEFAULT 0,  -- resets by hand before it on that day
    kind   TEXT    NOT NULL CHECK (kind IN ('take', 'call', 'served', 'absent',
                                            'reopen', 'close_session', 'reset')),
    ticket INTEGER,
    desk   INTEGER,
    place  TEXT    NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX IF NOT EXISTS one_take_per_number
    ON events (day, run, ticket) WHERE kind = 'take';
CREATE INDEX IF NOT EXISTS events_by_day ON events (day, run, id);
"""


def check_counter_name(name: str) -> str:
    """``name`` if it can name a counter (letters, digits, ``_``, ``-``); else FabriqueError."""
    if not isinstance(name, str) or not _NAME.fullmatch(name):
        raise FabriqueError(
            _("« {name} » ne peut pas être le nom d'un compteur.", name=name),
            field="name",
            hint=_("Utilisez des lettres sans accent, des chiffres, - ou _ (par exemple « attente »)."),
        )
    return name


def counter_db_path(project_dir: Path | str, name: str) -> Path:
    """Where a project keeps the events of the counter ``name``.

    Example::

        counter_db_path("~/afficheur", "attente")
        # PosixPath('/home/pi/afficheur/.fabrique/compteurs/attente.sqlite3')
    """
    return Path(project_dir).expanduser() / ".fabrique" / "compteurs" / f"{check_counter_name(name)}.sqlite3"


def connect(db_path: Path | str, *, create: bool = True) -> sqlite3.Connection:
    """Open a counter's SQLite file in WAL mode with full durability (and create its table).

    With ``create=False`` a missing file is a FabriqueError instead of a new empty file.
    """
    path = Path(db_path)
    if not create and not path.exists():
        raise FabriqueError(_("Le fichier de compteur « {path} » n'existe pas.", path=path))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None,
                               check_same_thread=False)
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = FULL")
        if create:
            conn.executescript("BEGIN IMMEDIATE;" + SCHEMA + "PRAGMA user_version = 1; COMMIT;")
    except sqlite3.Error as error:
        raise FabriqueError(
            _("Impossible d'ouvrir le fichier de compteur « {path} » ({error}).", path=path, error=error)
        ) from None
    return conn


@dataclass
class Ticket:
    """One ticket's life, worked out from the events (no personal data)."""

    number: int
    taken_at: datetime
    place: str = ""
    state: str = "waiting"  # waiting, called, served, absent, left
    desk: int | None = None
    first_call_at: datetime | None = None
    last_call_at: datetime | None = None
    finished_at: datetime | None = None


@dataclass
class Run:
    """The tickets of one numbering run (a day, or the part of a day after a reset)."""

    tickets: dict[int, Ticket]
    open: bool = True
    last_called: tuple[int, int] | None = None  # (ticket, desk)

    def waiting(self) -> list[int]:
        return sorted(n for n, t in self.tickets.items() if t.state == "waiting")

    def at_desk(self, desk: int) -> int | None:
        for number, ticket in self.tickets.items():
            if ticket.state == "called" and ticket.desk == desk:
                return number
        return None


def replay(events: list[tuple]) -> Run:
    """Work out the tickets from ``(at, kind, ticket, desk, place)`` events of one run."""
    run = Run(tickets={})
    for at_text, kind, number, desk, place in events:
        at = datetime.fromisoformat(at_text)
        ticket = run.tickets.get(number) if number is not None else None
        if kind == "take":
            run.tickets[number] = Ticket(number, at, place or "")
            run.open = True
        elif kind in ("close_session", "reset"):
            for other in run.tickets.values():
                if other.state == "waiting":
                    other.state, other.finished_at = "left", at
            run.open = False
        elif ticket is None:
            continue
        elif kind == "call":
            ticket.state, ticket.desk, ticket.last_call_at = "called", desk, at
            ticket.first_call_at = ticket.first_call_at or at
            run.last_called = (number, desk)
        elif kind in ("served", "absent"):
            ticket.state, ticket.finished_at = kind, at
        elif kind == "reopen":
            ticket.state, ticket.desk, ticket.finished_at = "waiting", None, None
            run.open = True
    return run


class Counter:
    """A waiting counter (queue tickets) kept in a SQLite file; see the module's text.

    Example::

        queue = Counter("attente", db_path=counter_db_path(".", "attente"))
        queue.attach(state)                 # the kit does it; the status goes in the state
        queue.register_actions(actions)     # "attente.take_ticket", "attente.call_next", ...
        queue.take_ticket()
    """

    every = 60.0  # the kit refreshes it each minute (a new day starts at 1)

    def __init__(
        self,
        name: str = "attente",
        db_path: Path | str | None = None,
        clock: Clock = SYSTEM_CLOCK,
        desks: int = 1,
        *,
        place: str = "",
    ):
        self.name = check_counter_name(name)
        self.db_path = Path(db_path) if db_path is not None else counter_db_path(Path.cwd(), name)
        self.clock = clock
        self.desks = max(1, int(desks))
        self.place = str(place or "")
        self._lock = threading.RLock()
        self._conn: sqlite3.Connection | None = connect(self.db_path)
        self._state = None

    # -- the kit's side ----------------------------------------------------------
    def attach(self, state) -> QueueStatus:
        """Write the status into ``state`` now and after each action."""
        self._state = state
        return self._publish()

    def refresh(self, state) -> float | None:
        """Sources contract: re-read the file (a new day, another process's actions).

        Example: ``queue.refresh(kit.state)`` (the kit calls it every minute)
        """
        self._state = state
        try:
            self._publish()
        except Exception as error:  # a source never breaks the kit
            state.fail(self.name, _("compteur illisible ({error})", error=type(error).__name__))
        return None

    def close(self) -> None:
        """Close the SQLite file.

        Example: ``queue.close()`` (the kit does it)
        """
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None

    def register_actions(self, actions) -> None:
        """Register ``<name>.take_ticket``, ``<name>.call_next``... on ``actions``."""
        labels = {
            "take_ticket": _("Prendre un ticket"),
            "call_next": _("Appeler le suivant"),
            "served": _("Personne reçue"),
            "absent": _("Personne absente"),
            "reopen": _("Remettre un ticket dans la file"),
            "close_session": _("Fermer la permanence"),
            "reset": _("Remettre le compteur à zéro"),
        }
        for action, label in labels.items():
            actions.register(f"{self.name}.{action}", getattr(self, action), label=label)

    # -- actions -------------------------------------------------------------------
    def take_ticket(self) -> int:
        """Give the next ticket number (1 for the first of the day or after a reset).

        Example: ``kit.button(17, "Prendre un ticket").when_pressed = queue.take_ticket``
        """
        with self._transaction() as (conn, day, run):
            last = conn.execute(
                "SELECT MAX(ticket) FROM events WHERE day = ? AND run = ? AND kind = 'take'",
                (day, run),
            ).fetchone()[0]
            number = (last or 0) + 1
            self._insert(conn, day, run, "take", number)
        self._publish()
        return number

    def call_next(self, desk: int = 1) -> int | None:
        """Call the smallest waiting number to ``desk``; None when nobody waits.

        The person who was at that desk is noted as served.
        """
        desk = self._desk(desk)
        with self._transaction() as (conn, day, run):
            tickets = self._run(conn, day, run)
            current = tickets.at_desk(desk)
            if current is not None:
                self._insert(conn, day, run, "served", current, desk)
            waiting = tickets.waiting()
            number = waiting[0] if waiting else None
            if number is not None:
                self._insert(conn, day, run, "call", number, desk)
        self._publish()
        return number

    def served(self, ticket: int | None = None, desk: int = 1) -> int | None:
        """Note that the person at ``desk`` (or with ``ticket``) was helped; returns the ticket."""
        return self._finish("served", ticket, desk)

    def absent(self, ticket: int | None = None, desk: int = 1) -> int | None:
        """Note that the number called at ``desk`` (or ``ticket``) did not come."""
        return self._finish("absent", ticket, desk)

    def reopen(self, ticket: int) -> int:
        """Put an absent, served or closed ``ticket`` back in the queue, in its place."""
        number = self._ticket_number(ticket)
        with self._transaction() as (conn, day, run):
            found = self._run(conn, day, run).tickets.get(number)
            if found is None:
                raise FabriqueError(_("Le ticket {ticket} n'existe pas aujourd'hui.", ticket=number),
                                    field="ticket")
            if found.state in ("waiting", "called"):
                raise FabriqueError(_("Le ticket {ticket} est déjà dans la file.", ticket=number),
                                    field="ticket")
            self._insert(conn, day, run, "reopen", number)
        self._publish()
        return number

    def close_session(self) -> int:
        """End the session; returns how many people left without help (still waiting).

        Example: ``kit.button(5, "Fin de la permanence").when_pressed = queue.close_session``
        """
        with self._transaction() as (conn, day, run):
            left = self._end_run(conn, day, run, "close_session")
        self._publish()
        return left

    def reset(self) -> int:
        """End the session and start the numbers again at 1; returns who left without help.

        Example: ``queue.reset()`` → ``2`` (two people left without help)
        """
        with self._transaction() as (conn, day, run):
            left = self._end_run(conn, day, run, "reset")
        self._publish()
        return left

    # -- reading -------------------------------------------------------------------
    def status(self) -> QueueStatus:
        """What the screen shows (read through the state when attached).

        Example: ``screen.big_number(queue.status())``
        """
        if self._state is not None:
            found = self._state.get(self.name)
            if isinstance(found, QueueStatus):
                return found
        return self.compute_status()

    @property
    def called(self) -> int | None:
        """The number called last (None before the first call of the day).

        Example: ``queue.called`` → ``12``
        """
        return self.status().called

    @property
    def waiting(self) -> int:
        """How many people wait for a desk.

        Example: ``queue.waiting`` → ``4``
        """
        return self.status().waiting

    @property
    def wait_min(self) -> int | None:
        """Estimated wait in minutes for someone taking a ticket now.

        Example: ``queue.wait_min`` → ``25``
        """
        return self.status().estimated_wait_min

    def compute_status(self) -> QueueStatus:
        """The status worked out from the file now (without the state).

        Example: ``queue.compute_status().waiting`` → ``4``
        """
        with self._lock:
            conn = self._connection()
            day, run = self._today(conn)
            tickets = self._run(conn, day, run)
            service = self._typical_service_min(conn)
        waiting = len(tickets.waiting())
        used = {t.desk for t in tickets.tickets.values() if t.desk}
        desks = tuple(DeskStatus(d, tickets.at_desk(d)) for d in sorted(used | set(range(1, self.desks + 1))))
        called, desk = tickets.last_called or (None, None)
        return QueueStatus(
            name=self.name,
            called=called,
            desk=desk,
            waiting=waiting,
            estimated_wait_min=math.ceil(waiting * service / self.desks) if waiting else 0,
            last_ticket=max(tickets.tickets, default=None),
            open=tickets.open,
            desks=desks,
            day=date.fromisoformat(day),
        )

    def stats(self, since=None, until=None) -> list[dict]:
        """Anonymous figures per day and half-day (see :mod:`counters_stats`).

        Example: ``queue.stats(since=date(2026, 1, 1))[0]["served"]``
        """
        from fabrique_kit.sources.counters_stats import stats

        return stats(self, since=since, until=until)

    # -- inside --------------------------------------------------------------------
    def _connection(self) -> sqlite3.Connection:
        if self._conn is None:
            self._conn = connect(self.db_path)
        return self._conn

    @contextmanager
    def _transaction(self) -> Iterator[tuple[sqlite3.Connection, str, int]]:
        with self._lock:
            conn = self._connection()
            try:
                conn.execute("BEGIN IMMEDIATE")
            except sqlite3.OperationalError:
                raise FabriqueError(_("Le compteur est occupé ; réessayez dans un instant.")) from None
            try:
                day, run = self._today(conn)
                yield conn, day, run
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise

    def _today(self, conn: sqlite3.Connection) -> tuple[str, int]:
        day = self.clock.now().date().isoformat()
        resets = conn.execute(
            "SELECT COUNT(*) FROM events WHERE day = ? AND kind = 'reset'", (day,)
        ).fetchone()[0]
        return day, resets

    def _run(self, conn: sqlite3.Connection, day: str, run: int) -> Run:
        rows = conn.execute(
            "SELECT at, kind, ticket, desk, place FROM events WHERE day = ? AND run = ? ORDER BY id",
            (day, run),
        ).fetchall()
        return replay(rows)

    def _insert(self, conn, day: str, run: int, kind: str, ticket: int | None = None,
                desk: int | None = None) -> None:
        conn.execute(
            "INSERT INTO events (at, day, run, kind, ticket, desk, place) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (self.clock.now().isoformat(), day, run, kind, ticket, desk, self.place),
        )

    def _finish(self, kind: str, ticket: int | None, desk: int) -> int | None:
        desk = self._desk(desk)
        with self._transaction() as (conn, day, run):
            tickets = self._run(conn, day, run)
            if ticket is None:
                number = tickets.at_desk(desk)
                if number is None:
                    return None
            else:
                number = self._ticket_number(ticket)
                found = tickets.tickets.get(number)
                if found is None or found.state != "called":
                    raise FabriqueError(
                        _("Le ticket {ticket} n'est pas appelé en ce moment.", ticket=number),
                        field="ticket",
                    )
                desk = found.desk or desk
            self._insert(conn, day, run, kind, number, desk)
        self._publish()
        return number

    def _end_run(self, conn, day: str, run: int, kind: str) -> int:
        """Serve who is at a desk, then write ``kind`` (waiting tickets then count as left)."""
        tickets = self._run(conn, day, run)
        for number, ticket in sorted(tickets.tickets.items()):
            if ticket.state == "called":
                self._insert(conn, day, run, "served", number, ticket.desk)
        self._insert(conn, day, run, kind)
        return len(tickets.waiting())

    def _typical_service_min(self, conn: sqlite3.Connection) -> float:
        """Median of the recent service times (call → served), or the default."""
        rows = conn.execute(
            """SELECT c.at, s.at FROM events s
               JOIN events c ON c.day = s.day AND c.run = s.run AND c.ticket = s.ticket
                    AND c.kind = 'call'
                    AND c.id = (SELECT MAX(id) FROM events WHERE day = s.day AND run = s.run
                                AND ticket = s.ticket AND kind = 'call' AND id < s.id)
               WHERE s.kind = 'served' ORDER BY s.id DESC LIMIT ?""",
            (RECENT_SERVICES,),
        ).fetchall()
        minutes = [
            (datetime.fromisoformat(end) - datetime.fromisoformat(start)).total_seconds() / 60
            for start, end in rows
        ]
        minutes = [m for m in minutes if 1 <= m <= 180]  # a slip of the button is not a service
        return statistics.median(minutes) if minutes else DEFAULT_SERVICE_MIN

    def _publish(self) -> QueueStatus:
        status = self.compute_status()
        if self._state is not None:
            self._state.set(self.name, status)
        return status

    def _desk(self, desk) -> int:
        try:
            number = int(desk)
        except (TypeError, ValueError):
            number = 0
        if number < 1:
            raise FabriqueError(_("« {desk} » n'est pas un numéro de bureau.", desk=desk), field="desk")
        return number

    @staticmethod
    def _ticket_number(ticket) -> int:
        try:
            number = int(ticket)
        except (TypeError, ValueError):
            number = 0
        if number < 1:
            raise FabriqueError(_("« {ticket} » n'est pas un numéro de ticket.", ticket=ticket),
                                field="ticket")
        return number


def stats(source, since=None, until=None, **options) -> list[dict]:
    """Anonymous figures per day, half-day and place; see :func:`counters_stats.stats`.

    Example::

        rows = stats(counter_db_path(".", "attente"), since="2026-01-01")
    """
    from fabrique_kit.sources import counters_stats

    return counters_stats.stats(source, since, until, **options)


def write_csv(rows: list[dict], path_or_file) -> None:
    """The rows of :func:`stats` as a CSV file for French spreadsheets (``;``, BOM).

    Example::

        write_csv(stats(queue), "statistiques.csv")
    """
    from fabrique_kit.sources import counters_stats

    counters_stats.write_csv(rows, path_or_file)
