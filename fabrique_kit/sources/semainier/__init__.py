"""The semainier: the weekly schedule of one or more places, read from a JSON file.

Mediators edit the file by hand (keys in French, without accents; see
``docs/semainier.md``). This package reads it, checks it, saves it for the admin
pages (:mod:`.file`), answers its questions (:mod:`.schedule`, :mod:`.queries`), and
keeps it live in the kit's state with :class:`SemainierSource` (here).

Its modules import one way only, from top to bottom (a contract of ``lint-imports``
checks it): ``tools`` (what the ``fabrique semainier`` commands do, without click) →
``importers`` (iCalendar, *Lieux de médiation numérique*) and ``file`` (read, save) →
``validate`` → ``fields`` (one field's checks) and ``schedule`` (:class:`Semainier`,
the questions as methods) → ``queries`` (the questions) and ``json_lines`` (JSON with
its line numbers) → ``model`` (the data).

Example::

    from fabrique_kit.sources.semainier import SemainierSource
    from fabrique_kit.state import State

    state = State()
    planning = SemainierSource("semainier.json", state=state)
    planning.refresh(state)                 # reads the file (again only when it changed)
    for session in planning.today():
        print(session.start, session.service)
"""

from __future__ import annotations

import os
from datetime import date, datetime
from pathlib import Path

from fabrique_kit.i18n import _
from fabrique_kit.model import BackupSchedule, ClosedDay, Session, UnavailableSchedule
from fabrique_kit.sources.semainier.file import (
    SAMPLE,
    load_semainier,
    read_semainier,
    save_semainier,
    validate_semainier,
)
from fabrique_kit.sources.semainier.model import DAYS, Cancellation, DateRange, OneOff, Place, Slot
from fabrique_kit.sources.semainier.queries import paris_time
from fabrique_kit.sources.semainier.schedule import Semainier

__all__ = [
    "DAYS", "Cancellation", "DateRange", "OneOff", "Place", "Semainier", "SemainierSource",
    "Slot", "load_semainier", "read_semainier", "save_semainier", "validate_semainier",
    "SAMPLE",
]


