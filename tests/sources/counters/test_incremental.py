"""Today's queue is kept event by event: an action never replays the day, two counters on one
file agree with a fresh reading of it, and the hall screen gets the last three calls."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fabrique_kit.clock import FakeClock
from fabrique_kit.errors import FabriqueError
from fabrique_kit.model import CallRecord
from fabrique_kit.sources.counters import Counter


def statements(queue: Counter, action) -> list[str]:
    """The SQL statements one action runs, numbers blanked out."""
    seen: list[str] = []
    queue._conn.set_trace_callback(seen.append)
    try:
        action()
    finally:
        queue._conn.set_trace_callback(None)
    return [re.sub(r"'[^']*'|\b\d+\b", "?", s) for s in seen]


def test_an_action_runs_the_same_statements_at_ticket_1_and_ticket_2000(tmp_path):
    clock = FakeClock("2026-11-23 09:00")
    queue = Counter("attente", db_path=tmp_path / "attente.sqlite3", clock=clock, desks=2)
    queue.status()  # the day is read once, at the first use
    first_take = statements(queue, queue.take_ticket)
    first_call = statements(queue, lambda: queue.call_next(desk=1))
    for _ in range(2000):
        queue.take_ticket()
        clock.advance(seconds=5)
        queue.call_next(desk=1)
    assert statements(queue, queue.take_ticket) == first_take
    later_call = statements(queue, lambda: queue.call_next(desk=1))
    assert len(later_call) == len(first_call) + 1  # + the « served » of the person at the desk
    for sql in first_take + later_call:  # no statement reads the day's events again
        assert "WHERE day = ? AND run = ? ORDER BY id" not in sql and "events WHERE day" not in sql
    assert queue._queue.waiting == [] and len(queue._queue.called) == 1 and len(queue._queue.calls) <= 12  # only what is live


def test_recent_calls_newest_first_three_at_most_a_number_once(tmp_path):
    clock = FakeClock("2026-11-23 09:00")
    queue = Counter("attente", db_path=tmp_path / "attente.sqlite3", clock=clock, desks=2)
    assert queue.status().recent_calls == ()
    for _ in range(5):
        queue.take_ticket()
    moments = []
    for desk in (1, 2, 1, 2):
        clock.advance(minutes=3)
        moments.append(clock.now())
        queue.call_next(desk=desk)
    assert queue.status().recent_calls == (CallRecord(4, 2, moments[3]), CallRecord(3, 1, moments[2]),
                                           CallRecord(2, 2, moments[1]))
    queue.absent(ticket=4)
    queue.reopen(4)
    clock.advance(minutes=1)
    queue.call_next(desk=1)  # 3 is served, 4 (put back) is the smallest waiting: called again
    calls = queue.status().recent_calls
    assert [c.number for c in calls] == [4, 3, 2] and calls[0].desk == 1 and calls[0].at == clock.now()
    queue.reset()
    assert queue.status().recent_calls == ()  # a new numbering lists no old number
    queue.close()


ACTIONS = st.lists(
    st.tuples(
        st.sampled_from(["a", "b"]),  # which of the two counters on the same file acts
        st.one_of(
            st.just(("take_ticket",)),
            st.tuples(st.sampled_from(["call_next", "served", "absent"]), st.integers(1, 2)),
            st.tuples(st.just("reopen"), st.integers(1, 6)),
            st.just(("close_session",)),
            st.just(("reset",)),
            st.just(("turn_away",)),
            st.just(("next_day",)),
        ),
    ),
    max_size=45,
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ACTIONS)
def test_two_counters_on_one_file_agree_with_a_fresh_reading(actions):
    clock = FakeClock("2026-11-23 09:00")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "attente.sqlite3"
        counters = {name: Counter("attente", db_path=path, clock=clock, desks=2) for name in "ab"}
        for who, (action, *args) in actions:
            clock.advance(minutes=2)
            if action == "next_day":
                clock.advance(days=1)
                continue
            try:
                if action in ("call_next", "served", "absent"):
                    getattr(counters[who], action)(desk=args[0])
                else:
                    getattr(counters[who], action)(*args)
            except FabriqueError:
                pass  # a ticket not there: refused, nothing written
        fresh = Counter("attente", db_path=path, clock=clock, desks=2)
        expected = fresh.compute_status()
        for counter in counters.values():
            assert counter.compute_status() == expected
            counter.close()
        fresh.close()
