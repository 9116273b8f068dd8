"""Waiting counters with real SQLite files: actions, status, days, durability, concurrency."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from fabrique_kit.actions import Actions
from fabrique_kit.clock import FakeClock
from fabrique_kit.errors import FabriqueError
from fabrique_kit.model import CallRecord, DeskStatus, QueueStatus
from fabrique_kit.sources.counters import DEFAULT_SERVICE_MIN, Counter, counter_db_path
from fabrique_kit.state import State


@pytest.fixture
def clock():
    return FakeClock("2026-11-23 09:00")


@pytest.fixture
def db(tmp_path) -> Path:
    return counter_db_path(tmp_path, "attente")


@pytest.fixture
def queue(db, clock):
    counter = Counter("attente", db_path=db, clock=clock, desks=2, place="ESC Maurepas")
    yield counter
    counter.close()


def events(db: Path) -> list[tuple]:
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT kind, ticket, desk FROM events ORDER BY id").fetchall()


def taken(db: Path) -> list[int]:
    with sqlite3.connect(db) as conn:
        return [n for (n,) in conn.execute("SELECT ticket FROM events WHERE kind = 'take' ORDER BY ticket")]


# -- basics ------------------------------------------------------------------------------

def test_db_path_layout_and_names(tmp_path):
    assert counter_db_path(tmp_path, "attente") == tmp_path / ".fabrique" / "compteurs" / "attente.sqlite3"
    for bad in ("", "../x", "file d'attente", "é"):
        with pytest.raises(FabriqueError, match="nom d'un compteur"):
            counter_db_path(tmp_path, bad)


def test_file_is_wal_with_full_sync_and_holds_no_personal_data(queue, db):
    assert queue._conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        columns = [row[1] for row in conn.execute("PRAGMA table_info(events)")]
        refusals = [row[1] for row in conn.execute("PRAGMA table_info(turned_away)")]
        tables = [row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    assert columns == ["id", "at", "day", "run", "kind", "ticket", "desk", "place"]
    assert refusals == ["id", "at", "day", "place", "request"]  # a kind of request, never a name
    assert sorted(tables) == ["events", "sqlite_sequence", "turned_away"]


def test_take_call_and_status(queue, clock):
    assert [queue.take_ticket() for _ in range(3)] == [1, 2, 3]
    assert queue.call_next(desk=2) == 1
    status = queue.status()
    assert status == QueueStatus(
        name="attente", called=1, desk=2, waiting=2,
        estimated_wait_min=21, last_ticket=3, open=True,
        desks=(DeskStatus(1, None), DeskStatus(2, 1)), day=clock.now().date(),
        recent_calls=(CallRecord(1, 2, clock.now()),),
    )
    assert (queue.called, queue.waiting, queue.wait_min) == (1, 2, 21)


def test_call_next_serves_the_person_at_that_desk(queue, db):
    queue.take_ticket(), queue.take_ticket(), queue.take_ticket()
    queue.call_next(desk=1)
    queue.call_next(desk=2)
    assert queue.call_next(desk=1) == 3
    assert events(db)[-2:] == [("served", 1, 1), ("call", 3, 1)]
    assert queue.call_next(desk=1) is None  # nobody waits: 3 is served, no call
    assert events(db)[-1] == ("served", 3, 1)
    assert queue.status().desks == (DeskStatus(1, None), DeskStatus(2, 2))


def test_served_absent_and_reopen(queue, db):
    for _ in range(3):
        queue.take_ticket()
    queue.call_next(desk=1)
    assert queue.absent(desk=1) == 1
    assert queue.absent(desk=1) is None  # nobody at desk 1 now
    with pytest.raises(FabriqueError, match="ticket 2 n'est pas appelé"):
        queue.served(ticket=2)
    with pytest.raises(FabriqueError, match="déjà dans la file"):
        queue.reopen(2)
    with pytest.raises(FabriqueError, match="n'existe pas"):
        queue.reopen(9)
    assert queue.reopen("1") == 1  # the web API gives strings
    assert queue.waiting == 3
    assert queue.call_next(desk=2) == 1  # back in its place: first
    assert queue.served(ticket="1") == 1
    assert events(db)[-1] == ("served", 1, 2)


def test_bad_desk_or_ticket(queue):
    with pytest.raises(FabriqueError, match="numéro de bureau"):
        queue.call_next(desk=0)
    with pytest.raises(FabriqueError, match="numéro de ticket"):
        queue.reopen("abc")


def test_close_session_and_reset(queue, db):
    for _ in range(4):
        queue.take_ticket()
    queue.call_next(desk=1)
    assert queue.close_session() == 3
    assert events(db)[-2:] == [("served", 1, 1), ("close_session", None, None)]
    status = queue.status()
    assert (status.open, status.waiting, status.desks[0].called) == (False, 0, None)
    assert queue.take_ticket() == 5  # a new session; the numbers go on
    assert queue.status().open is True
    assert queue.reset() == 1
    assert queue.take_ticket() == 1
    assert queue.status().last_ticket == 1


def test_a_new_day_starts_at_one(queue, clock):
    state = State(clock)
    queue.attach(state)
    queue.take_ticket(), queue.take_ticket()
    clock.set("2026-11-23 23:59:30")
    assert queue.refresh(state) is None
    assert state.get("attente").waiting == 2
    clock.advance(minutes=1)
    queue.refresh(state)
    status = state.get("attente")
    assert (status.waiting, status.last_ticket, str(status.day)) == (0, None, "2026-11-24")
    assert queue.take_ticket() == 1


def test_wait_estimate_uses_recent_service_times(queue, clock):
    for _ in range(6):
        queue.take_ticket()
    assert queue.wait_min == 6 * DEFAULT_SERVICE_MIN / 2  # two desks, no history yet
    for minutes in (10, 14, 12):
        queue.call_next(desk=1)
        clock.advance(minutes=minutes)
        queue.served(desk=1)
    assert queue.waiting == 3
    assert queue.wait_min == 18  # median 12 min × 3 people / 2 desks


def test_attach_register_actions_and_state(queue, clock):
    state, actions = State(clock), Actions()
    queue.attach(state)
    assert state.get("attente").waiting == 0
    queue.register_actions(actions)
    assert actions.names() == sorted(f"attente.{a}" for a in (
        "take_ticket", "call_next", "served", "absent", "reopen", "close_session", "reset", "turn_away"))
    assert actions.run("attente.take_ticket") == 1
    assert actions.run("attente.take_ticket") == 2
    version = state.value("attente").version
    assert actions.run("attente.call_next", desk=2) == 1
    assert state.value("attente").version == version + 1
    assert state.get("attente").called == 1 and queue.called == 1
    assert actions.run("attente.served", ticket=1) == 1


def test_status_reads_through_the_state(queue, clock):
    from fabrique_kit.state import track_reads

    queue.attach(State(clock))
    with track_reads() as names:
        assert queue.called is None
    assert names == {"attente"}


def test_another_process_actions_are_seen_on_refresh(queue, db, clock):
    state = State(clock)
    queue.attach(state)
    other = Counter("attente", db_path=db, clock=clock)
    other.take_ticket()
    other.close()
    assert state.get("attente").waiting == 0
    queue.refresh(state)
    assert state.get("attente").waiting == 1


def test_a_locked_file_gives_a_clear_error_then_works(db, clock, monkeypatch):
    import fabrique_kit.sources.counters.store as counters

    monkeypatch.setattr(counters, "BUSY_TIMEOUT_MS", 200)
    queue = Counter("attente", db_path=db, clock=clock)
    other = sqlite3.connect(db, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another process holds the write lock
    with pytest.raises(FabriqueError, match="occupé"):
        queue.take_ticket()
    other.execute("ROLLBACK")
    other.close()
    assert queue.take_ticket() == 1
    queue.close()


def test_refresh_never_raises(queue, clock, db):
    state = State(clock)
    queue.attach(state)
    queue.close()
    db.unlink()
    db.mkdir()  # the file became a folder: unreadable
    assert queue.refresh(state) is None
    assert "compteur illisible" in state.value("attente").error


# -- concurrency and durability ------------------------------------------------------------

def test_threads_never_share_or_lose_a_ticket(db, clock):
    shared = Counter("attente", db_path=db, clock=clock)
    results, errors = [], []

    def work(counter):
        try:
            for _ in range(20):
                results.append(counter.take_ticket())
        except Exception as error:  # pragma: no cover - would fail the test below
            errors.append(error)

    own = [Counter("attente", db_path=db, clock=clock) for _ in range(4)]
    threads = [threading.Thread(target=work, args=(c,)) for c in [shared] * 4 + own]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(results) == list(range(1, 161))
    assert taken(db) == list(range(1, 161))


CHILD = r"""
import sys
from pathlib import Path
from fabrique_kit.sources.counters import Counter
counter = Counter("attente", db_path=Path(sys.argv[1]))
for i in range(int(sys.argv[2])):
    number = counter.take_ticket()
    print(f"take {number}", flush=True)
    if i % 3 == 2:
        called = counter.call_next(desk=1)
        print(f"call {called}", flush=True)
