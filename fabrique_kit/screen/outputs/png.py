"""Write each frame to a PNG file (for a web page, a test, or a screenshot).

Example::

    output = PngOutput("ecran.png")
    output.show(frame)
"""

from __future__ import annotations

from pathlib import Path

from fabrique_kit.files import write_atomically


class PngOutput:
    """Saves every frame it is shown to ``path`` (replaced in one step, never half-written)."""

    def __init__(self, path):
        self.path = Path(path)
        self.frames = 0

    def show(self, frame) -> None:
        write_atomically(self.path, frame.png())  # creates the folder if needed
        self.frames += 1

    def close(self) -> None:
        """Nothing to release."""
