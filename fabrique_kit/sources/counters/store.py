"""Where a waiting counter's events are kept: the SQLite file, its table and its queries.

The file is opened in WAL mode with ``synchronous=FULL`` so an action that returned
survives a power cut; see :mod:`fabrique_kit.sources.counters` for the whole story.

Example::

    conn = connect(counter_db_path("~/afficheur", "attente"))
    rows = read_events(conn, since=date(2026, 1, 1), until=None)
"""

from __future__ import annotations

import re
import sqlite3
from datetime import date
from pathlib import Path

from fabrique_kit.errors import FabriqueError
from fabrique_kit.i18n import _

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

    Example: ``recent_service_times(conn, 20)`` → ``[('2026-11-23T09:20:00+01:00', '…'), …]``
    """
    return conn.execute(
        """SELECT c.at, s.at FROM events s
           JOIN events c ON c.day = s.day AND c.run = s.run AND c.ticket = s.ticket
                AND c.kind = 'call'
                AND c.id = (SELECT MAX(id) FROM events WHERE day = s.day AND run = s.run
                            AND ticket = s.ticket AND kind = 'call' AND id < s.id)
           WHERE s.kind = 'served' ORDER BY s.id DESC LIMIT ?""",
        (limit,),
    ).fetchall()
