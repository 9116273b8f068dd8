"""Pictures: an image file (or a Pillow image) and a QR code.

Example::

    screen.image("affiche.png", fit="contain")
    screen.qr("https://www.espacenumeriqueesc.fr", label="Nos ateliers")
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache

from PIL import Image, ImageOps

from fabrique_kit.errors import DataError
from fabrique_kit.i18n import _
from fabrique_kit.screen.widgets.base import Canvas, Widget

FITS = ("contain", "cover", "stretch")


@dataclass(frozen=True)
class Picture:
    image: Image.Image
    fingerprint: str  # changes when the picture changes


@lru_cache(maxsize=32)
def _load_file(path: str, mtime: float) -> Picture:
    try:
        with Image.open(path) as opened:
            image = ImageOps.exif_transpose(opened).convert("RGBA")
    except (OSError, ValueError) as error:
        raise DataError(_("Image illisible : {path}", path=path), hint=str(error)) from error
    return Picture(image, f"{path}@{mtime}")


def load_picture(source) -> Picture:
    """A :class:`Picture` from a file path or a Pillow image (files are cached until they change)."""
    if isinstance(source, Image.Image):
        digest = hashlib.blake2b(source.tobytes(), digest_size=12).hexdigest()
        return Picture(source.convert("RGBA"), f"{source.size}:{digest}")
    path = os.fspath(source)
    if not os.path.exists(path):
        raise DataError(_("Image introuvable : {path}", path=path))
    return _load_file(path, os.path.getmtime(path))


def paste_fitted(target: Image.Image, picture: Image.Image, box, fit: str = "contain",
                 resample=Image.Resampling.LANCZOS) -> None:
    """Paste ``picture`` into ``box`` of ``target``: ``contain`` (whole, centred),
    ``cover`` (fills, cropped) or ``stretch``."""
    x0, y0, x1, y1 = box
    width, height = max(1, x1 - x0), max(1, y1 - y0)
    if fit == "cover":
        placed = ImageOps.fit(picture, (width, height), resample)
    elif fit == "stretch":
        placed = picture.resize((width, height), resample)
    else:
        placed = ImageOps.contain(picture, (width, height), resample)
    left = x0 + (width - placed.width) // 2
    top = y0 + (height - placed.height) // 2
    mask = placed.getchannel("A") if placed.mode == "RGBA" else None
    target.paste(placed.convert("RGB"), (left, top), mask)


class ImageBlock(Widget):
    """An image, scaled to its box."""

    kind = "main"
    role = "image"
    weight = 2.0

    def __init__(self, source, fit: str = "contain"):
        super().__init__()
        if fit not in FITS:
            raise ValueError(_("« fit » doit être l'un de : {choices}", choices=", ".join(FITS)))
        self.source, self.fit = source, fit

    @property
    def name(self) -> str:
        return "Image"

    def content(self, now: datetime) -> tuple:
        return (load_picture(self.source).fingerprint, self.fit)

    def paint(self, canvas: Canvas) -> None:
        canvas.fill()
        pad = canvas.padding
        paste_fitted(canvas.image, load_picture(self.source).image,
                     (pad, pad, canvas.width - pad, canvas.height - pad), self.fit)


@lru_cache(maxsize=16)
def qr_matrix(data: str) -> tuple[tuple[bool, ...], ...]:
    """The modules of the QR code for ``data`` (with its quiet zone)."""
    import qrcode  # only when a QR code is drawn: it costs memory on a Pi

    code = qrcode.QRCode(border=2, error_correction=qrcode.constants.ERROR_CORRECT_M)
    code.add_data(data)
    code.make(fit=True)
    return tuple(tuple(row) for row in code.get_matrix())


class QrCode(Widget):
    """A QR code (dark on white, as phones expect) with an optional label under it."""

    kind = "side"
    role = "qr"
    weight = 1.5

    def __init__(self, url: str, label: str | None = None):
        super().__init__()
        self.url, self.label = str(url), label

    def content(self, now: datetime) -> tuple:
        return (self.url, self.label)

    def paint(self, canvas: Canvas) -> None:
        canvas.fill()
        pad = canvas.padding
        matrix = qr_matrix(self.url)
        beside = bool(self.label) and canvas.width > canvas.height * 1.6
        label_height = int(canvas.sizes.minimum * 2.9) if self.label and not beside else 0
        side = min(canvas.width - 2 * pad, canvas.height - 2 * pad - label_height)
        if beside:
            side = min(side, canvas.width // 2 - pad)
        scale = max(1, side // len(matrix))
        picture = Image.new("1", (len(matrix), len(matrix)), 1)
        picture.putdata([0 if dark else 1 for row in matrix for dark in row])
        picture = picture.resize((len(matrix) * scale,) * 2, Image.Resampling.NEAREST).convert("RGB")
        if beside:
            left, top = pad, (canvas.height - picture.height) // 2
            label_box = (left + picture.width + pad, pad, canvas.width - pad, canvas.height - pad)
            canvas.image.paste(picture, (left, top))
            canvas.write(self.label or "", label_box, valign="middle", role=f"{self.role}.label")
            return
        left = (canvas.width - picture.width) // 2
        top = pad + max(0, (canvas.height - 2 * pad - label_height - picture.height) // 2)
        canvas.image.paste(picture, (left, top))
        if self.label:
            canvas.write(self.label, (pad, top + picture.height + pad // 2, canvas.width - pad, canvas.height - pad),
                         size=canvas.sizes.minimum, align="center", max_lines=2, role=f"{self.role}.label")
