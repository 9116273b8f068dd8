"""The :class:`Counter`: a waiting counter's actions and status, kept in its SQLite file.

Every action is one ``BEGIN IMMEDIATE`` transaction: once it returned, it survives a
power cut, and two actions at the same instant never share or lose a number. Today's
queue is kept in memory and brought up to date with the events written since the
last one seen (:mod:`~fabrique_kit.sources.counters.today`): an action costs the same
at the first ticket and at the 7,500th. How the tickets live is told in
:mod:`fabrique_kit.sources.counters`; what happens to a damaged file, a full disk or a
clock not yet set is in :mod:`~fabrique_kit.sources.counters.guard`.

Example::

    queue = Counter("attente", db_path=Path("/tmp/attente.sqlite3"), desks=2)
    queue.take_ticket()         # 1
    queue.call_next(desk=2)     # 1
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path

from fabrique_kit.clock import SYSTEM_CLOCK, Clock
from fabrique_kit.errors import FabriqueError
from fabrique_kit.i18n import _
from fabrique_kit.model import DeskStatus, QueueStatus
from fabrique_kit.sources.counters import figures
from fabrique_kit.sources.counters.guard import CounterFile
from fabrique_kit.sources.counters.store import PENDING_DAY, counter_db_path, read_events
from fabrique_kit.sources.counters.today import RECENT_SERVICES

DEFAULT_SERVICE_MIN = 21.0  # average time with one person (programme's 2023 report)
DEFAULT_REQUEST_KINDS = ("CAF", "préfecture / droits des étrangers", "emploi", "santé", "autre")
"""The kinds of request a person turned away may be noted with (never a name)."""

__all__ = ["DEFAULT_REQUEST_KINDS", "DEFAULT_SERVICE_MIN", "RECENT_SERVICES", "Counter"]


class Counter(CounterFile):
    """A waiting counter (queue tickets) kept in a SQLite file; see :mod:`fabrique_kit.sources.counters`.

    ``clock_trusted`` says whether the clock can date a ticket (by default the system's
    synchronisation for the system clock, always for another clock); ``request_kinds``
    is the short list :meth:`turn_away` accepts.

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
        clock_trusted: Callable[[], bool] | None = None,
        request_kinds: Iterable[str] = DEFAULT_REQUEST_KINDS,
    ):
        self.desks = max(1, int(desks))
        self.request_kinds = tuple(str(k) for k in request_kinds)
        path = Path(db_path) if db_path is not None else counter_db_path(Path.cwd(), name)
        super().__init__(name, path, clock, place=str(place or ""), clock_trusted=clock_trusted)

    # -- the kit's side ----------------------------------------------------------
    def attach(self, state) -> QueueStatus:
        """Write the status into ``state`` now and after each action."""
        self._state = state
        return self._publish()

    def refresh(self, state) -> float | None:
        """Sources contract: catch up with the file (a new day, another process's actions).

        Example: ``queue.refresh(kit.state)`` (the kit calls it every minute)
        """
        self._state = state
        try:
            self._publish()
        except Exception as error:  # a source never breaks the kit
            words = str(error)[:160] if isinstance(error, FabriqueError) else type(error).__name__
            state.fail(self.name, self.notice_detail or _("compteur illisible ({error})", error=words))
        return None

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
            "turn_away": _("Personne non reçue (refus)"),
        }
        for action, label in labels.items():
            actions.register(f"{self.name}.{action}", getattr(self, action), label=label)

    # -- actions -------------------------------------------------------------------
    def take_ticket(self) -> int:
        """Give the next ticket number (1 for the first of the day or after a reset).

        Example: ``kit.button(17, "Prendre un ticket").when_pressed = queue.take_ticket``
        """
        with self._transaction() as (conn, queue):
            number = (queue.last_ticket or 0) + 1
            self._insert(conn, queue, "take", number)
        self._publish()
        return number

    def call_next(self, desk: int = 1) -> int | None:
        """Call the smallest waiting number to ``desk``; None when nobody waits.

        The person who was at that desk is noted as served.
        """
        desk = self._desk(desk)
        with self._transaction() as (conn, queue):
            current = queue.at_desk(desk)
            if current is not None:
                self._insert(conn, queue, "served", current, desk)
            number = queue.waiting[0] if queue.waiting else None
            if number is not None:
                self._insert(conn, queue, "call", number, desk)
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
        with self._transaction() as (conn, queue):
            if not queue.exists(number):
                raise FabriqueError(_("Le ticket {ticket} n'existe pas aujourd'hui.", ticket=number),
                                    field="ticket")
            if number in queue.called or number in queue.waiting:
                raise FabriqueError(_("Le ticket {ticket} est déjà dans la file.", ticket=number),
                                    field="ticket")
            self._insert(conn, queue, "reopen", number)
        self._publish()
        return number

    def close_session(self) -> int:
        """End the session; returns how many people left without help (still waiting).

        Example: ``kit.button(5, "Fin de la permanence").when_pressed = queue.close_session``
        """
        return self._end_run("close_session")

    def reset(self) -> int:
        """End the session and start the numbers again at 1; returns who left without help.

        Example: ``queue.reset()`` → ``2`` (two people left without help)
        """
        return self._end_run("reset")

    def turn_away(self, kind: str | None = None) -> int:
        """Note a person the desk could not receive (« refus »), with an optional kind of request.

        ``kind`` is one of :attr:`request_kinds` (any case), or None; never a name.
        Returns how many people were turned away today.

        Example: ``queue.turn_away("CAF")`` → ``1``
        """
        request = self._request_kind(kind)
        with self._transaction() as (conn, queue):
            conn.execute("INSERT INTO turned_away (at, day, place, request) VALUES (?, ?, ?, ?)",
                         (self.clock.now().isoformat(), queue.day, self.place, request))
            count = conn.execute("SELECT COUNT(*) FROM turned_away WHERE day = ?", (queue.day,)).fetchone()[0]
        self._publish()
        return count

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
        """The status now, after catching up with the file (without the state).

        Example: ``queue.compute_status().waiting`` → ``4``
        """
        with self._lock:
            queue = self._catch_up_now()
            if queue is None:  # the file cannot be opened (told by the notice)
                return QueueStatus(name=self.name, estimated_wait_min=0,
                                   desks=tuple(DeskStatus(d) for d in range(1, self.desks + 1)))
            waiting = len(queue.waiting)
            service = statistics.median(queue.services) if queue.services else DEFAULT_SERVICE_MIN
            used = queue.desks_used | set(range(1, self.desks + 1))
            desks = tuple(DeskStatus(d, queue.at_desk(d)) for d in sorted(used))
            called, desk = queue.last_called or (None, None)
            return QueueStatus(
                name=self.name,
                called=called,
                desk=desk,
                waiting=waiting,
                estimated_wait_min=math.ceil(waiting * service / self.desks) if waiting else 0,
                last_ticket=queue.last_ticket,
                open=queue.open,
                desks=desks,
                day=None if queue.day == PENDING_DAY else date.fromisoformat(queue.day),
                recent_calls=queue.recent_calls(),
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
    def _publish(self) -> QueueStatus:
        """Put the status in the state, with the notice (if any) as the value's error."""
        status = self.compute_status()
        if self._state is not None:
            detail = self.notice_detail
            current = self._state.value(self.name)
            if detail and current is not None and current.value == status and current.error == detail:
                return status  # nothing new: no version, no redraw
            self._state.set(self.name, status)
            if detail:
                self._state.fail(self.name, detail)
        return status

    def _finish(self, kind: str, ticket: int | None, desk: int) -> int | None:
        desk = self._desk(desk)
        with self._transaction() as (conn, queue):
            if ticket is None:
                number = queue.at_desk(desk)
                if number is None:
                    return None
            else:
                number = self._ticket_number(ticket)
                if number not in queue.called:
                    raise FabriqueError(
                        _("Le ticket {ticket} n'est pas appelé en ce moment.", ticket=number),
                        field="ticket",
                    )
                desk = queue.called[number][0] or desk
            self._insert(conn, queue, kind, number, desk)
        self._publish()
        return number

    def _end_run(self, kind: str) -> int:
        """Serve who is at a desk, then write ``kind`` (waiting tickets then count as left)."""
        with self._transaction() as (conn, queue):
            for number, (desk, _at) in sorted(queue.called.items()):
                self._insert(conn, queue, "served", number, desk)
            self._insert(conn, queue, kind)
            left = len(queue.waiting)
        self._publish()
        return left

    def _request_kind(self, kind) -> str | None:
        if kind is None or (isinstance(kind, str) and not kind.strip()):
            return None
        wanted = str(kind).strip().casefold()
        for known in self.request_kinds:
            if known.casefold() == wanted:
                return known
        raise FabriqueError(
            _("« {kind} » n'est pas un type de demande de ce compteur.", kind=str(kind)[:40]),
            field="kind",
            hint=_("Types possibles : {kinds} (ou rien).", kinds=", ".join(self.request_kinds)),
        )

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
