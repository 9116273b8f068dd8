"""The :class:`Counter`: a waiting counter's actions and status, kept in its SQLite file.

Every action is one ``BEGIN IMMEDIATE`` transaction: once it returned, it survives a
power cut, and two actions at the same instant never share or lose a number. How
the tickets live is told in :mod:`fabrique_kit.sources.counters`.

Example::

    queue = Counter("attente", db_path=Path("/tmp/attente.sqlite3"), desks=2)
    queue.take_ticket()         # 1
    queue.call_next(desk=2)     # 1
"""

from __future__ import annotations

import math
import sqlite3
import statistics
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path

from fabrique_kit.clock import SYSTEM_CLOCK, Clock
from fabrique_kit.errors import FabriqueError
from fabrique_kit.i18n import _
from fabrique_kit.model import DeskStatus, QueueStatus
from fabrique_kit.sources.counters import figures
from fabrique_kit.sources.counters.events import Run, replay
from fabrique_kit.sources.counters.store import (
    check_counter_name,
    connect,
    counter_db_path,
    read_events,
    recent_service_times,
)

DEFAULT_SERVICE_MIN = 21.0  # average time with one person (programme's 2023 report)
RECENT_SERVICES = 20  # how many recent service times the wait estimate uses


class Counter:
    """A waiting counter (queue tickets) kept in a SQLite file; see :mod:`fabrique_kit.sources.counters`.

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
        """Anonymous figures per day and half-day (see :mod:`~fabrique_kit.sources.counters.figures`).

        Example: ``queue.stats(since=date(2026, 1, 1))[0]["served"]``
        """
        return figures.stats(self, since=since, until=until)

    def read_events(self, since: date | None = None, until: date | None = None) -> list[tuple]:
        """The events of the days ``since`` … ``until``, read on the counter's own connection.

        Example: ``queue.read_events(date(2026, 11, 23))[0][3]`` → ``'take'``
        """
        with self._lock:  # the connection is shared with the actions
            return read_events(self._connection(), since, until)

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
        rows = recent_service_times(conn, RECENT_SERVICES)
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

