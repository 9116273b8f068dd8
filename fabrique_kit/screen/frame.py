"""A ``Frame``: one picture of the screen, with what changed since the previous one.

Example::

    frame = renderer.render()
    if frame:
        frame.image.size      # (1920, 1080)
        frame.dirty           # [(1320, 260, 1900, 700)]: only the called number changed
        frame.display.texts("queue.number")   # ['42']: what is drawn, as data
        open("hall.png", "wb").write(frame.png())
"""

from __future__ import annotations

import io
import threading
from dataclasses import dataclass, field
from datetime import datetime

from PIL import Image

from fabrique_kit.screen.display_list import DisplayList

Box = tuple[int, int, int, int]


@dataclass
class Frame:
    """``image`` (RGB, as sent to the screen), its ``number``, the ``dirty`` boxes that
    changed, the ``warnings`` (missing characters...), the ``errors`` (blocks that failed)
    the ``announcements`` to say aloud (a new number called), and the ``display``
    list of every text drawn (see :mod:`fabrique_kit.screen.display_list`)."""

    image: Image.Image
    number: int
    dirty: list[Box]
    time: datetime
    warnings: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    announcements: list[str] = field(default_factory=list)
    display: DisplayList | None = None
    _png: bytes | None = field(default=None, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @property
    def size(self) -> tuple[int, int]:
        """The picture's size in pixels.

        Example: ``frame.size`` → ``(1920, 1080)``
        """
        return self.image.size

    def png(self) -> bytes:
        """The picture as PNG bytes (made once, then kept).

        Example: ``open("ecran.png", "wb").write(frame.png())``
        """
        with self._lock:
            if self._png is None:
                buffer = io.BytesIO()
                self.image.save(buffer, "PNG", compress_level=1)
                self._png = buffer.getvalue()
            return self._png


def rotate_box(box: Box, rotation: int, logical_size: tuple[int, int]) -> Box:
    """Where ``box`` of the upright picture lands once turned ``rotation`` degrees clockwise."""
    x0, y0, x1, y1 = box
    width, height = logical_size
    if rotation == 90:
        return (height - y1, x0, height - y0, x1)
    if rotation == 180:
        return (width - x1, height - y1, width - x0, height - y0)
    if rotation == 270:
        return (y0, width - x1, y1, width - x0)
    return box


def rotate_image(image: Image.Image, rotation: int) -> Image.Image:
    """``image`` turned ``rotation`` degrees clockwise."""
    turn = {
        90: Image.Transpose.ROTATE_270,
        180: Image.Transpose.ROTATE_180,
        270: Image.Transpose.ROTATE_90,
    }.get(rotation)
    return image.transpose(turn) if turn is not None else image
