"""A damaged counter file (damaged pages, random bytes, cut short, emptied) is moved aside,
a fresh one started with every row still readable, and the screen and admin say so."""

from __future__ import annotations

import os
import random
import sqlite3
import time
from pathlib import Path

import pytest

from fabrique_kit.clock import FakeClock
from fabrique_kit.project import new_project, run_project
from fabrique_kit.sources.counters import Counter, counter_db_path
from fabrique_kit.sources.counters.recovery import damage
from fabrique_kit.state import State
from tests.waiting import wait_until

COLUMNS = "id, at, day, run, kind, ticket, desk, place"


@pytest.fixture
def clock():
    return FakeClock("2026-11-23 09:00")


def busy_day(path: Path, clock, tickets: int = 400) -> list[tuple]:
    """A counter file with ``tickets`` tickets taken, called and served; returns its rows."""
    queue = Counter("attente", db_path=path, clock=clock, place="ESC Maurepas")
    for _ in range(tickets):
        queue.take_ticket()
        clock.advance(seconds=30)
        queue.call_next()
    queue.turn_away("CAF")
    queue.close()
    with sqlite3.connect(path) as conn:
        return conn.execute(f"SELECT {COLUMNS} FROM events ORDER BY id").fetchall()


def readable_rows(path: Path, top: int) -> set[tuple]:
    """Every row of the damaged file that SQLite can still read, one id at a time."""
    found = set()
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    for row_id in range(1, top + 1):
        try:
            row = conn.execute(f"SELECT {COLUMNS} FROM events WHERE id = ?", (row_id,)).fetchone()
        except sqlite3.DatabaseError:
            continue
        if row is not None:
            found.add(row)
    conn.close()
    return found


def spoil_pages(path: Path) -> None:
    data = bytearray(path.read_bytes())
    page = 4096
    rng = random.Random(18)
    for number in (3, 7, 11):  # a few pages in the middle, the header left sound
        start = number * page
        data[start:start + page] = bytes(rng.randrange(256) for _ in range(page))
    path.write_bytes(bytes(data))


def random_bytes(path: Path) -> None:
    path.write_bytes(os.urandom(path.stat().st_size))


def cut_short(path: Path) -> None:
    with path.open("r+b") as handle:
        handle.truncate(path.stat().st_size // 2 + 100)


def emptied(path: Path) -> None:
    path.write_bytes(b"")
    old = time.time() - 60  # emptied a while ago (a power cut), not being created now
    os.utime(path, (old, old))


@pytest.mark.parametrize("harm", [spoil_pages, random_bytes, cut_short, emptied])
def test_a_damaged_file_is_moved_aside_and_its_readable_rows_kept(tmp_path, clock, harm):
    path = counter_db_path(tmp_path, "attente")
    rows = busy_day(path, clock)
    harm(path)
    assert damage(path) is not None
    spoilt = path.read_bytes()
    still_readable = readable_rows(path, len(rows)) if harm is not emptied else set()
    state = State(clock)
    queue = Counter("attente", db_path=path, clock=clock, place="ESC Maurepas")
    queue.attach(state)
    kept = [p for p in path.parent.glob("attente.sqlite3.abime-2026-11-23-*") if not p.name.endswith(("-wal", "-shm"))]
    assert len(kept) == 1 and kept[0].read_bytes() == spoilt  # kept as it was, for a recovery
    with sqlite3.connect(path) as conn:
        saved = set(conn.execute(f"SELECT {COLUMNS} FROM events"))
        refusals = conn.execute("SELECT COUNT(*) FROM turned_away").fetchone()[0]
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert still_readable <= saved <= set(rows)  # every readable row, nothing made up
    if harm is spoil_pages:
        assert len(saved) > len(rows) // 2
    # the screen says it without a path; the admin and the preview say what happened and what to do
    assert "abîmé" in queue.public_notice and "/" not in queue.public_notice
    detail = state.value("attente").error
    assert kept[0].name in detail and "Que faire" in detail and f"les {len(saved) + refusals} lignes" in detail
    # the counter works on: the numbers go on after the last readable ticket of the day
    last = max((r[5] for r in saved if r[4] == "take"), default=0)
    assert queue.take_ticket() == last + 1
    assert state.value("attente").error == detail  # still told after an action, until the next day
    version = state.value("attente").version
    queue.refresh(state)
    assert state.value("attente").version == version  # told once: no redraw each minute for it
    clock.advance(days=1)
    queue.refresh(state)
    assert queue.public_notice is None and state.value("attente").error is None
    queue.close()


def test_a_new_empty_file_or_a_sound_one_is_not_damage(tmp_path, clock):
    path = tmp_path / "attente.sqlite3"
    path.write_bytes(b"")  # another process creating it right now
    assert damage(path) is None
    path.unlink()
    busy_day(path, clock, tickets=3)
    assert damage(path) is None
    assert damage(tmp_path / "absent.sqlite3") is None


def test_the_kit_starts_with_a_damaged_counter_and_says_it_on_the_frame(tmp_path, clock):
    project = new_project("afficheur", tmp_path / "afficheur")
    config = project / "fabrique.toml"
    config.write_text(config.read_text(encoding="utf-8") + "\n[reseau]\ndecouverte = false\n", encoding="utf-8")
    path = counter_db_path(project, "attente")
    busy_day(path, clock, tickets=50)
    random_bytes(path)
    kit = run_project(project, mode="load", quiet=True, simulate=True, port=0, clock=FakeClock("2026-11-23 10:00"))
    kit.start()
    try:
        def status() -> str:
            frame = kit.web.latest_frame()
            return " ".join(frame.display.texts("status")) if frame is not None else ""

        wait_until(lambda: "abîmé" in status(), timeout=10)
        assert "sqlite" not in status().lower()
        assert "mis de côté" in kit.state.value("attente").error
        assert kit.counter("attente").take_ticket() == 1  # a fresh file: nothing was readable
    finally:
        kit.close()
