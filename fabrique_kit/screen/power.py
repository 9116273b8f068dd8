"""Switch the hall screen off outside opening hours, and on again before opening.

The kit keeps running and counting; only the display sleeps. Backends (chosen
automatically, or by name):

- ``wlr``: ``wlr-randr --output HDMI-A-1 --off/--on`` (Raspberry Pi OS Bookworm desktop, Wayland);
- ``framebuffer``: write 1/0 into ``/sys/class/graphics/fb0/blank`` (Pi without desktop);
- ``vcgencmd``: ``vcgencmd display_power 0/1`` (older Raspberry Pi OS);
- ``cec``: the TV's standby over HDMI-CEC (``cec-ctl``, or ``cec-client``);
- ``aucun``: nothing (a laptop).

:class:`ScreenSchedule` computes the next switch time from the semainier and sleeps
until then; a change of the semainier wakes it, and so does a jump of the wall clock
(a Pi without a real-time clock sets its time late), noticed within 30 s.

The schedule is given (anything with ``current``, ``is_open``, ``opens_at`` and
``closes_at``, such as a semainier source): this module knows neither the kit nor the
deployment.

Example::

    power = choose_power()                                 # or choose_power("vcgencmd")
    schedule = ScreenSchedule(planning, power, kit.clock)  # planning = kit.semainier(...)
    schedule.start()        # thread: off at closing (+5 min), on 15 min before opening
    schedule.stop()
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import threading
from collections.abc import Callable, Mapping
from datetime import datetime, timedelta
from pathlib import Path

from fabrique_kit.clock import JumpDetector
from fabrique_kit.errors import FabriqueError
from fabrique_kit.i18n import _

log = logging.getLogger(__name__)

Runner = Callable[[list[str]], subprocess.CompletedProcess]
FB_BLANK = Path("/sys/class/graphics/fb0/blank")
HORIZON = timedelta(days=8)  # how far ahead the schedule looks for the next opening
RECHECK = timedelta(hours=6)  # compute again at least this often (DST, a semainier valid for years)
JUMP_CHECK = 30.0  # seconds between two looks for a jump of the wall clock (two clock reads)


def run_quietly(command: list[str]) -> subprocess.CompletedProcess:
    return subprocess.run(command, capture_output=True, text=True, timeout=15, check=False)


class ScreenPower:
    """A way to switch the screen off and on; ``off()``/``on()`` return True when it worked."""

    name = "aucun"

    def __init__(self):
        self.is_on: bool | None = None  # unknown until the first switch

    def _switch(self, on: bool) -> bool:
        return True

    def set(self, on: bool) -> bool:
        try:
            done = self._switch(on)
        except (OSError, subprocess.SubprocessError) as error:
            log.warning("screen %s (%s) failed: %s", "on" if on else "off", self.name, error)
            done = False
        if done:
            self.is_on = on
        return done

    def on(self) -> bool:
        return self.set(True)

    def off(self) -> bool:
        return self.set(False)


class CommandPower(ScreenPower):
    """A backend that runs a command for each switch (the runner is replaceable in tests)."""

    def __init__(self, runner: Runner = run_quietly):
        super().__init__()
        self.runner = runner

    def command(self, on: bool) -> list[str]:
        raise NotImplementedError

    def _switch(self, on: bool) -> bool:
        result = self.runner(self.command(on))
        if result.returncode != 0:
            log.warning("%s: %s", " ".join(self.command(on)), (result.stderr or "").strip())
        return result.returncode == 0


class VcgencmdPower(CommandPower):
    name = "vcgencmd"

    def command(self, on: bool) -> list[str]:
        return ["vcgencmd", "display_power", "1" if on else "0"]


class WlrRandrPower(CommandPower):
    """``wlr-randr``; from a service, it needs the desktop's ``WAYLAND_DISPLAY``."""

    name = "wlr"

    def __init__(self, runner: Runner = run_quietly, output: str = "HDMI-A-1",
                 environ: Mapping[str, str] | None = None):
        super().__init__(runner)
        self.output = output
        env: Mapping[str, str] = os.environ if environ is None else environ
        self.env: list[str] = []
        if "WAYLAND_DISPLAY" not in env:
            self.env = ["env", "WAYLAND_DISPLAY=wayland-0", f"XDG_RUNTIME_DIR=/run/user/{os.getuid()}"]

    def command(self, on: bool) -> list[str]:
        return [*self.env, "wlr-randr", "--output", self.output, "--on" if on else "--off"]