class SemainierSource:
    """A kit source that keeps the semainier file live in the state.

    ``refresh`` costs one ``stat`` when the file did not change. A broken edit keeps
    the last good schedule and notes the first problem with ``state.fail``.
    ``place`` (optional) is the default place of the reading helpers.

    Example::

        planning = SemainierSource("semainier.json", state=kit.state, place="Maurepas")
        planning.open_now()      # sessions running now, read through the state
    """

    def __init__(self, path: str | os.PathLike, name: str = "semainier", every: float = 2.0,
                 *, state=None, place: str | None = None):
        self.path = Path(path)
        self.name = name
        self.every = every
        self.state = state
        self.place = place
        self._seen: tuple[int, int] | None = None
        self._ok = False
        # when the copy shown was saved, while the file is broken and ``<name>.bak`` serves
        self.backup_saved_at: datetime | None = None

    # -- the Sources contract --------------------------------------------------
    def refresh(self, state) -> float | None:
        """Re-read the file if it changed; write the schedule or the error into ``state``.

        A file broken before any good reading (at boot) shows its last good copy, the
        ``.bak`` that saving keeps, while the error stays noted; ``today()`` then says
        how old that copy is (:class:`~fabrique_kit.model.BackupSchedule`).
        """
        self.state = state
        try:
            info = self.path.stat()
        except OSError:
            self._seen, self._ok = None, False
            self._serve_backup(state)
            state.fail(self.name, _("Fichier introuvable : {path}", path=str(self.path)))
            return None
        signature = (info.st_mtime_ns, info.st_size)
        if signature == self._seen:
            if self._ok:
                state.touch(self.name)
            return None
        try:
            semainier, problems = read_semainier(self.path)
        except Exception as error:  # never a traceback, and the file is read again next time
            self._seen, self._ok = None, False
            self._serve_backup(state)
            state.fail(self.name, _("Le semainier n'a pas pu être lu ({error}).", error=type(error).__name__))
            return None
        self._seen = signature
        self._ok = semainier is not None
        if semainier is None:
            self._serve_backup(state)
            first = next((p for p in problems if p.severity == "error"), problems[0])
            state.fail(self.name, str(first))
        else:
            self.backup_saved_at = None
            state.set(self.name, semainier)
        return None

    def _serve_backup(self, state) -> None:
        """Show ``<file>.bak`` when nothing good was read yet (a file broken at boot)."""
        if state.get(self.name) is not None:
            return  # the last good reading stays
        backup = self.path.with_name(self.path.name + ".bak")
        try:
            saved_at = datetime.fromtimestamp(backup.stat().st_mtime, state.clock.tz)
            semainier, _problems = read_semainier(backup)
        except Exception:  # no backup, or one that cannot be read either
            return
        if semainier is not None:
            self.backup_saved_at = saved_at
            state.set(self.name, semainier, refreshed=saved_at)

    def close(self) -> None:
        """Nothing to release (the file is read and closed at each change).

        Example: ``planning.close()`` (the kit does it)
        """

    # -- reading through the state ---------------------------------------------
    def current(self) -> Semainier | None:
        """The last good schedule, or None before the first good reading.

        Example: ``planning.current()`` → the ``Semainier`` object, or ``None``
        """
        return self.state.get(self.name) if self.state is not None else None

    def _now(self, now: datetime | None) -> datetime:
        return now if now is not None else self.state.clock.now()

    def today(self, now: datetime | None = None, place: str | None = None,
              service: str | None = None) -> list[Session]:
        """Today's sessions (cancelled ones flagged).

        Before a first good reading (a missing or broken file), an empty
        :class:`~fabrique_kit.model.UnavailableSchedule`: the screen says the schedule is
        unavailable, never « no session today ».

        Example: ``screen.schedule(planning.today())``
        """
        semainier = self.current()
        if semainier is None:
            return UnavailableSchedule()
        moment = self._now(now)
        sessions = semainier.today(moment, place or self.place, service)
        closure = None
        if not sessions:  # a closed day says why (a ClosedDay is an empty list that knows)
            closure = semainier.closure(paris_time(moment).date(), place or self.place)
        if self.backup_saved_at is not None:  # the file is broken: its last good copy, and its age
            return BackupSchedule(sessions, saved_at=self.backup_saved_at, closure=closure)
        return ClosedDay(closure) if closure else sessions

    def open_now(self, now: datetime | None = None, place: str | None = None,
                 service: str | None = None) -> list[Session]:
        """The sessions running now.

        Example: ``[s.service for s in planning.open_now()]``
        """
        semainier = self.current()
        if semainier is None:
            return []
        return semainier.open_now(self._now(now), place or self.place, service)

    def next(self, now: datetime | None = None, place: str | None = None,
             service: str | None = None) -> Session | None:
        """The next session, even next week, or None.

        Example: ``screen.schedule(planning.today(), coming=planning.next())``
        """
        semainier = self.current()
        if semainier is None:
            return None
        return semainier.next(self._now(now), place or self.place, service)

    def week(self, now: datetime | None = None, place: str | None = None,
             service: str | None = None) -> dict[date, list[Session]]:
        """The 7 days from today: ``{date: sessions}``."""
        semainier = self.current()
        if semainier is None:
            return {}
        return semainier.week(self._now(now), place or self.place, service)

    def closure(self, now: datetime | None = None, place: str | None = None) -> str | None:
        """Why today is closed (« Jour férié : Noël »), or None.

        Example: ``planning.closure()`` → ``'Jour férié : Noël'`` on 25 December
        """
        semainier = self.current()
        if semainier is None:
            return None
        return semainier.closure(paris_time(self._now(now)).date(), place or self.place)

    def is_open(self, now: datetime | None = None, place: str | None = None,
                service: str | None = None) -> bool:
        """Whether the place is open now (opening hours), or a session of ``service`` runs."""
        semainier = self.current()
        return bool(semainier and semainier.is_open(self._now(now), place or self.place, service))

    def closes_at(self, now: datetime | None = None, place: str | None = None,
                  service: str | None = None) -> datetime | None:
        """When the current opening ends, or None when closed.

        Example: ``planning.closes_at()`` → ``datetime(2026, 11, 23, 12, 30, …)``
        """
        semainier = self.current()
        if semainier is None:
            return None
        return semainier.closes_at(self._now(now), place or self.place, service)

    def opens_at(self, now: datetime | None = None, place: str | None = None,
                 service: str | None = None) -> datetime | None:
        """When it next opens, or None.

        Example: ``planning.opens_at()`` → ``datetime(2026, 11, 24, 9, 0, …)``
        """
        semainier = self.current()
        if semainier is None:
            return None
        return semainier.opens_at(self._now(now), place or self.place, service)
