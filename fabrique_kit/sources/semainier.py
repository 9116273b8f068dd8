"""The semainier: the weekly schedule of one or more places, read from a JSON file.

Mediators edit the file by hand (keys in French, without accents; see
``docs/semainier.md``). This module reads it, checks it, saves it for the admin
pages, and keeps it live in the kit's state with :class:`SemainierSource`.

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
import shutil
import tempfile
from datetime import date, datetime
from pathlib import Path

from fabrique_kit.errors import DataError, Problem
from fabrique_kit.i18n import _
from fabrique_kit.model import Session
from fabrique_kit.sources.semainier_model import (
    DAYS,
    Cancellation,
    DateRange,
    OneOff,
    Place,
    Semainier,
    Slot,
)
from fabrique_kit.sources.semainier_queries import paris_time
from fabrique_kit.sources.semainier_validate import check_text

__all__ = [
    "DAYS", "Cancellation", "DateRange", "OneOff", "Place", "Semainier", "SemainierSource",
    "Slot", "load_semainier", "read_semainier", "save_semainier", "validate_semainier",
    "SAMPLE",
]

SAMPLE = Path(__file__).parent / "samples" / "semainier-exemple.json"
"""The sample semainier (six places of Rennes) that the ``afficheur`` template copies."""


def read_semainier(path: str | os.PathLike) -> tuple[Semainier | None, list[Problem]]:
    """Read and check the file: ``(semainier or None, problems)``; never raises for the data."""
    name = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        return None, [Problem(_("Fichier introuvable : {path}", path=name), file=name,
                              hint=_("Vérifiez le chemin du fichier semainier."))]
    except UnicodeDecodeError:
        return None, [Problem(_("Le fichier n'est pas en UTF-8."), file=name,
                              hint=_("Enregistrez-le en UTF-8 depuis votre éditeur de texte."))]
    except OSError as error:
        return None, [Problem(_("Impossible de lire le fichier : {error}", error=error.strerror or error),
                              file=name)]
    return check_text(text, name)


def validate_semainier(path: str | os.PathLike) -> list[Problem]:
    """Every problem of the file (errors and warnings), located by line and field.

    Example::

        for problem in validate_semainier("semainier.json"):
            print(problem)
    """
    return read_semainier(path)[1]


def load_semainier(path: str | os.PathLike) -> Semainier:
    """The :class:`Semainier` of the file; raises :class:`DataError` listing the problems."""
    semainier, problems = read_semainier(path)
    if semainier is None:
        raise DataError(problems=problems)
    return semainier


def save_semainier(path: str | os.PathLike, document: dict) -> list[Problem]:
    """Check ``document`` and write it to ``path`` atomically, keeping ``path.bak``.

    Returns the warnings; raises :class:`DataError` (nothing written) when it has errors.

    Example::

        save_semainier("semainier.json", {"lieux": [{"nom": "Maurepas"}]})
    """
    import json

    target = Path(path)
    text = json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    semainier, problems = check_text(text, str(target))
    if semainier is None:
        raise DataError(problems=problems)
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        if target.exists():
            shutil.copy2(target, target.with_name(target.name + ".bak"))
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return problems


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

    # -- the Sources contract --------------------------------------------------
    def refresh(self, state) -> float | None:
        """Re-read the file if it changed; write the schedule or the error into ``state``."""
        self.state = state
        try:
            info = self.path.stat()
        except OSError:
            self._seen, self._ok = None, False
            state.fail(self.name, _("Fichier introuvable : {path}", path=str(self.path)))
            return None
        signature = (info.st_mtime_ns, info.st_size)
        if signature == self._seen:
            if self._ok:
                state.touch(self.name)
            return None
        self._seen = signature
        semainier, problems = read_semainier(self.path)
        self._ok = semainier is not None
        if semainier is None:
            first = next((p for p in problems if p.severity == "error"), problems[0])
            state.fail(self.name, str(first))
        else:
            state.set(self.name, semainier)
        return None

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
        """Today's sessions (cancelled ones flagged); ``[]`` before the first reading."""
        semainier = self.current()
        if semainier is None:
            return []
        return semainier.today(self._now(now), place or self.place, service)

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
