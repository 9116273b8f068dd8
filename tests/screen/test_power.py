"""The screen's power backends (fake runners, a fake sysfs file) and its weekly schedule."""

from __future__ import annotations

import json
import subprocess
import time
from datetime import datetime, timedelta

import pytest

from fabrique_kit.clock import PARIS, FakeClock
from fabrique_kit.errors import FabriqueError
from fabrique_kit.screen.power import (
    CecPower,
    FramebufferBlankPower,
    ScreenPower,
    ScreenSchedule,
    VcgencmdPower,
    WlrRandrPower,
    choose_power,
)
from fabrique_kit.sources.semainier import SemainierSource
from fabrique_kit.state import State


class FakeRunner:
    def __init__(self, returncode: int = 0):
        self.calls: list[list[str]] = []
        self.returncode = returncode

    def __call__(self, command):
        self.calls.append(command)
        return subprocess.CompletedProcess(command, self.returncode, "", "boom" if self.returncode else "")


def test_vcgencmd_backend():
    runner = FakeRunner()
    power = VcgencmdPower(runner)
    assert power.off() and power.is_on is False
    assert power.on() and power.is_on is True
    assert runner.calls == [["vcgencmd", "display_power", "0"], ["vcgencmd", "display_power", "1"]]


def test_wlr_randr_backend_reaches_the_desktop_from_a_service():
    runner = FakeRunner()
    WlrRandrPower(runner, environ={}).off()
    WlrRandrPower(runner, output="HDMI-A-2", environ={"WAYLAND_DISPLAY": "wayland-1"}).on()
    assert runner.calls[0][0] == "env" and "WAYLAND_DISPLAY=wayland-0" in runner.calls[0]
    assert runner.calls[0][-3:] == ["--output", "HDMI-A-1", "--off"]
    assert runner.calls[1] == ["wlr-randr", "--output", "HDMI-A-2", "--on"]


def test_cec_backends():
    runner = FakeRunner()
    CecPower(runner, "cec-ctl").off()
    CecPower(runner, "cec-client").on()
    assert runner.calls[0] == ["cec-ctl", "--to", "0", "--standby"]
    assert runner.calls[1] == ["sh", "-c", "echo 'on 0' | cec-client -s -d 1"]


def test_framebuffer_blank_file(tmp_path):
    blank = tmp_path / "blank"
    blank.write_text("0")
    power = FramebufferBlankPower(blank)
    power.off()
    assert blank.read_text() == "1"
    power.on()
    assert blank.read_text() == "0"


def test_a_failing_backend_never_raises(tmp_path):
    power = VcgencmdPower(FakeRunner(returncode=1))
    assert power.off() is False and power.is_on is None
    missing = FramebufferBlankPower(tmp_path / "no" / "blank")
    assert missing.off() is False


def test_choose_power_automatic_and_forced(tmp_path):
    blank = tmp_path / "blank"
    blank.write_text("0")
    nothing = lambda name: None  # noqa: E731
    every = lambda name: f"/usr/bin/{name}"  # noqa: E731
    assert isinstance(choose_power(which=every, environ={"WAYLAND_DISPLAY": "wayland-0"}, fb_blank=blank), WlrRandrPower)
    assert isinstance(choose_power(which=nothing, environ={}, fb_blank=blank), FramebufferBlankPower)
    assert isinstance(choose_power(which=every, environ={}, fb_blank=tmp_path / "none"), VcgencmdPower)
    only_cec = lambda name: "/usr/bin/cec-client" if name == "cec-client" else None  # noqa: E731
    chosen = choose_power(which=only_cec, environ={}, fb_blank=tmp_path / "none")
    assert isinstance(chosen, CecPower) and chosen.tool == "cec-client"
    assert type(choose_power(which=nothing, environ={}, fb_blank=tmp_path / "none")) is ScreenPower
    assert isinstance(choose_power("vcgencmd", which=nothing), VcgencmdPower)
    with pytest.raises(FabriqueError, match="vcgencmd"):
        choose_power("vcgencmd-typo")


SEMAINIER = {
    "valable_du": "2026-09-01",
    "jours_feries": False,
    "fermetures": [{"du": "2026-11-26", "au": "2026-11-26", "motif": "Formation de l'équipe"}],
    "lieux": [{
        "nom": "Espace Social Commun Maurepas",
        "horaires": {
            "lundi": "09:00-12:30, 13:30-17:30",
            "mardi": "13:30-17:30",
            "mercredi": "09:00-12:30",
            "jeudi": "09:00-17:00",
            "vendredi": "09:00-12:00, 12:10-16:00",
        },
    }],
}


class RecordingPower(ScreenPower):
    name = "test"

    def __init__(self, clock):
        super().__init__()
        self.clock = clock
        self.calls: list[tuple[str, str]] = []

    def _switch(self, on: bool) -> bool:
        self.calls.append((self.clock.now().strftime("%a %d %H:%M"), "on" if on else "off"))
        return True


@pytest.fixture
def planning(tmp_path):
    path = tmp_path / "semainier.json"
    path.write_text(json.dumps(SEMAINIER, ensure_ascii=False), encoding="utf-8")
    clock = FakeClock("2026-11-23 00:00")  # a Monday
    state = State(clock)
    source = SemainierSource(path, state=state)
    source.refresh(state)
    assert source.current() is not None, state.value("semainier").error
    return source, clock, state


