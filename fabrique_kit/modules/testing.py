"""Helpers for the tests of a contributed module (and of fabrique-kit's own).

Example::

    from fabrique_kit.modules.testing import dark_pixels, paint

    def test_my_widget_draws_text():
        image = paint(MyWidget("Bonjour"))
        assert dark_pixels(image) > 500
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from PIL import Image

from fabrique_kit.clock import SYSTEM_CLOCK, Clock


def paint(widget, size: tuple[int, int] = (960, 540), now: datetime | None = None,
          theme: str = "clair") -> Image.Image:
    """Paint ``widget`` alone on a canvas of ``size`` and return the picture (errors raise)."""
    from fabrique_kit.screen.fonts import FontBook
    from fabrique_kit.screen.renderer import pick_theme
    from fabrique_kit.screen.widgets.base import Canvas, Sizes

    now = now or SYSTEM_CLOCK.now()
    sizes = Sizes(min(size))
    widget.place_in(size, sizes)
    hash(widget.content(now))  # the summary must be hashable, as the renderer needs
    canvas = Canvas(size[0], size[1], pick_theme(theme), FontBook(), sizes, now)
    widget.paint(canvas)
    return canvas.image


def render(draw, state=None, size: tuple[int, int] = (960, 540), clock: Clock = SYSTEM_CLOCK):
    """One full frame of ``draw(screen)``, as the kit makes it (``frame.errors`` lists failures)."""
    from fabrique_kit.screen.renderer import Renderer

    return Renderer(draw, size=size, state=state, clock=clock).render(force=True)


def dark_pixels(image: Image.Image, box: tuple[int, int, int, int] | None = None, below: int = 100) -> int:
    """How many dark pixels (text, lines) ``image`` holds, in ``box`` if given."""
    region = (image.crop(box) if box else image).convert("L")
    return sum(region.histogram()[:below])


def make_kit(folder: str | Path, clock: Clock | None = None):
    """A quiet, simulated kit in ``folder`` that starts nothing (close it, or use ``with``)."""
    from fabrique_kit.kit import Kit
    from fabrique_kit.run_options import run_options

    with run_options(project_dir=Path(folder), simulate=True, quiet=True, network=False,
                     mode="load", clock=clock):
        return Kit()
