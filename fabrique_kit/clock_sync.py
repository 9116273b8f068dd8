"""Is the system clock to be trusted? A Raspberry Pi has no clock of its own.

After a power cut a Pi boots at the time it last saved (fake-hwclock) or in 1970, and
gets the right time only once the network answers. Until then a ticket's day cannot
be known: the counters keep it without a day (:mod:`fabrique_kit.sources.counters.filing`).

:func:`clock_is_synchronised` answers from, in order:

1. systemd-timesyncd's flag file ``/run/systemd/timesync/synchronized`` (present: yes);
2. ``timedatectl show -p NTPSynchronized -p NTP`` when it is there: synchronised, yes;
   an NTP service that has not synchronised yet, no;
3. otherwise (no NTP service: a laptop, a container, a Pi set by hand), a sane-time
   floor: the clock is trusted when it is after the package's build date (the date of
   its files), since a clock before that is certainly wrong.

Once it said yes it keeps saying yes (a synchronised clock does not become untrusted).

Example::

    from fabrique_kit.clock_sync import clock_is_synchronised
    if not clock_is_synchronised():
        print("time not known yet")
"""

from __future__ import annotations

import shutil
import subprocess
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

TIMESYNC_FLAG = Path("/run/systemd/timesync/synchronized")
RELEASE_FLOOR = datetime(2026, 11, 1, tzinfo=UTC)  # no kit of this version ran before
_trusted = False


def build_floor() -> datetime:
    """The earliest believable time: the package's build date (the newest of the release and its files).

    Example: ``build_floor().year`` → ``2026``
    """
    try:
        built = datetime.fromtimestamp(Path(__file__).stat().st_mtime, UTC)
    except OSError:
        return RELEASE_FLOOR
    return max(RELEASE_FLOOR, built)


def _timedatectl() -> bool | None:
    """True / False from ``timedatectl``, or None when it cannot tell (absent, no NTP service)."""
    program = shutil.which("timedatectl")
    if program is None:
        return None
    try:
        done = subprocess.run([program, "show", "-p", "NTPSynchronized", "-p", "NTP"],
                              capture_output=True, text=True, timeout=3, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    if done.returncode != 0:
        return None
    values = dict(line.partition("=")[::2] for line in done.stdout.splitlines())
    if values.get("NTPSynchronized") == "yes":
        return True
    if values.get("NTP") == "yes":
        return False  # an NTP service runs and has not synchronised yet
    return None


def clock_is_synchronised(*, flag: Path = TIMESYNC_FLAG, ask: Callable[[], bool | None] = _timedatectl,
                          now: Callable[[], float] = time.time) -> bool:
    """True when the system clock can be trusted to date a ticket (see the module's text).

    The arguments are for tests (another flag file, another ``timedatectl``, another time).

    Example: ``clock_is_synchronised()`` → ``True`` on a synchronised Pi
    """
    global _trusted
    if _trusted:
        return True
    if flag.exists():
        answer: bool | None = True
    else:
        answer = ask()
        if answer is None:
            answer = datetime.fromtimestamp(now(), UTC) >= build_floor()
    if answer and flag == TIMESYNC_FLAG and ask is _timedatectl and now is time.time:
        _trusted = True  # only the real system's answer is kept
    return bool(answer)
