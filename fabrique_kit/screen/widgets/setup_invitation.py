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

    def __init__(self, address: str, code: str):
        super().__init__()
        self.address, self.code = str(address), str(code)

    @property
    def link(self) -> str:
        """What the QR code holds: the setup page with the code filled in."""
        return f"{self.address}?code={self.code}"

    def content(self, now: datetime) -> tuple:
        return (self.address, self.code)

    def paint(self, canvas: Canvas) -> None:
        canvas.fill("#ffffff")
        pad, width, height = canvas.padding, canvas.width, canvas.height
        title = canvas.sizes.minimum * 2
        texts = int(canvas.sizes.minimum * 1.35 * 4) + title + pad * 3
        matrix = qr_matrix(self.link)
        side = max(len(matrix), min(width - 2 * pad, height - texts - 2 * pad))
        scale = max(1, side // len(matrix))
        picture = Image.new("1", (len(matrix), len(matrix)), 1)
        picture.putdata([0 if dark else 1 for row in matrix for dark in row])
        picture = picture.resize((len(matrix) * scale,) * 2, Image.Resampling.NEAREST).convert("RGB")
        canvas.write(_("Première installation"), (pad, pad, width - pad, pad + title), bold=True,
                     colour="#000000", size=canvas.sizes.minimum * 3 // 2, align="center",
                     max_lines=1, role="setup.title")
        top = pad * 2 + title
        canvas.image.paste(picture, ((width - picture.width) // 2, top))
        below = top + picture.height + pad // 2
        line = int(canvas.sizes.minimum * 1.35)
        canvas.write(_("Scannez, ou ouvrez sur un téléphone du même réseau :"),
                     (pad, below, width - pad, below + line), size=canvas.sizes.minimum,
                     colour="#000000", align="center", max_lines=1, role="setup.help")
        canvas.write(self.address, (pad, below + line, width - pad, below + 2 * line),
                     size=canvas.sizes.minimum, colour="#000000", align="center", max_lines=1,
                     role="setup.address")
        canvas.write(_("Code d'installation : {code}", code=self.code),
                     (pad, below + 2 * line, width - pad, min(height - pad, below + 4 * line)),
                     size=canvas.sizes.minimum * 3 // 2, bold=True, colour="#000000", align="center",
                     max_lines=1, role="setup.code")
