"""The screen a kit shows when its script does not describe one (level 0: config only).

It shows what the config declares: the place and the clock, the message banner, today's
schedule, each waiting counter, the news. The kit also adds a status line to every
screen: data that is too old, a source that fails.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from fabrique_kit.i18n import _

if TYPE_CHECKING:
    from fabrique_kit.kit.sources_side import KitSources

STALE_AFTER_S = 30 * 60  # a value not refreshed for 30 minutes is shown as old


def default_screen(kit, sources: KitSources) -> Callable:
    """A draw function built from what the kit has (semainier, counters, feeds, message)."""

    def hall(screen):
        screen.header(kit.place, clock=True)
        message = kit.message
        if message:
            kind = message.get("kind") if message.get("kind") in ("information", "fermeture", "alerte") else "information"
            screen.message(message["text"], until=message.get("until"), kind=kind)
        planning = sources.get("semainier")
        if planning is not None:
            today = planning.today()
            reopens = planning.opens_at() if getattr(today, "closure", None) else None
            screen.schedule(today, coming=planning.next(), reopens=reopens)
        for name in sorted(sources.counters):
            screen.big_number(sources.counters[name].status())
        elsewhere = kit.state.get("ville.ailleurs")  # [ville]: the other places (kit/city_side.py)
        if elsewhere and elsewhere.get("lieux"):
            from fabrique_kit.screen.widgets.elsewhere import Elsewhere

            screen.add(Elsewhere(elsewhere["lieux"], prominent=elsewhere.get("en_avant", False)))
        for feed in sources.feeds()[:1]:
            screen.news(feed.latest(6))

    return hall


def local_problems(kit, sources: KitSources) -> list[str]:
    """Short lines about local sources (files) whose last reading failed.

    The public screen never shows a file path or a parser's words: the located error
    is on the preview's status and in ``fabrique check``; the hall only learns that
    the file could not be read.
    """
    lines = []
    for name, source in sources.local():  # network sources are shown by their age instead
        value = kit.state.value(name)
        notice = getattr(source, "public_notice", None)  # a counter's full disk or damaged file
        if isinstance(notice, str) and notice:
            lines.append(notice)
        elif value is not None and value.error:
            lines.append(_("{name} : fichier illisible, détails dans l'aperçu du kit", name=name))
    return lines


def add_status(kit, sources: KitSources, screen) -> None:
    """Add the status line (old or failing data) unless the script drew one.

    Network values (feeds, JSON, values followed from other kits) show their age when
    they are older than twice their refresh period; a local file that fails to read
    shows a short warning, while the last good data stays on screen. « Simulation » is
    not written on the frame (a demo kiosk shows it to the public): the preview page
    says it beside the picture.
    """
    from fabrique_kit.kit.web_side import add_setup_invitation

    add_setup_invitation(kit, screen)  # first run: the QR code and setup code, hall screen only
    if any(getattr(widget, "kind", None) == "status" for widget in screen.widgets):
        return
    network = sources.network_periods()
    stale_after = max([STALE_AFTER_S] + [2 * every + 60 for every in network.values()])
    problems = local_problems(kit, sources)
    screen.status(
        names=sorted(network),
        stale_after=stale_after,
        text=" · ".join(problems) or None,
    )


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
