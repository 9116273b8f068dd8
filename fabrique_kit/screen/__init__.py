"""The hall screen: widgets laid out and drawn with Pillow, shown by outputs.

Example::

    from fabrique_kit.screen import Renderer

    def hall(screen):
        screen.header("Espace Social Commun Maurepas")
        screen.schedule(planning.today())
        screen.big_number(queue.called, desk=2)
        screen.news(news.latest(6))
        screen.status()

    renderer = Renderer(hall, size=(1920, 1080), theme="clair", state=state, clock=clock)
    frame = renderer.render()          # a Frame, or None when nothing changed
"""

from fabrique_kit.screen.fonts import FontBook
from fabrique_kit.screen.frame import Frame
from fabrique_kit.screen.layouts import LAYOUTS
from fabrique_kit.screen.loop import ScreenLoop
from fabrique_kit.screen.outputs import choose_output
from fabrique_kit.screen.renderer import Renderer
from fabrique_kit.screen.screen import Screen
from fabrique_kit.screen.themes import OKABE_ITO, THEMES, Theme, contrast_ratio
from fabrique_kit.screen.widgets import Widget

__all__ = [
    "LAYOUTS",
    "OKABE_ITO",
    "THEMES",
    "FontBook",
    "Frame",
    "Renderer",
    "Screen",
    "ScreenLoop",
    "Theme",
    "Widget",
    "choose_output",
    "contrast_ratio",
]