def test_a_week_of_switches_with_a_closure_day(planning):
    source, clock, _state = planning
    power = RecordingPower(clock)
    schedule = ScreenSchedule(source, power, clock, before=timedelta(minutes=15), after=timedelta(minutes=5))
    schedule.apply()
    steps = 0
    while (change := schedule.next_change()) is not None and change < datetime(2026, 11, 30, 10, tzinfo=PARIS):
        clock.set(change)  # jump straight to the next change: nothing polls in between
        schedule.apply()
        steps += 1
    assert power.calls == [
        ("Mon 23 00:00", "off"),
        ("Mon 23 08:45", "on"), ("Mon 23 12:35", "off"),   # lunch: off 12:35, on 13:15
        ("Mon 23 13:15", "on"), ("Mon 23 17:35", "off"),
        ("Tue 24 13:15", "on"), ("Tue 24 17:35", "off"),
        ("Wed 25 08:45", "on"), ("Wed 25 12:35", "off"),
        # Thursday 26: closed for training, the screen stays off
        ("Fri 27 08:45", "on"), ("Fri 27 16:05", "off"),   # a 10-minute break keeps it on
        ("Mon 30 08:45", "on"),
    ]
    assert steps == len(power.calls) - 1  # one wake-up per switch


def test_wanted_and_next_change_at_given_times(planning):
    source, clock, _state = planning
    schedule = ScreenSchedule(source, ScreenPower(), clock)
    at = lambda text: datetime.fromisoformat(text).replace(tzinfo=PARIS)  # noqa: E731
    assert schedule.wanted(at("2026-11-23 08:44")) is False
    assert schedule.wanted(at("2026-11-23 08:45")) is True
    assert schedule.wanted(at("2026-11-26 10:00")) is False  # closure day
    assert schedule.next_change(at("2026-11-25 12:40")) == at("2026-11-27 08:45")


def test_without_a_schedule_the_screen_stays_on(tmp_path):
    clock = FakeClock("2026-11-23 03:00")
    state = State(clock)
    source = SemainierSource(tmp_path / "absent.json", state=state)
    source.refresh(state)
    power = RecordingPower(clock)
    schedule = ScreenSchedule(source, power, clock)
    assert schedule.apply() is True and schedule.next_change() is None
    assert power.calls == [("Mon 23 03:00", "on")]


def test_thread_sleeps_until_woken_and_follows_semainier_changes(planning, tmp_path):
    source, clock, state = planning
    clock.set("2026-11-23 07:00")
    power = RecordingPower(clock)
    schedule = ScreenSchedule(source, power, clock).start(state)
    try:
        wait_for(lambda: power.calls == [("Mon 23 07:00", "off")])
        # the semainier changes: now open from 06:00 -> the screen comes on at once
        edited = dict(SEMAINIER, lieux=[dict(SEMAINIER["lieux"][0], horaires={"lundi": "06:00-18:00"})])
        source.path.write_text(json.dumps(edited, ensure_ascii=False), encoding="utf-8")
        source.refresh(state)  # the kit's scheduler does this; the state change wakes the schedule
        wait_for(lambda: power.calls[-1] == ("Mon 23 07:00", "on"))
        clock.set("2026-11-23 18:06")
        schedule.wake()
        wait_for(lambda: power.calls[-1] == ("Mon 23 18:06", "off"))
    finally:
        schedule.stop()
    assert power.calls[-1][1] == "on"  # a stopped kit leaves the screen on


def wait_for(condition, timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "condition not met in time"
        time.sleep(0.01)


@pytest.mark.parametrize("start, jump, before, after", [
    ("1970-01-01 01:00", "2026-11-23 10:00", "off", "on"),  # a Pi without RTC gets the time from the network
    ("2026-11-23 10:00", "2026-11-23 06:00", "on", "off"),  # set back by hand
])
def test_a_jump_of_the_clock_reschedules_the_screen_at_once(planning, start, jump, before, after):
    source, clock, state = planning
    clock.jump(start)
    power = RecordingPower(clock)
    schedule = ScreenSchedule(source, power, clock, check_every=0.05).start(state)
    try:
        wait_for(lambda: [call[1] for call in power.calls] == [before])
        clock.jump(jump)  # the monotonic counter does not move: only a look at the clock can tell
        wait_for(lambda: [call[1] for call in power.calls] == [before, after], timeout=2.0)
    finally:
        schedule.stop(switch_on=False)


def test_the_jump_detector_tells_a_jump_from_time_passing():
    from fabrique_kit.clock import ClockJumps, JumpDetector

    clock = FakeClock("1970-01-01 01:00")
    detector = JumpDetector(clock)
    clock.advance(hours=7)  # time passing moves both clocks
    assert detector.jumped() is False
    clock.jump("2026-11-23 10:00")
    assert detector.jumped() is True and detector.jumped() is False  # once per jump
    clock.jump("2026-11-23 09:59:58")  # a small correction by NTP is not a jump
    assert detector.jumped() is False
    heard = []
    jumps = ClockJumps(clock, every=0.02)
    jumps.subscribe(lambda: heard.append(clock.now()))
    jumps.start()
    try:
        clock.jump("2026-11-24 08:00")
        wait_for(lambda: len(heard) == 1)
    finally:
        jumps.stop()
