"""A contributed widget that raises while drawing: the rest is drawn, its box is marked."""

from __future__ import annotations

from fabrique_kit.clock import FakeClock
from fabrique_kit.screen.layouts import place
from fabrique_kit.screen.themes import THEMES, hex_to_rgb
from fabrique_kit.state import State

BOOM = """
    from fabrique_kit.screen import Widget

    class Boom(Widget):
        kind = "side"

        def content(self, now):
            return ("boum",)

        def paint(self, canvas):
            canvas.fill("#FF0000")            # half-drawn, then a crash
            raise KeyError("ligne")
"""
SIZE = (1280, 720)


def count(image, box, colour) -> int:
    region = image.crop(box).convert("RGB")
    rgb = hex_to_rgb(colour)
    return sum(1 for pixel in region.get_flattened_data() if pixel == rgb)


def test_a_widget_that_raises_while_drawing_is_marked_and_the_rest_drawn(fake_dist, wired):
    from fabrique_kit.screen import Renderer

    fake_dist.add("fabrique-boum", "0.1", {"fabrique_kit.widgets": {"boum": "fabrique_boum:Boom"}},
                  {"fabrique_boum.py": BOOM})
    theme = THEMES["clair"]
    screens = []

    def hall(screen):
        screen.header("Espace Social Commun Le Blosne", clock=False)
        screen.text("Permanence numérique de 14 h à 17 h, sans rendez-vous.", title="Aujourd'hui")
        screen.widget("boum")
        screens.append(screen)

    renderer = Renderer(hall, size=SIZE, state=State(), clock=FakeClock("2026-11-27 10:00"))
    frame = renderer.render()
    assert any("Boom" in e and "ligne" in e for e in frame.errors)
    boxes = {w.name: box for w, box in place(screens[-1].widgets, SIZE)}
    header, text, boom = boxes["Header"], boxes["TextBlock"], boxes["Boom"]
    image = frame.image
    # the other blocks are drawn
    assert count(image, header, theme.header_background) > 0.5 * (header[2] - header[0]) * (header[3] - header[1])
    assert sum(image.crop(text).convert("L").histogram()[:100]) > 2000  # its text
    # the failing block: no half-drawn red, a hatched box with an outline instead
    assert count(image, boom, "#FF0000") == 0
    x0, y0, x1, y1 = boom
    assert count(image, boom, theme.background) > 0.05 * (x1 - x0) * (y1 - y0)  # the hatching
    assert count(image, boom, theme.panel) > 0.3 * (x1 - x0) * (y1 - y0)
    middle = (y0 + y1) // 2
    assert image.getpixel((x0, middle + 7)) == hex_to_rgb(theme.muted)  # the outline
    assert image.getpixel((x1 - 1, middle + 7)) == hex_to_rgb(theme.muted)
