"""The state: versions only change when values change; waiters wake on change."""

import threading
import time

import pytest

from fabrique_kit.actions import Actions
from fabrique_kit.clock import FakeClock
from fabrique_kit.errors import FabriqueError
from fabrique_kit.state import State, track_reads


def test_versions_only_move_on_change():
    clock = FakeClock("2026-11-23 10:00")
    state = State(clock)
    assert state.set("message", "Fermé lundi") is True
    assert state.set("message", "Fermé lundi") is False
    assert state.value("message").version == 1
    clock.advance(minutes=5)
    state.set("message", "Fermé lundi")
    value = state.value("message")
    assert value.version == 1
    assert value.age(clock.now()) == 0
    assert value.changed < value.refreshed


def test_fail_keeps_last_good_value_and_touch_clears_error():
    state = State(FakeClock())
    state.set("actus", ["a"])
    state.fail("actus", "flux injoignable")
    assert state.get("actus") == ["a"]
    assert state.value("actus").error == "flux injoignable"
    version = state.version
    state.fail("actus", "flux injoignable")
    assert state.version == version  # same error twice: no redraw
    state.touch("actus")
    assert state.value("actus").error is None
    assert state.version == version + 1


def test_wait_for_change_wakes_on_set_and_on_cancel():
    state = State()
    results = []
    thread = threading.Thread(target=lambda: results.append(state.wait_for_change(0, timeout=5)))
    thread.start()
    time.sleep(0.05)
    state.set("x", 1)
    thread.join(2)
    assert results == [1]
    cancel = threading.Event()
    started = time.monotonic()
    thread = threading.Thread(target=lambda: state.wait_for_change(99, timeout=5, cancel=cancel))
    thread.start()
    cancel.set()
    state.wake_all()
    thread.join(2)
    assert time.monotonic() - started < 1


def test_track_reads_and_listeners():
    state = State()
    seen = []
    unsubscribe = state.subscribe(seen.append)
    state.set("a", 1)
    state.set("b", 2)
    with track_reads() as names:
        state.get("a")
        state.value("b")
    assert names == {"a", "b"}
    unsubscribe()
    state.set("a", 3)
    assert seen == [{"a"}, {"b"}]


def test_actions_run_and_explain_mistakes():
    actions = Actions()
    calls = []
    actions.register("attente.call_next", lambda desk=1: calls.append(desk) or desk)
    assert actions.run("attente.call_next", desk=2) == 2
    with pytest.raises(FabriqueError) as caught:
        actions.run("attente.cal_next")
    assert "attente.call_next" in caught.value.problems[0].hint
    with pytest.raises(FabriqueError):
        actions.run("attente.call_next", guichet=2)
    assert calls == [2]
