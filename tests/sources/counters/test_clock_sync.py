"""A Pi without a clock of its own: tickets before the time is known have no day, keep their
numbers and are filed once it is known; the check itself reads systemd, timedatectl, a floor."""

from __future__ import annotations

import sqlite3
from datetime import UTC, date, datetime

import pytest

from fabrique_kit.clock import FakeClock
from fabrique_kit.clock_sync import build_floor, clock_is_synchronised
from fabrique_kit.errors import FabriqueError
from fabrique_kit.sources.counters import Counter, counter_db_path
from fabrique_kit.sources.counters.bilan import compute
from fabrique_kit.state import State


def rows(path) -> list[tuple]:
    with sqlite3.connect(path) as conn:
        return conn.execute("SELECT day, run, kind, ticket, at FROM events ORDER BY id").fetchall()


def test_clock_check_reads_the_flag_then_timedatectl_then_a_floor(tmp_path, monkeypatch):
    import fabrique_kit.clock_sync as clock_sync

    monkeypatch.setattr(clock_sync, "_trusted", False)  # another test may have trusted this machine's clock
    flag = tmp_path / "synchronized"
    after = datetime(2030, 1, 1, tzinfo=UTC).timestamp()
    before = datetime(1970, 1, 2, tzinfo=UTC).timestamp()
    assert clock_is_synchronised(flag=flag, ask=lambda: True, now=lambda: before)  # NTPSynchronized=yes
    assert not clock_is_synchronised(flag=flag, ask=lambda: False, now=lambda: after)  # NTP on, not yet
    assert not clock_is_synchronised(flag=flag, ask=lambda: None, now=lambda: before)  # no NTP: 1970 is wrong
    assert clock_is_synchronised(flag=flag, ask=lambda: None, now=lambda: after)
    flag.write_text("")
    assert clock_is_synchronised(flag=flag, ask=lambda: False, now=lambda: before)  # timesyncd's flag file
    assert build_floor() >= datetime(2026, 11, 1, tzinfo=UTC)


def test_tickets_before_the_time_is_known_keep_their_numbers_and_get_their_day(tmp_path):
    path = counter_db_path(tmp_path, "attente")
    day = FakeClock("2026-11-23 16:00")
    queue = Counter("attente", db_path=path, clock=day, place="ESC Maurepas")
    assert [queue.take_ticket() for _ in range(3)] == [1, 2, 3]
    queue.call_next()
    queue.close()
    # power cut; the Pi boots in 1970 with no network
    trusted = [False]
    boot = FakeClock("1970-01-01 01:00")
    state = State(boot)
    queue = Counter("attente", db_path=path, clock=boot, place="ESC Maurepas", clock_trusted=lambda: trusted[0])
    queue.attach(state)
    assert queue.status().day is None and queue.status().last_ticket == 3  # the queue goes on
    assert queue.take_ticket() == 4  # never a number given before
    boot.advance(minutes=5)
    assert queue.call_next() == 2
    queue.turn_away("emploi")
    assert [r[0] for r in rows(path)[-3:]] == ["", "", ""]  # no day yet
    # the network gives the time: the next morning, 9:05 (5 minutes after ticket 4)
    trusted[0] = True
    boot.jump("2026-11-24 09:05")
    queue.refresh(state)
    filed = rows(path)
    assert not [r for r in filed if r[0] == ""]
    take4 = next(r for r in filed if r[2] == "take" and r[3] == 4)
    assert take4[0] == "2026-11-24" and take4[4].startswith("2026-11-24T09:00")  # its true time
    assert [r[3] for r in filed if r[2] == "take" and r[0] == "2026-11-23"] == [1, 2, 3]
    status = queue.status()
    assert status.day == date(2026, 11, 24) and status.last_ticket == 4
    assert queue.take_ticket() == 5  # 1 to 4 were given: never again on this day
    bilan = compute([path], 2026, today=date(2026, 11, 24)).by_month()["2026-11"]
    assert bilan.tickets == 5 and bilan.turned_away == 1
    queue.close()


def test_a_restart_the_same_day_files_them_with_that_day(tmp_path):
    path = counter_db_path(tmp_path, "attente")
    clock = FakeClock("2026-11-23 09:00")
    queue = Counter("attente", db_path=path, clock=clock)
    queue.take_ticket()
    queue.take_ticket()
    queue.close()
    trusted = [False]
    queue = Counter("attente", db_path=path, clock=clock, clock_trusted=lambda: trusted[0])
    clock.advance(minutes=10)
    assert queue.take_ticket() == 3
    queue.reset()  # a reset while the time is unknown: the numbers start again at 1
    assert queue.take_ticket() == 1
    trusted[0] = True
    queue.refresh(State(clock))
    assert [(r[0], r[1], r[2], r[3]) for r in rows(path) if r[2] == "take"] == [
        ("2026-11-23", 0, "take", 1), ("2026-11-23", 0, "take", 2), ("2026-11-23", 0, "take", 3),
        ("2026-11-23", 1, "take", 1)]
    assert queue.take_ticket() == 2 and queue.status().day == date(2026, 11, 23)
    queue.close()


def test_a_refused_action_does_not_lose_the_filing_it_started(tmp_path):
    path = counter_db_path(tmp_path, "attente")
    clock = FakeClock("2026-11-23 09:00")
    trusted = [False]
    queue = Counter("attente", db_path=path, clock=clock, clock_trusted=lambda: trusted[0])
    assert queue.take_ticket() == 1
    trusted[0] = True
    with pytest.raises(FabriqueError, match="n'existe pas"):
        queue.reopen(7)  # refused (no such ticket): its transaction, filing included, is undone
    assert queue.status().day == date(2026, 11, 23)  # filed again by the next reading
    assert not [r for r in rows(path) if r[0] == ""]
    assert queue.take_ticket() == 2
    queue.close()


def test_timedatectl_is_read_for_real(tmp_path, monkeypatch):
    """A real ``timedatectl`` program (a script in the PATH) answers; its words decide."""
    from fabrique_kit.clock_sync import _timedatectl

    program = tmp_path / "timedatectl"
    for output, expected in (("NTPSynchronized=yes\nNTP=yes", True), ("NTPSynchronized=no\nNTP=yes", False),
                             ("NTPSynchronized=no\nNTP=no", None)):
        program.write_text(f"#!/bin/sh\nprintf '{output}\\n'\n")
        program.chmod(0o755)
        monkeypatch.setenv("PATH", f"{tmp_path}:/usr/bin:/bin")
        assert _timedatectl() is expected
    program.write_text("#!/bin/sh\nexit 1\n")  # no systemd running (a container)
    assert _timedatectl() is None
