"""Write each frame to a PNG file (for a web page, a test, or a screenshot).

Example::

    output = PngOutput("ecran.png")
    output.show(frame)
"""

from __future__ import annotations

import os
from pathlib import Path


class PngOutput:
    """Saves every frame it is shown to ``path`` (replaced in one step, never half-written)."""

    def __init__(self, path):
        self.path = Path(path)
        self.frames = 0

    def show(self, frame) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        partial = self.path.with_name(self.path.name + ".part")
        partial.write_bytes(frame.png())
        os.replace(partial, self.path)
        self.frames += 1

    def close(self) -> None:
        """Nothing to release."""
