"""Tickets taken before the clock was trusted: kept without a day, then filed once time is known.

A Raspberry Pi has no clock of its own: after a power cut it may boot at the time it
stopped, or in 1970, until the network gives the time. Tickets taken meanwhile are
written with the day ``''`` (:data:`~fabrique_kit.sources.counters.store.PENDING_DAY`)
and numbered after the last ticket the file knows, so no number is given twice. Once
the time is trusted, :func:`file_pending` gives them their day: the day of the
numbering they continue when it is today, else today (their times are corrected by
the jump of the clock when the counter saw it, see ``shift``).

Example::

    conn.execute("BEGIN IMMEDIATE")
    file_pending(conn, "2026-11-23", shift=timedelta(hours=6))
    conn.execute("COMMIT")
"""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta

from fabrique_kit.sources.counters.store import PENDING_DAY


def last_known_run(conn: sqlite3.Connection) -> tuple[str, int] | None:
    """The ``(day, run)`` of the newest event written with a trusted day, or None.

    Example: ``last_known_run(conn)`` → ``('2026-11-22', 0)``
    """
    found = conn.execute(
        "SELECT day, run FROM events WHERE day <> ? ORDER BY id DESC LIMIT 1", (PENDING_DAY,)
    ).fetchone()
    return (found[0], found[1]) if found else None


def pending_runs(conn: sqlite3.Connection) -> int | None:
    """The highest run among the events without a day (a reset while pending starts one), or None.

    Example: ``pending_runs(conn)`` → ``0`` (some tickets wait for their day)
    """
    return conn.execute("SELECT MAX(run) FROM events WHERE day = ?", (PENDING_DAY,)).fetchone()[0]


def _collides(conn: sqlite3.Connection, day: str, base: int) -> bool:
    return conn.execute(
        """SELECT 1 FROM events p JOIN events t ON t.day = ? AND t.run = ? + p.run
                AND t.ticket = p.ticket AND t.kind = 'take'
           WHERE p.day = ? AND p.kind = 'take' LIMIT 1""",
        (day, base, PENDING_DAY),
    ).fetchone() is not None


def _current_run(conn: sqlite3.Connection, day: str) -> int:
    return conn.execute("SELECT COUNT(*) FROM events WHERE day = ? AND kind = 'reset'", (day,)).fetchone()[0]


def file_pending(conn: sqlite3.Connection, today: str, shift: timedelta | None) -> str | None:
    """Give the events without a day their day (inside the caller's transaction); returns it.

    The pending run ``k`` becomes the run ``base + k`` of the chosen day, where ``base``
    is the numbering they continued (same day) or today's current run. If today's
    numbers would clash (another kit wrote today meanwhile), they are filed with the
    numbering they continued, where they cannot clash. ``shift`` (the clock's jump, when
    known) is added to their times; unknown, their times stay as the untrusted clock gave.

    Example: ``file_pending(conn, "2026-11-23", None)`` → ``'2026-11-23'``
    """
    if pending_runs(conn) is None:
        return None
    first_pending = conn.execute("SELECT MIN(id) FROM events WHERE day = ?", (PENDING_DAY,)).fetchone()[0]
    before = conn.execute(
        "SELECT day, run + (kind = 'reset') FROM events WHERE day <> ? AND id < ? ORDER BY id DESC LIMIT 1",
        (PENDING_DAY, first_pending),
    ).fetchone()  # the numbering they continued (after a reset: the next one)
    if before is not None and before[0] >= today:
        day, base = before[0], before[1]
    else:
        day, base = today, _current_run(conn, today)
        if before is not None and _collides(conn, day, base):
            day, base = before[0], before[1]
    if shift:
        for table in ("events", "turned_away"):
            rows = conn.execute(f"SELECT id, at FROM {table} WHERE day = ?", (PENDING_DAY,)).fetchall()
            for row_id, at in rows:
                moved = (datetime.fromisoformat(at) + shift).isoformat()
                conn.execute(f"UPDATE {table} SET at = ? WHERE id = ?", (moved, row_id))
    conn.execute("UPDATE events SET day = ?, run = run + ? WHERE day = ?", (day, base, PENDING_DAY))
    conn.execute("UPDATE turned_away SET day = ? WHERE day = ?", (day, PENDING_DAY))
    return day
