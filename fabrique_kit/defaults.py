"""The screen a kit shows when its script does not describe one (level 0: config only).

It shows what the config declares: the place and the clock, the message banner, today's
schedule, each waiting counter, the news. The kit also adds a status line to every
screen: data that is too old, a source that fails, simulation.
"""

from __future__ import annotations

from collections.abc import Callable

from fabrique_kit.i18n import _

STALE_AFTER_S = 30 * 60  # a value not refreshed for 30 minutes is shown as old


def default_screen(kit) -> Callable:
    """A draw function built from what the kit has (semainier, counters, feeds, message)."""

    def hall(screen):
        screen.header(kit.place, clock=True)
        message = kit.message
        if message:
            screen.message(message["text"], until=message.get("until"))
        sources = kit._sources
        if "semainier" in sources:
            screen.schedule(sources["semainier"].today())
        for name in kit.counters():
            screen.big_number(kit.counter(name).status())
        feeds = [s for s in sources.values() if hasattr(s, "latest")]
        for feed in feeds[:1]:
            screen.news(feed.latest(6))

    return hall


def status_problems(kit) -> list[str]:
    """Short French lines about values that failed or are too old (for the status line)."""
    now = kit.clock.now()
    lines = []
    for name, value in sorted(kit.state.snapshot().items()):
        if name.startswith("_") or name in ("message", "entrees"):
            continue
        age = value.age(now)
        if value.error:
            lines.append(_("{name} : {error} (données d'il y a {age})", name=name, error=value.error, age=human_age(age)))
        elif age > STALE_AFTER_S and getattr(kit._sources.get(name), "every", 0):
            lines.append(_("{name} : données d'il y a {age}", name=name, age=human_age(age)))
    return lines


def add_status(kit, screen) -> None:
    """Add the status line (problems, simulation) unless the script already drew one."""
    if getattr(screen, "has_status", False):
        return
    problems = status_problems(kit)
    screen.status(problems=problems, simulated=kit.simulated)


def human_age(seconds: float) -> str:
    """``"3 min"``, ``"2 h"``, ``"4 j"`` — an age people read at a glance."""
    seconds = int(seconds)
    if seconds < 90:
        return _("{n} s", n=seconds)
    if seconds < 90 * 60:
        return _("{n} min", n=round(seconds / 60))
    if seconds < 36 * 3600:
        return _("{n} h", n=round(seconds / 3600))
    return _("{n} j", n=round(seconds / 86400))