class CecPower(CommandPower):
    """HDMI-CEC: the TV itself goes to standby (not every TV obeys)."""

    name = "cec"

    def __init__(self, runner: Runner = run_quietly, tool: str = "cec-ctl"):
        super().__init__(runner)
        self.tool = tool

    def command(self, on: bool) -> list[str]:
        if self.tool == "cec-ctl":
            return ["cec-ctl", "--to", "0", "--image-view-on" if on else "--standby"]
        return ["sh", "-c", f"echo '{'on' if on else 'standby'} 0' | cec-client -s -d 1"]


class FramebufferBlankPower(ScreenPower):
    """Blank the Linux framebuffer console (``1`` = blanked, ``0`` = shown)."""

    name = "framebuffer"

    def __init__(self, path: str | Path = FB_BLANK):
        super().__init__()
        self.path = Path(path)

    def _switch(self, on: bool) -> bool:
        self.path.write_text("0" if on else "1")
        return True


BACKENDS = {"vcgencmd": VcgencmdPower, "wlr": WlrRandrPower, "cec": CecPower,
            "framebuffer": FramebufferBlankPower, "aucun": ScreenPower}


def choose_power(name: str | None = "auto", *, runner: Runner = run_quietly, which: Callable = shutil.which,
                 fb_blank: str | Path = FB_BLANK, environ: Mapping[str, str] | None = None) -> ScreenPower:
    """The screen's power backend: ``name`` when given, else the first that fits this Pi."""
    env: Mapping[str, str] = os.environ if environ is None else environ
    if name and name != "auto":
        if name not in BACKENDS:
            from fabrique_kit.errors import suggestion_hint

            raise FabriqueError(_("Extinction de l'écran : « {name} » est inconnu.", name=name),
                                hint=suggestion_hint(name, [*BACKENDS, "auto"]))
        if name == "framebuffer":
            return FramebufferBlankPower(fb_blank)
        if name == "aucun":
            return ScreenPower()
        if name == "cec":
            return CecPower(runner, "cec-ctl" if which("cec-ctl") else "cec-client")
        return BACKENDS[name](runner)
    wayland = env.get("WAYLAND_DISPLAY") or Path(f"/run/user/{os.getuid()}/wayland-0").exists()
    if which("wlr-randr") and wayland:
        return WlrRandrPower(runner, environ=env)
    if Path(fb_blank).exists() and os.access(fb_blank, os.W_OK):
        return FramebufferBlankPower(fb_blank)
    if which("vcgencmd"):
        return VcgencmdPower(runner)
    if which("cec-ctl"):
        return CecPower(runner, "cec-ctl")
    if which("cec-client"):
        return CecPower(runner, "cec-client")
    return ScreenPower()


