"""The inner pieces of one kit, held in one place and handed explicitly to the modules
of the kit package (lifecycle, web side, default screen) instead of private attributes.

Example::

    parts = KitParts(sources=KitSources(...), frames=LatestFrame(stop), stop=stop)
    parts.devices            # None until the script declares a button, a sensor...
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from fabrique_kit.kit.frames import LatestFrame
from fabrique_kit.kit.message import MessageBanner
from fabrique_kit.kit.sources_side import KitSources

if TYPE_CHECKING:
    from fabrique_kit.devices import Devices
    from fabrique_kit.kit.web_side import KitWebInterface
    from fabrique_kit.net import Presence
    from fabrique_kit.screen import Renderer, ScreenLoop
    from fabrique_kit.screen.power import ScreenSchedule
    from fabrique_kit.web import WebServer


@dataclass
class KitParts:
    """What a kit is made of, besides its public config, state and actions."""

    sources: KitSources
    frames: LatestFrame
    banner: MessageBanner
    stop: threading.Event
    draw: Callable | None = None
    renderer: Renderer | None = None
    devices: Devices | None = None
    presence: Presence | None = None
    web: KitWebInterface | None = None
    web_server: WebServer | None = None
    screen_loop: ScreenLoop | None = None
    stop_watching_actions: Callable[[], None] | None = None  # see devices.events.after_actions
    screen_schedule: ScreenSchedule | None = None
    threads: list[Any] = field(default_factory=list)
    running: bool = False
    closed: bool = False
