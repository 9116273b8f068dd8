"""A damaged counter file: tell it, move it aside (kept for recovery), salvage its readable rows.

A hall screen's SD card can be cut mid-write or wear out. When a counter's SQLite file
cannot be read (damaged pages, random bytes, a cut end), the kit must keep running:
the file is renamed ``attente.sqlite3.abime-<date>`` beside it (never deleted), a
fresh file is started, and every row that can still be read is copied into it, so no
acknowledged event that is still readable is lost. No SQL schema lives here: the
caller (:mod:`~fabrique_kit.sources.counters.store`) creates the fresh file.

Example::

    problem = damage(path)             # None, or why the file is damaged
    if problem:
        kept = move_aside(path, now)   # .../attente.sqlite3.abime-2026-11-23-0900
        rows = list(salvage_rows(kept, "events", COLUMNS))
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

SIDE_FILES = ("-wal", "-shm", "-journal")
DAMAGED = (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB)  # what SQLite says of a spoilt file
FULL_CHECK_MAX_BYTES = 16 * 1024 * 1024  # about 100,000 events: checked whole at each opening (< 1 s)
NEW_FILE_S = 5.0  # an empty file younger than this is being created, not damaged
CHUNK = 2000  # rows read at once while salvaging (a bad page spoils at most a chunk, then halves)


def damage(path: Path) -> str | None:
    """None when ``path`` is missing or a sound SQLite file, else a short reason (SQLite's words).

    A file up to :data:`FULL_CHECK_MAX_BYTES` is checked whole (``PRAGMA quick_check``);
    a bigger one only in its schema and newest events, the rest being told when read.
    A 0-byte file is damaged: the kit never leaves one (its first opening writes the
    file's header at once, to switch to WAL mode), so an empty counter file is one whose
    content was lost (a power cut on a card that had not written it yet) and the day's
    queue and the year's figures must not vanish without a word. Only a file younger than
    :data:`NEW_FILE_S` (another process creating it right now) is taken as new.

    Example: ``damage(Path("attente.sqlite3"))`` → ``'file is not a database'``
    """
    if not path.is_file():
        return None
    info = path.stat()
    if info.st_size == 0:
        return None if time.time() - info.st_mtime < NEW_FILE_S else "empty file"
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=10)
    except sqlite3.Error:
        return None  # cannot even be opened (a folder, no right): not damage, the caller says why
    try:
        if info.st_size <= FULL_CHECK_MAX_BYTES:
            found = conn.execute("PRAGMA quick_check(1)").fetchone()
            if found is None or found[0] != "ok":
                return str(found[0] if found else "quick_check gave nothing")
        else:  # a big file: its schema and its newest pages (what the day reads); the rest when read
            conn.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()
            conn.execute("SELECT * FROM (SELECT * FROM events ORDER BY id DESC LIMIT 5000)").fetchall()
        return None
    except sqlite3.DatabaseError as error:
        if getattr(error, "sqlite_errorcode", None) in DAMAGED:
            return str(error)
        return None  # busy, locked, an I/O error: not the file's content
    finally:
        conn.close()


def move_aside(path: Path, now: datetime) -> Path:
    """Rename the damaged file (and its journal files) to ``<name>.abime-<date>``; returns the new path.

    Example: ``move_aside(Path("attente.sqlite3"), now)`` → ``Path('attente.sqlite3.abime-2026-11-23-0900')``
    """
    stamp = now.strftime("%Y-%m-%d-%H%M")
    target = path.with_name(f"{path.name}.abime-{stamp}")
    n = 1
    while target.exists():
        n += 1
        target = path.with_name(f"{path.name}.abime-{stamp}-{n}")
    for suffix in SIDE_FILES:  # the journal first: it belongs with the file it completes
        side = path.with_name(path.name + suffix)
        if side.exists():
            side.rename(target.with_name(target.name + suffix))
    path.rename(target)
    return target


def salvage_rows(kept: Path, table: str, columns: tuple[str, ...]) -> Iterator[tuple]:
    """The rows of ``table`` that can still be read from the damaged file ``kept``, by id.

    Reads by ranges of ids; a range that fails is halved until the bad rows are alone,
    and those are skipped. Nothing is written to ``kept`` (opened read-only, its journal
    beside it is still used when readable).

    Example: ``sum(1 for _ in salvage_rows(kept, "events", ("id", "at")))`` → ``1234``
    """
    try:
        conn = sqlite3.connect(f"file:{kept}?mode=ro", uri=True, timeout=10)
    except sqlite3.Error:
        return
    names = ", ".join(columns)
    try:
        try:
            low, high = conn.execute(f"SELECT MIN(id), MAX(id) FROM {table}").fetchone()
        except sqlite3.DatabaseError:
            low, high = 1, _guess_last_id(conn, table)
        if low is None or high is None:
            return
        starts = list(range(low, high + 1, CHUNK))
        stack = [(s, min(s + CHUNK - 1, high)) for s in reversed(starts)]
        while stack:
            first, last = stack.pop()
            try:
                rows = conn.execute(f"SELECT {names} FROM {table} WHERE id BETWEEN ? AND ? ORDER BY id",
                                    (first, last)).fetchall()
            except sqlite3.DatabaseError:
                if first == last:
                    continue  # this row is lost with its page
                middle = (first + last) // 2
                stack.extend([(middle + 1, last), (first, middle)])
                continue
            yield from rows
    finally:
        conn.close()


def _guess_last_id(conn: sqlite3.Connection, table: str) -> int | None:
    try:
        found = conn.execute("SELECT seq FROM sqlite_sequence WHERE name = ?", (table,)).fetchone()
        return int(found[0]) if found else None
    except sqlite3.DatabaseError:
        return None