class ScreenSchedule:
    """Keep the screen on from ``before`` opening until ``after`` closing, off otherwise.

    ``semainier`` is a SemainierSource (``is_open``, ``opens_at``, ``closes_at``).
    Without a schedule (file missing or broken), the screen stays on.

    Example::

        schedule = ScreenSchedule(planning, VcgencmdPower(), FakeClock("2026-11-23 07:00"))
        schedule.apply()              # off: Maurepas opens at 9:00
        schedule.next_change()        # 2026-11-23 08:45+01:00
    """

    def __init__(self, semainier, power: ScreenPower, clock, before: timedelta = timedelta(minutes=15),
                 after: timedelta = timedelta(minutes=5), check_every: float = JUMP_CHECK):
        self.semainier = semainier
        self.power = power
        self.clock = clock
        self.before = before
        self.after = after
        self.check_every = check_every  # seconds between two looks for a jump of the clock
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._thread: threading.Thread | None = None
        self._unsubscribe = None

    # -- when ----------------------------------------------------------------------
    def windows(self, now: datetime | None = None) -> list[tuple[datetime, datetime]]:
        """The times the screen is on, from ``after`` ago to the horizon, merged."""
        now = now or self.clock.now()
        source = self.semainier
        if source.current() is None:
            return []
        start = now - self.after
        spans = []
        cursor = start
        if source.is_open(start):
            cursor = source.closes_at(start)
            spans.append((start, cursor))
        while cursor is not None and cursor < now + HORIZON:
            opening = source.opens_at(cursor)
            if opening is None:
                break
            cursor = source.closes_at(opening)
            if cursor is None:
                break
            spans.append((opening, cursor))
        merged: list[tuple[datetime, datetime]] = []
        for begin, end in spans:
            begin, end = begin - self.before, end + self.after
            if merged and begin <= merged[-1][1]:
                merged[-1] = (merged[-1][0], max(merged[-1][1], end))
            else:
                merged.append((begin, end))
        return merged

    def wanted(self, now: datetime | None = None) -> bool:
        """Whether the screen should be on at ``now``."""
        now = now or self.clock.now()
        if self.semainier.current() is None:
            return True
        return any(begin <= now < end for begin, end in self.windows(now))

    def next_change(self, now: datetime | None = None) -> datetime | None:
        """When the screen next switches (off or on), or None if never in sight."""
        now = now or self.clock.now()
        if self.semainier.current() is None:
            return None
        for begin, end in self.windows(now):
            if begin > now:
                return begin
            if end > now:
                return end
        return None

    def apply(self, now: datetime | None = None) -> bool:
        """Switch the screen as the schedule wants at ``now`` (only when it must change)."""
        want = self.wanted(now)
        if self.power.is_on is not want:
            self.power.set(want)
        return want

    # -- running -------------------------------------------------------------------
    def start(self, state=None) -> ScreenSchedule:
        """Run in a thread; ``state`` (the kit's) wakes it when the semainier changes."""
        if state is not None:
            name = getattr(self.semainier, "name", "semainier")
            self._unsubscribe = state.subscribe(lambda names: self.wake() if name in names else None)
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="ecran-horaires", daemon=True)
        self._thread.start()
        return self

    def wake(self) -> None:
        """Compute again now (the semainier changed, or the clock moved)."""
        self._wake.set()

    def _run(self) -> None:
        jumps = JumpDetector(self.clock)
        while not self._stop.is_set():
            now = self.clock.now()
            try:
                self.apply(now)
                change = self.next_change(now)
            except Exception:  # a schedule problem never stops the kit
                log.exception("screen schedule failed")
                change = None
            self._sleep_until(now + RECHECK if change is None else min(change, now + RECHECK), jumps)

    def _sleep_until(self, moment: datetime, jumps: JumpDetector) -> None:
        """Wait until the wall clock reaches ``moment``, a wake-up, or a jump of the clock.

        The wait itself counts monotonic seconds: after the clock jumps (a Pi setting
        its time from 1970 to now, a change by hand) the schedule is computed again
        within ``check_every`` seconds, never hours later.
        """
        jumps.jumped()  # measure from now
        while not self._stop.is_set():
            left = (moment - self.clock.now()).total_seconds()
            if left <= 0:
                return
            if self._wake.wait(max(min(left, self.check_every), 0.05)):
                self._wake.clear()
                return
            if jumps.jumped():
                log.info("the clock jumped: the screen's schedule is computed again")
                return

    def stop(self, switch_on: bool = True) -> None:
        """Stop the thread; the screen is switched back on (a stopped kit shows its console)."""
        self._stop.set()
        self._wake.set()
        if self._unsubscribe is not None:
            self._unsubscribe()
        if self._thread is not None:
            self._thread.join(2.0)
            self._thread = None
        if switch_on and self.power.is_on is False:
            self.power.on()
