"""Where a waiting counter's events are kept: the SQLite file, its tables and its queries.

The file is opened in WAL mode with ``synchronous=FULL`` so an action that returned
survives a power cut; see :mod:`fabrique_kit.sources.counters` for the whole story.
A damaged file is moved aside and its readable rows saved into a fresh one
(:func:`open_counter_file`, with :mod:`~fabrique_kit.sources.counters.recovery`); a
full disk is a :class:`~fabrique_kit.errors.DiskFullError` (:func:`storage_error`).

Example::

    conn = connect(counter_db_path("~/afficheur", "attente"))
    rows = read_events(conn, since=date(2026, 1, 1), until=None)
"""

from __future__ import annotations

import errno
import re
import sqlite3
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from fabrique_kit.errors import DiskFullError, FabriqueError
from fabrique_kit.i18n import _
from fabrique_kit.sources.counters import recovery

BUSY_TIMEOUT_MS = 10_000
VERSION = 2  # 1: events; 2: + turned_away, + the index by ticket
PENDING_DAY = ""  # the day of events written while the clock is not trusted (filed later)
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,39}")

SCHEMA = """
CREATE TABLE IF NOT EXISTS events (
    id     INTEGER PRIMARY KEY AUTOINCREMENT,
    at     TEXT    NOT NULL,            -- local time with its offset, ISO 8601
    day    TEXT    NOT NULL,            -- the service day, YYYY-MM-DD (Europe/Paris); '' until the clock is trusted
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
CREATE INDEX IF NOT EXISTS events_by_ticket ON events (day, run, ticket, id);
CREATE TABLE IF NOT EXISTS turned_away (     -- « refus »: a person the desk could not receive
    id      INTEGER PRIMARY KEY AUTOINCREMENT,
    at      TEXT    NOT NULL,
    day     TEXT    NOT NULL,
    place   TEXT    NOT NULL DEFAULT '',
    request TEXT                              -- a kind of request from a short list, never a name
);
CREATE INDEX IF NOT EXISTS turned_away_by_day ON turned_away (day);
"""
EVENT_COLUMNS = ("id", "at", "day", "run", "kind", "ticket", "desk", "place")
TURNED_AWAY_COLUMNS = ("id", "at", "day", "place", "request")


@dataclass(frozen=True)
class Recovered:
    """A damaged file moved aside: where it is kept, why, and how many rows were saved.

    Example: ``Recovered(Path("attente.sqlite3.abime-2026-11-23-0900"), "file is not a database", 0)``
    """

    kept: Path
    reason: str
    saved: int


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


def is_disk_full(error: BaseException) -> bool:
    """True when ``error`` (SQLite's or the system's) means the disk is full.

    Example: ``is_disk_full(sqlite3.OperationalError("database or disk is full"))`` → ``True``
    """
    if isinstance(error, OSError) and error.errno in (errno.ENOSPC, errno.EDQUOT):
        return True
    if isinstance(error, sqlite3.Error):
        code = getattr(error, "sqlite_errorcode", None)
        return code == sqlite3.SQLITE_FULL or "disk is full" in str(error)
    return False


def storage_error(error: BaseException, path: Path) -> FabriqueError:
    """The error for people for a failure of the counter's file (a full disk is a DiskFullError).

    Example: ``raise storage_error(error, path) from None``
    """
    if is_disk_full(error):
        return DiskFullError()
    return FabriqueError(
        _("Impossible d'ouvrir le fichier de compteur « {path} » ({error}).", path=path, error=error)
    )


def connect(db_path: Path | str, *, create: bool = True) -> sqlite3.Connection:
    """Open a counter's SQLite file in WAL mode with full durability (and create its tables).

    With ``create=False`` a missing file is a FabriqueError instead of a new empty file.
    A full disk is a :class:`~fabrique_kit.errors.DiskFullError`.
    """
    path = Path(db_path)
    if not create and not path.exists():
        raise FabriqueError(_("Le fichier de compteur « {path} » n'existe pas.", path=path))
    conn = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None,
                               check_same_thread=False)
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        if conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
            conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = FULL")
        if create and conn.execute("PRAGMA user_version").fetchone()[0] < VERSION:
            conn.executescript("BEGIN IMMEDIATE;" + SCHEMA + f"PRAGMA user_version = {VERSION}; COMMIT;")
    except (sqlite3.Error, OSError) as error:
        if conn is not None:
            conn.close()
        raise storage_error(error, path) from None
    return conn


def open_counter_file(db_path: Path | str, now: datetime) -> tuple[sqlite3.Connection, Recovered | None]:
    """Open a counter's file; a damaged one is moved aside, a fresh one started with its readable rows.

    Example::

        conn, recovered = open_counter_file(path, clock.now())
        if recovered: print(recovered.kept, recovered.saved)
    """
    path = Path(db_path)
    reason = recovery.damage(path)
    if reason is None:
        return connect(path), None
    try:
        kept = recovery.move_aside(path, now)
    except OSError as error:
        raise storage_error(error, path) from None
    conn = connect(path)
    saved = 0
    try:
        conn.execute("BEGIN IMMEDIATE")
        for table, columns in (("events", EVENT_COLUMNS), ("turned_away", TURNED_AWAY_COLUMNS)):
            marks = ", ".join("?" * len(columns))
            for row in recovery.salvage_rows(kept, table, columns):
                try:
                    conn.execute(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", row)
                    saved += 1
                except sqlite3.IntegrityError:
                    continue  # a row spoilt inside (a CHECK fails): lost with its page
        conn.execute("COMMIT")
    except sqlite3.Error as error:
        conn.execute("ROLLBACK")
        conn.close()
        raise storage_error(error, path) from None
    return conn, Recovered(kept, reason, saved)


def read_events(conn: sqlite3.Connection, since: date | None, until: date | None) -> list[tuple]:
    """Every event of the days ``since`` … ``until`` (None: no bound), in order.

    Each row is ``(day, run, at, kind, ticket, desk, place)``.

    Example: ``read_events(conn, date(2026, 11, 23), date(2026, 11, 23))[0][3]`` → ``'take'``
    """
    query = ("SELECT day, run, at, kind, ticket, desk, place FROM events "
             "WHERE day BETWEEN ? AND ? ORDER BY id")
    bounds = (since.isoformat() if since else "0000-00-00", until.isoformat() if until else "9999-99-99")
    return conn.execute(query, bounds).fetchall()


def recent_service_times(conn: sqlite3.Connection, limit: int) -> list[tuple[str, str]]:
    """The ``(call, served)`` times of the last ``limit`` people served, newest first.

    Each lookup of the call uses the index by ticket: the cost does not grow with the day.

    Example: ``recent_service_times(conn, 20)`` → ``[('2026-11-23T09:20:00+01:00', '…'), …]``
    """
    return conn.execute(
        """SELECT (SELECT c.at FROM events c WHERE c.day = s.day AND c.run = s.run
                   AND c.ticket = s.ticket AND c.kind = 'call' AND c.id < s.id
                   ORDER BY c.id DESC LIMIT 1), s.at
           FROM events s WHERE s.kind = 'served' AND s.day <> '' ORDER BY s.id DESC LIMIT ?""",
        (limit,),
    ).fetchall()
