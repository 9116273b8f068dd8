"""What the kit's web app sees of a kit: :class:`KitWebInterface`, the one object
``create_app`` receives (see :class:`fabrique_kit.web.kit_interface.KitForWeb`).

A beginner's script never needs it; tests and tools reach it as ``kit.web``.

Example::

    app = create_app(kit.web)
    kit.web.press("ticket")               # a simulated button, as the preview page does
    kit.web.wait_frame(since=3, timeout=5)
"""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import TYPE_CHECKING

from fabrique_kit.errors import FabriqueError
from fabrique_kit.i18n import _

if TYPE_CHECKING:
    from fabrique_kit.kit.facade import Kit
    from fabrique_kit.kit.parts import KitParts


class KitWebInterface:
    """The kit as its web app, API and tools see it: frames, simulated inputs, status,
    the schedule document and the counters' statistics."""

    def __init__(self, kit: Kit, parts: KitParts):
        self._kit, self._parts = kit, parts
        self.state, self.actions = kit.state, kit.actions
        self.data_dir, self.project_dir = kit.data_dir, kit.project_dir

    # -- who the kit is ------------------------------------------------------------
    @property
    def name(self) -> str:
        return self._kit.name

    @property
    def place(self) -> str:
        return self._kit.place

    @property
    def template(self) -> str:
        return self._kit.template

    @property
    def simulated(self) -> bool:
        return self._kit.simulated

    @property
    def lang(self) -> str:
        return self._kit.lang

    @property
    def site_key(self) -> str | None:
        return self._kit.site_key

    def info(self) -> dict:
        """What the kit says about itself to other kits (never a secret)."""
        return self._kit.info()

    # -- frames ----------------------------------------------------------------------
    @property
    def frame_number(self) -> int:
        """The latest frame's number (0 before the first)."""
        return self._parts.frames.number

    def frame_png(self) -> bytes | None:
        """The latest frame as PNG bytes (for the web page), or None before the first."""
        return self._parts.frames.png()

    def latest_frame(self):
        """The latest :class:`~fabrique_kit.screen.Frame` (image and display list), or None."""
        return self._parts.frames.latest

    def wait_frame(self, since: int, timeout: float) -> int:
        """Wait until a frame newer than ``since`` exists (or ``timeout``); return its number."""
        return self._parts.frames.wait(since, timeout)

    # -- simulated inputs --------------------------------------------------------------
    def controls(self) -> list[dict]:
        """The simulated inputs, for the preview page (none before a device is declared)."""
        devices = self._parts.devices
        return devices.controls() if devices is not None else []

    def press(self, control_id: str) -> None:
        self._kit.devices.press(control_id)

    def release(self, control_id: str) -> None:
        self._kit.devices.release(control_id)

    def set_value(self, control_id: str, value: float) -> None:
        self._kit.devices.set_value(control_id, value)

    def press_key(self, name: str) -> None:
        """Press and release a key (from the preview page)."""
        self._kit.devices.keys.tap(name)

    # -- status, schedule, counters ------------------------------------------------------
    def status(self) -> dict:
        """Ages and errors of the values, peers and simulation, for the preview page."""
        now = self._kit.clock.now()
        values = {
            name: {"age_s": round(v.age(now)), "error": v.error, "owner": v.owner}
            for name, v in self.state.snapshot().items()
        }
        presence = self._parts.presence
        peers = [p.as_dict() for p in presence.peers.all()] if presence is not None else []
        return {
            "name": self.name,
            "place": self.place,
            "simulated": self.simulated,
            "version": self.state.version,
            "values": values,
            "peers": peers,
        }

    def counters(self) -> list[str]:
        """The names of the kit's waiting counters."""
        return sorted(self._parts.sources.counters)

    def stats_csv(self, name: str) -> str:
        """The anonymous statistics of the counter ``name`` as CSV text."""
        from fabrique_kit.sources.counters import stats, write_csv

        buffer = io.StringIO()
        write_csv(stats(self._parts.sources.counters[name]), buffer)
        return buffer.getvalue()

    def semainier_document(self) -> dict | None:
        """The schedule file as a JSON document, or None when the kit has none."""
        source = self._parts.sources.get("semainier")
        if source is None:
            return None
        return json.loads(Path(source.path).read_text(encoding="utf-8"))

    def save_semainier(self, document: dict) -> None:
        """Check and save ``document`` as the schedule file, then show it."""
        from fabrique_kit.sources.semainier import save_semainier

        source = self._parts.sources.get("semainier")
        if source is None:
            raise FabriqueError(_("Ce kit n'a pas de semainier."))
        save_semainier(source.path, document)
        source.refresh(self.state)