"""


def test_processes_never_share_or_lose_a_ticket(db):
    Counter("attente", db_path=db).close()
    children = [subprocess.Popen([sys.executable, "-c", CHILD, str(db), "25"], stdout=subprocess.PIPE, text=True)
                for _ in range(4)]
    numbers = []
    for child in children:
        out, _ = child.communicate(timeout=60)
        assert child.returncode == 0
        numbers += [int(line.split()[1]) for line in out.splitlines() if line.startswith("take")]
    assert sorted(numbers) == list(range(1, 101))
    assert taken(db) == list(range(1, 101))
    calls = [n for kind, n, _desk in events(db) if kind == "call"]
    assert len(calls) == len(set(calls)) == 4 * 8


def test_sigkill_in_a_burst_loses_no_acknowledged_action(db):
    acknowledged_takes, acknowledged_calls = [], []
    for _round in range(3):
        child = subprocess.Popen([sys.executable, "-c", CHILD, str(db), "100000"],
                                 stdout=subprocess.PIPE, text=True)
        lines = []
        for line in child.stdout:
            lines.append(line)
            if len(lines) == 60:
                child.kill()  # SIGKILL in the middle of the burst
                break
        child.wait(timeout=30)
        assert child.returncode == -9
        lines += child.stdout.read().splitlines()  # printed before the kill, so acknowledged too
        child.stdout.close()
        for line in lines:
            kind, number = line.split()
            if kind == "take":
                acknowledged_takes.append(int(number))
            elif number != "None":
                acknowledged_calls.append(int(number))
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    numbers = taken(db)
    assert len(numbers) == len(set(numbers))
    assert numbers == list(range(1, len(numbers) + 1))  # no gap, no duplicate
    assert set(acknowledged_takes) <= set(numbers)
    assert len(numbers) - len(acknowledged_takes) <= 3  # at most one unacknowledged per kill
    calls = [n for kind, n, _desk in events(db) if kind == "call"]
    assert set(acknowledged_calls) <= set(calls) and len(calls) == len(set(calls))
    survivor = Counter("attente", db_path=db)
    assert survivor.take_ticket() == len(numbers) + 1
    survivor.close()
