"""The counter's file kept safe: its connection, today's queue caught up, damage, full disk, clock.

:class:`CounterFile` is what a :class:`~fabrique_kit.sources.counters.counter.Counter`
stands on. It opens the SQLite file (a damaged one is moved aside and a fresh one
started with its readable rows, :func:`~fabrique_kit.sources.counters.store.open_counter_file`),
keeps today's :class:`~fabrique_kit.sources.counters.today.TodayQueue` up to date with
the events written since the last one it saw, and runs each action in one
``BEGIN IMMEDIATE`` transaction. What went wrong is kept as **notices**: a short French
text for the public screen (no file path) and a longer one, with what to do, for the
admin and the preview (the state's error of the counter's value).

- A full disk: the action raises :class:`~fabrique_kit.errors.DiskFullError`, the
  screen says tickets cannot be recorded, until an action succeeds again. The counter
  starts anyway (the screen can then say it).
- A damaged file: moved aside as ``<name>.sqlite3.abime-<date>``, told until the next day.
- A clock not yet trusted (:mod:`fabrique_kit.clock_sync`): events are written without a
  day and filed once time is known (:mod:`~fabrique_kit.sources.counters.filing`).

Example::

    queue = Counter("attente", db_path=path)      # a CounterFile
    queue.public_notice                           # None, or what the hall screen says
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from datetime import datetime, timedelta
from pathlib import Path

from fabrique_kit.clock import SYSTEM_CLOCK, Clock
from fabrique_kit.clock_sync import clock_is_synchronised
from fabrique_kit.errors import DiskFullError, FabriqueError
from fabrique_kit.i18n import _
from fabrique_kit.sources.counters import filing
from fabrique_kit.sources.counters.store import (
    PENDING_DAY,
    Recovered,
    check_counter_name,
    is_disk_full,
    open_counter_file,
    recent_service_times,
)
from fabrique_kit.sources.counters.today import RECENT_SERVICES, TodayQueue

SYSTEM_CHECK_EVERY_S = 15.0  # how often the system's clock synchronisation is asked, until it says yes


class CounterFile:
    """A counter's SQLite file, today's queue caught up with it, and the notices (see the module).

    Example: ``CounterFile("attente", Path("attente.sqlite3"), SYSTEM_CLOCK)._transaction()``
    """

    def __init__(self, name: str, db_path: Path, clock: Clock = SYSTEM_CLOCK, *, place: str = "",
                 clock_trusted: Callable[[], bool] | None = None):
        self.name = check_counter_name(name)
        self.db_path = Path(db_path)
        self.clock = clock
        self.place = place
        if clock_trusted is None:
            clock_trusted = clock_is_synchronised if clock is SYSTEM_CLOCK else (lambda: True)
        self._clock_check = clock_trusted
        self._check_every = SYSTEM_CHECK_EVERY_S if clock_trusted is clock_is_synchronised else 0.0
        self._trusted = False
        self._next_check = float("-inf")
        self._untrusted_offset: float | None = None  # wall clock - monotonic, while not trusted
        self._lock = threading.RLock()
        self._conn: sqlite3.Connection | None = None
        self._queue: TodayQueue | None = None
        self._seen = 0  # the last event folded into the queue
        self._filed_in_transaction = False  # events without a day were filed by the action running
        self._state = None
        self._notices: dict[str, tuple[str, str, str]] = {}  # topic -> (public, detail, day)
        with suppress(DiskFullError):  # told by the notice; the kit starts and the screen says it
            self._connection()

    # -- notices -----------------------------------------------------------------
    @property
    def public_notice(self) -> str | None:
        """What the public screen should say about this counter now (French, no path), or None.

        Example: ``queue.public_notice`` → ``'Carte mémoire pleine : …'``
        """
        texts = [public for public, _detail, _day in self._notices.values()]
        return " · ".join(texts) or None

    @property
    def notice_detail(self) -> str | None:
        """The same for the admin and the preview: what happened and what to do, or None."""
        texts = [detail for _public, detail, _day in self._notices.values()]
        return "\n".join(texts) or None

    def _tell(self, topic: str, public: str, detail: str) -> None:
        self._notices[topic] = (public, detail, self.clock.now().date().isoformat())
        if self._state is not None:  # the screen redraws with it, the admin shows the detail
            self._state.fail(self.name, self.notice_detail or detail)

    def _tell_disk_full(self) -> DiskFullError:
        error = DiskFullError()
        self._tell("disk", _("Carte mémoire pleine : les tickets ne peuvent pas être enregistrés. "
                             "Adressez-vous à l'accueil."), str(error))
        return error

    def _tell_recovered(self, found: Recovered) -> None:
        self._tell(
            "damaged",
            _("Le fichier du compteur était abîmé et a été remplacé : si votre numéro n'apparaît plus, "
              "adressez-vous à l'accueil."),
            _("Le fichier du compteur « {name} » était abîmé ({reason}). Il a été mis de côté sous "
              "« {kept} » (gardez-le pour une récupération) et un fichier neuf a été commencé avec "
              "les {saved} lignes encore lisibles. Que faire : vérifiez la carte mémoire "
              "(fabrique doctor) ; ce qui manque est peut-être dans le fichier mis de côté.",
              name=self.name, reason=" ".join(found.reason.replace("*", "").split())[:80], kept=found.kept.name, saved=found.saved),
        )

    # -- the file ----------------------------------------------------------------
    def close(self) -> None:
        """Close the SQLite file.

        Example: ``queue.close()`` (the kit does it)
        """
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None

    def _connection(self) -> sqlite3.Connection:
        if self._conn is None:
            try:
                conn, recovered = open_counter_file(self.db_path, self.clock.now())
            except DiskFullError:
                raise self._tell_disk_full() from None
            self._conn, self._queue = conn, None
            self._notices.pop("disk", None)
            if recovered is not None:
                self._tell_recovered(recovered)
        return self._conn

    def _drop_connection(self) -> None:
        if self._conn is not None:
            with suppress(sqlite3.Error):
                self._conn.close()
        self._conn, self._queue = None, None

    def _failure(self, error: sqlite3.Error) -> FabriqueError:
        """The error for people for a failure in the middle of an action."""
        if is_disk_full(error):
            return self._tell_disk_full()
        if not isinstance(error, sqlite3.OperationalError):  # malformed, not a database
            self._drop_connection()  # the next use moves the file aside and starts afresh
            return FabriqueError(_("Le fichier du compteur est abîmé : un fichier neuf va être commencé. "
                                   "Réessayez dans un instant."))
        return FabriqueError(_("Le compteur n'a pas pu écrire ({error}) ; réessayez dans un instant.",
                               error=str(error)[:80]))

    @contextmanager
    def _transaction(self) -> Iterator[tuple[sqlite3.Connection, TodayQueue]]:
        with self._lock:
            conn = self._connection()
            try:
                conn.execute("BEGIN IMMEDIATE")
            except sqlite3.Error as error:
                if isinstance(error, sqlite3.OperationalError) and not is_disk_full(error):
                    raise FabriqueError(_("Le compteur est occupé ; réessayez dans un instant.")) from None
                raise self._failure(error) from None
            try:
                queue = self._sync(conn)
                yield conn, queue
                conn.execute("COMMIT")
            except BaseException as error:
                if self._filed_in_transaction:  # the filing is undone with the action: read it again
                    self._queue, self._filed_in_transaction = None, False
                if conn.in_transaction:
                    with suppress(sqlite3.Error):  # SQLite may have rolled back itself (a full disk)
                        conn.execute("ROLLBACK")
                if isinstance(error, sqlite3.Error):
                    raise self._failure(error) from None
                raise
            self._filed_in_transaction = False
            self._notices.pop("disk", None)
            self._catch_up(conn)

    def _insert(self, conn: sqlite3.Connection, queue: TodayQueue, kind: str, ticket: int | None = None,
                desk: int | None = None) -> None:
        now = self.clock.now()
        if queue.day == PENDING_DAY:
            self._untrusted_offset = now.timestamp() - self.clock.monotonic()
        conn.execute(
            "INSERT INTO events (at, day, run, kind, ticket, desk, place) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (now.isoformat(), queue.day, queue.run, kind, ticket, desk, self.place),
        )

    # -- today's queue -------------------------------------------------------------
    def _catch_up_now(self) -> TodayQueue | None:
        """Today's queue caught up with the file, or the last one known when it cannot be read."""
        try:
            return self._sync(self._connection())
        except DiskFullError:
            return self._queue
        except sqlite3.Error as error:
            self._failure(error)
            return self._queue

    def _day(self) -> str:
        """Today as the counter files it, or ``PENDING_DAY`` while the clock is not trusted."""
        if not self._trusted and self.clock.monotonic() >= self._next_check:
            self._next_check = self.clock.monotonic() + self._check_every
            self._trusted = bool(self._clock_check())
        return self.clock.now().date().isoformat() if self._trusted else PENDING_DAY

    def _sync(self, conn: sqlite3.Connection) -> TodayQueue:
        day = self._day()
        queue = self._queue
        if queue is not None and queue.day == day:
            self._catch_up(conn)
        elif day == PENDING_DAY:
            self._queue = self._load_pending(conn)
        else:
            if filing.pending_runs(conn) is not None:
                self._file_pending(conn, day)
            for topic, (_public, _detail, told) in list(self._notices.items()):
                if topic == "damaged" and told < day and queue is not None:
                    del self._notices[topic]  # told for the whole day it happened
            self._queue = self._load(conn, day)
        assert self._queue is not None
        return self._queue

    def _catch_up(self, conn: sqlite3.Connection) -> None:
        """Fold the events written since the last one seen (ours, or another process's)."""
        queue = self._queue
        if queue is None:
            return
        rows = conn.execute("SELECT id, day, run, at, kind, ticket, desk FROM events WHERE id > ? ORDER BY id",
                            (self._seen,))  # read as it goes: a long absence costs no memory
        for row_id, day, run, at, kind, ticket, desk in rows:
            self._seen = row_id
            if day == queue.day and run == queue.run and queue.apply((at, kind, ticket, desk)):
                queue = TodayQueue(queue.day, queue.run + 1, services=queue.services)
        self._queue = queue

    @staticmethod
    def _fold(queue: TodayQueue, rows: Iterable[tuple]) -> TodayQueue:
        for row in rows:
            if queue.apply(row):  # a reset: a new numbering starts
                queue = TodayQueue(queue.day, queue.run + 1, services=queue.services)
        return queue

    def _load(self, conn: sqlite3.Connection, day: str) -> TodayQueue:
        """Today's queue from the file, once (at start and at a day change)."""
        top = conn.execute("SELECT COALESCE(MAX(id), 0) FROM events").fetchone()[0]
        run = conn.execute("SELECT COUNT(*) FROM events WHERE day = ? AND kind = 'reset' AND id <= ?",
                           (day, top)).fetchone()[0]
        rows = conn.execute("SELECT at, kind, ticket, desk FROM events WHERE day = ? AND run = ? AND id <= ? "
                            "ORDER BY id", (day, run, top))
        queue = self._fold(TodayQueue(day, run), rows)
        queue.services.clear()
        for start, end in reversed(recent_service_times(conn, RECENT_SERVICES)):
            queue.note_service(*_times(start, end))
        self._seen = top
        return queue

    def _load_pending(self, conn: sqlite3.Connection) -> TodayQueue:
        """While the clock is not trusted: the last numbering the file knows, then the events without a day."""
        top = conn.execute("SELECT COALESCE(MAX(id), 0) FROM events").fetchone()[0]
        pending = filing.pending_runs(conn) or 0
        queue = TodayQueue(PENDING_DAY, 0)
        last = filing.last_known_run(conn)
        if pending == 0 and last is not None:
            rows = conn.execute("SELECT at, kind, ticket, desk FROM events WHERE day = ? AND run = ? AND id <= ? "
                                "ORDER BY id", (*last, top))
            queue = self._fold(queue, rows)
            queue = TodayQueue(PENDING_DAY, 0, waiting=queue.waiting, called=queue.called,
                               last_ticket=queue.last_ticket, open=queue.open, last_called=queue.last_called,
                               calls=queue.calls, desks_used=queue.desks_used)
        rows = conn.execute("SELECT at, kind, ticket, desk FROM events WHERE day = ? AND run = ? AND id <= ? "
                            "ORDER BY id", (PENDING_DAY, pending, top))
        queue.run = pending
        queue = self._fold(queue, rows)
        self._seen = top
        return queue

    def _file_pending(self, conn: sqlite3.Connection, day: str) -> None:
        shift = None
        if self._untrusted_offset is not None:
            jump = self.clock.now().timestamp() - self.clock.monotonic() - self._untrusted_offset
            shift = timedelta(seconds=jump)
        own = not conn.in_transaction
        self._filed_in_transaction = not own
        if own:
            conn.execute("BEGIN IMMEDIATE")
        try:
            filing.file_pending(conn, day, shift)
            if own:
                conn.execute("COMMIT")
        except BaseException:
            if own and conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        self._untrusted_offset = None


def _times(start: str | None, end: str | None) -> tuple[datetime | None, datetime | None]:
    return (datetime.fromisoformat(start) if start else None, datetime.fromisoformat(end) if end else None)
