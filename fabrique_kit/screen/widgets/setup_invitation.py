"""The first-run invitation: while no mediators' PIN is chosen, the hall screen shows a QR
code with the setup address, and the one-time setup code to type there.

Only the hall screen shows it: the kit hides this block from the frame that other
devices see (the public web preview), since the code lets one choose the PIN.

Example::

    screen.add(SetupInvitation("http://192.168.1.20:8000/admin/premier-code", "1234-5678"))
"""

from __future__ import annotations

from datetime import datetime

from PIL import Image

from fabrique_kit.i18n import _
from fabrique_kit.screen.widgets.base import Canvas, Widget
from fabrique_kit.screen.widgets.pictures import qr_matrix


class SetupInvitation(Widget):
    """A QR code (dark on white) to the setup page, the address in words, and the code."""

    kind = "side"
    role = "setup"
    weight = 3.0
    firm = True  # during the first run it matters more than the rest

    def __init__(self, address: str, code: str):
        super().__init__()
        self.address, self.code = str(address), str(code)

    @property
    def link(self) -> str:
        """What the QR code holds: the setup page with the code filled in."""
        return f"{self.address}?code={self.code}"

    def content(self, now: datetime) -> tuple:
        return (self.address, self.code)

    def wanted_height(self, canvas: Canvas) -> int:
        """Room for the QR code beside four lines of text (the layout gives it first)."""
        return 2 * canvas.padding + 5 * int(canvas.sizes.minimum * 1.3)

    def _qr(self, side: int) -> Image.Image:
        matrix = qr_matrix(self.link)
        scale = max(1, side // len(matrix))
        picture = Image.new("1", (len(matrix), len(matrix)), 1)
        picture.putdata([0 if dark else 1 for row in matrix for dark in row])
        return picture.resize((len(matrix) * scale,) * 2, Image.Resampling.NEAREST).convert("RGB")

    def paint(self, canvas: Canvas) -> None:
        canvas.fill("#ffffff")
        pad, width, height = canvas.padding, canvas.width, canvas.height
        small, black = canvas.sizes.minimum, "#000000"
        line = int(small * 1.3)
        if width >= height * 1.6:  # a wide block: the QR code on the left, the words beside it
            picture = self._qr(min(height - 2 * pad, int(width * 0.42)))
            canvas.image.paste(picture, (pad, (height - picture.height) // 2))
            left, right = 2 * pad + picture.width, width - pad
            y = max(pad, (height - 5 * line) // 2)
            canvas.write(_("Première installation : scannez"), (left, y, right, y + line), bold=True,
                         colour=black, size=small, min_size=small * 2 // 3, max_lines=1, role="setup.title")
            y += line
        else:  # a tall block: the QR code on top
            picture = self._qr(max(1, min(width - 2 * pad, height - 6 * line - 3 * pad)))
            canvas.write(_("Première installation : scannez"), (pad, pad, width - pad, pad + line),
                         bold=True, colour=black, size=small, align="center", max_lines=1, role="setup.title")
            canvas.image.paste(picture, ((width - picture.width) // 2, 2 * pad + line))
            left, right = pad, width - pad
            y = 2 * pad + line + picture.height + pad // 2
        align = "start" if left > pad else "center"
        canvas.write(_("ou ouvrez cette adresse :"), (left, y, right, y + line),
                     size=small * 3 // 4, min_size=small * 2 // 3, colour=black, align=align, max_lines=1,
                     role="setup.help")
        y += line
        canvas.write(self.address, (left, y, right, y + 2 * line), size=small * 3 // 4,
                     min_size=small // 2, colour=black, align=align, max_lines=2, role="setup.address")
        y += 2 * line
        canvas.write(_("Code d'installation : {code}", code=self.code), (left, y, right, min(height, y + line)),
                     size=small, min_size=small * 2 // 3, bold=True, colour=black, align=align, max_lines=1,
                     role="setup.code")
