"""Draw frames straight into the Linux framebuffer (``/dev/fb0``), as on a Pi without desktop.

The screen's geometry comes from sysfs (``/sys/class/graphics/fb0/``): its
``virtual_size`` (``1920,1080``), ``bits_per_pixel`` (16, 24 or 32) and ``stride``
(bytes per row). Pixels are written as the Pi expects them: 32 bits ``B G R X``,
24 bits ``B G R``, 16 bits RGB565, all little-endian. Only the rows of the boxes
that changed are written.

Example::

    output = FramebufferOutput("/dev/fb0")
    output.show(frame)
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from PIL import Image, ImageChops, ImageOps

from fabrique_kit.errors import HardwareError
from fabrique_kit.i18n import _
from fabrique_kit.screen.frame import rotate_box, rotate_image

log = logging.getLogger(__name__)
FORMATS = (16, 24, 32)


def _table(function) -> list[int]:
    return [function(value) for value in range(256)]


_RED_HIGH = _table(lambda r: r & 0xF8)  # 5 bits of red at the top of the high byte
_GREEN_HIGH = _table(lambda g: g >> 5)  # 3 top bits of green
_GREEN_LOW = _table(lambda g: ((g >> 2) & 0x07) << 5)  # 3 low bits of green
_BLUE_LOW = _table(lambda b: b >> 3)  # 5 bits of blue


def to_rgb565(image: Image.Image) -> bytes:
    """RGB pixels as little-endian RGB565 (2 bytes a pixel: low byte first)."""
    red, green, blue = image.convert("RGB").split()
    # the bits do not overlap, so adding the bands is a bitwise "or"
    low = ImageChops.add(green.point(_GREEN_LOW), blue.point(_BLUE_LOW))
    high = ImageChops.add(red.point(_RED_HIGH), green.point(_GREEN_HIGH))
    return Image.merge("LA", (low, high)).tobytes()


def pixel_bytes(image: Image.Image, bits_per_pixel: int) -> bytes:
    """``image``'s pixels in the framebuffer's format, row after row."""
    if bits_per_pixel == 32:
        return image.convert("RGB").tobytes("raw", "BGRX")
    if bits_per_pixel == 24:
        return image.convert("RGB").tobytes("raw", "BGR")
    if bits_per_pixel == 16:
        return to_rgb565(image)
    raise HardwareError(
        _("Format d'écran non pris en charge : {bits} bits par pixel.", bits=bits_per_pixel),
        hint=_("Formats connus : 16, 24 et 32 bits."),
    )


def read_geometry(device: str, sysfs_root: str = "/sys") -> tuple[int, int, int, int]:
    """``(width, height, bits_per_pixel, stride)`` of a framebuffer, from sysfs."""
    folder = Path(sysfs_root) / "class" / "graphics" / Path(device).name
    try:
        width, height = (int(v) for v in (folder / "virtual_size").read_text().strip().split(","))
        bits = int((folder / "bits_per_pixel").read_text().strip())
        stride_file = folder / "stride"
        stride = int(stride_file.read_text().strip()) if stride_file.exists() else width * bits // 8
    except (OSError, ValueError) as error:
        raise HardwareError(
            _("Impossible de lire la taille de l'écran {device} dans {folder}.", device=device, folder=folder),
            hint=_("Vérifiez qu'un écran est branché et que le Pi a démarré avec lui."),
        ) from error
    return width, height, bits, stride


class FramebufferOutput:
    """Shows frames on a framebuffer device; ``rotation`` turns them (degrees clockwise)."""

    def __init__(self, device: str = "/dev/fb0", sysfs_root: str = "/sys", rotation: int = 0):
        self.device = device
        self.rotation = rotation
        self.width, self.height, self.bits_per_pixel, self.stride = read_geometry(device, sysfs_root)
        if self.bits_per_pixel not in FORMATS:
            pixel_bytes(Image.new("RGB", (1, 1)), self.bits_per_pixel)  # raises the clear error
        try:
            self._file = open(device, "r+b", buffering=0)  # noqa: SIM115 (kept open while showing)
        except OSError as error:
            raise HardwareError(
                _("Impossible d'ouvrir l'écran {device} : {error}", device=device, error=error.strerror),
                hint=_("Ajoutez l'utilisateur au groupe « video » : sudo adduser $USER video"),
            ) from error
        self._last_number: int | None = None
        self.rows_written = 0

    @property
    def size(self) -> tuple[int, int]:
        """The screen's size in pixels (what the renderer should be given)."""
        return (self.width, self.height)

    def _prepare(self, frame) -> tuple[Image.Image, list[tuple[int, int, int, int]]]:
        image, dirty = frame.image, list(frame.dirty)
        if self.rotation:
            dirty = [rotate_box(b, self.rotation, image.size) for b in dirty]
            image = rotate_image(image, self.rotation)
        if image.size != self.size:
            if self._last_number is None:
                log.warning(_("Image de {image} ajustée à l'écran de {screen}.", image=image.size, screen=self.size))
            image = ImageOps.pad(image.convert("RGB"), self.size, color="black")
            dirty = [(0, 0, *self.size)]
        whole = self._last_number is None or frame.number != self._last_number + 1
        return image, [(0, 0, *self.size)] if whole else dirty

    def show(self, frame) -> None:
        """Write the frame's changed boxes (everything the first time, or after a skipped frame)."""
        image, boxes = self._prepare(frame)
        step = self.bits_per_pixel // 8
        for x0, y0, x1, y1 in boxes:
            x0, y0 = max(0, x0), max(0, y0)
            x1, y1 = min(self.width, x1), min(self.height, y1)
            if x1 <= x0 or y1 <= y0:
                continue
            data = pixel_bytes(image.crop((x0, y0, x1, y1)), self.bits_per_pixel)
            row_length = (x1 - x0) * step
            if row_length == self.stride:  # whole rows: one write
                self._file.seek(y0 * self.stride)
                self._file.write(data)
            else:
                for row in range(y1 - y0):
                    self._file.seek((y0 + row) * self.stride + x0 * step)
                    self._file.write(data[row * row_length : (row + 1) * row_length])
            self.rows_written += y1 - y0
        self._last_number = frame.number

    def close(self) -> None:
        if not self._file.closed:
            self._file.close()


def is_raspberry_pi(model_file: str = "/proc/device-tree/model") -> bool:
    """True on a Raspberry Pi (its device tree says so)."""
    try:
        return "raspberry pi" in Path(model_file).read_text(errors="ignore").lower()
    except OSError:
        return False


def framebuffer_exists(device: str = "/dev/fb0") -> bool:
    return os.path.exists(device)
