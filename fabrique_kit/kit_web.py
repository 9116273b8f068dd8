"""What the kit's web app and tools call on a kit: the latest frame, simulated inputs,
status, the schedule document and the counters' statistics.

These methods are mixed into :class:`~fabrique_kit.kit.Kit`; a beginner's script does not
need them.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from fabrique_kit.errors import FabriqueError
from fabrique_kit.i18n import _

if TYPE_CHECKING:
    from fabrique_kit.clock import Clock
    from fabrique_kit.inputs import Devices
    from fabrique_kit.net import Presence
    from fabrique_kit.screen import Frame
    from fabrique_kit.state import State


class _KitParts(Protocol):
    """What these methods read on the kit they are mixed into (see ``Kit.__init__``)."""

    _frame_cond: threading.Condition
    _frame: Frame | None
    _stop: threading.Event
    _devices: Devices | None
    _presence: Presence | None
    _counters: dict[str, Any]
    _sources: dict[str, Any]
    clock: Clock
    state: State
    simulated: bool

    @property
    def devices(self) -> Devices: ...

    @property
    def name(self) -> str: ...

    @property
    def place(self) -> str: ...


class WebFacing:
    """The kit as the web app sees it (mixed into :class:`~fabrique_kit.kit.Kit`)."""

    @property
    def frame_number(self: _KitParts) -> int:
        with self._frame_cond:
            return self._frame.number if self._frame is not None else 0

    def frame_png(self: _KitParts) -> bytes | None:
        """The latest frame as PNG bytes (for the web page), or None before the first."""
        with self._frame_cond:
            frame = self._frame
        return frame.png() if frame is not None else None

    def wait_frame(self: _KitParts, since: int, timeout: float) -> int:
        """Wait until a frame newer than ``since`` exists (or ``timeout``); return its number."""
        with self._frame_cond:
            self._frame_cond.wait_for(
                lambda: (self._frame is not None and self._frame.number > since) or self._stop.is_set(),
                timeout,
            )
            return self._frame.number if self._frame is not None else 0

    def controls(self: _KitParts) -> list[dict]:
        """The simulated inputs, for the preview page."""
        controls = self.devices.controls() if self._devices is not None else []
        return controls

    def press(self: _KitParts, control_id: str) -> None:
        self.devices.press(control_id)

    def release(self: _KitParts, control_id: str) -> None:
        self.devices.release(control_id)

    def set_value(self: _KitParts, control_id: str, value: float) -> None:
        self.devices.set_value(control_id, value)

    def press_key(self: _KitParts, name: str) -> None:
        """Press and release a key (from the preview page)."""
        self.devices.keys.tap(name)

    def status(self: _KitParts) -> dict:
        """Ages and errors of the values, peers and simulation, for the preview page."""
        now = self.clock.now()
        values = {
            name: {"age_s": round(v.age(now)), "error": v.error, "owner": v.owner}
            for name, v in self.state.snapshot().items()
        }
        peers = []
        if self._presence is not None:
            peers = [p.as_dict() for p in self._presence.peers.all()]
        return {
            "name": self.name,
            "place": self.place,
            "simulated": self.simulated,
            "version": self.state.version,
            "values": values,
            "peers": peers,
        }

    def counters(self: _KitParts) -> list[str]:
        return sorted(self._counters)

    def stats_csv(self: _KitParts, name: str) -> str:
        """The anonymous statistics of the counter ``name`` as CSV text."""
        import io

        from fabrique_kit.sources.counters import stats, write_csv

        buffer = io.StringIO()
        write_csv(stats(self._counters[name]), buffer)
        return buffer.getvalue()

    def semainier_document(self: _KitParts) -> dict | None:
        source = self._sources.get("semainier")
        if source is None:
            return None
        import json

        return json.loads(Path(source.path).read_text(encoding="utf-8"))

    def save_semainier(self: _KitParts, document: dict) -> None:
        from fabrique_kit.sources.semainier import save_semainier

        source = self._sources.get("semainier")
        if source is None:
            raise FabriqueError(_("Ce kit n'a pas de semainier."))
        save_semainier(source.path, document)
        source.refresh(self.state)
