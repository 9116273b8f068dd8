"""The kit's latest frame, shared between the screen loop that draws it and the web pages
that show it.

Example::

    frames = LatestFrame(stop_event)
    frames.keep(renderer.render())
    frames.wait(since=0, timeout=20)      # the number of the newest frame
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fabrique_kit.screen import Frame


class LatestFrame:
    """The newest frame, its number, and a way to wait for the next one."""

    def __init__(self, stop: threading.Event):
        self._stop = stop
        self._frame: Frame | None = None
        self._changed = threading.Condition()

    def keep(self, frame: Frame) -> None:
        """Keep ``frame`` as the latest one and wake its readers."""
        with self._changed:
            self._frame = frame
            self._changed.notify_all()

    def wake(self) -> None:
        """Wake every reader (the kit is stopping)."""
        with self._changed:
            self._changed.notify_all()

    @property
    def latest(self) -> Frame | None:
        """The newest frame itself (with its display list), or None before the first."""
        with self._changed:
            return self._frame

    @property
    def number(self) -> int:
        """The newest frame's number (0 before the first)."""
        with self._changed:
            return self._frame.number if self._frame is not None else 0

    def png(self) -> bytes | None:
        """The newest frame as PNG bytes, or None before the first."""
        with self._changed:
            frame = self._frame
        return frame.png() if frame is not None else None

    def wait(self, since: int, timeout: float) -> int:
        """Wait until a frame newer than ``since`` exists (or ``timeout``, or the kit stops)."""
        with self._changed:
            self._changed.wait_for(
                lambda: (self._frame is not None and self._frame.number > since) or self._stop.is_set(),
                timeout,
            )
            return self._frame.number if self._frame is not None else 0


class FrameOutput:
    """The output through which the screen loop hands each frame to :class:`LatestFrame`."""

    def __init__(self, frames: LatestFrame):
        self.frames = frames

    def show(self, frame) -> None:
        self.frames.keep(frame)

    def close(self) -> None:
        pass
