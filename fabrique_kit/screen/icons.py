"""Pictograms drawn with Pillow's shapes: session states, main services, message kinds.

They are drawn, not loaded: a few circles, lines and rectangles scale sharply to any
screen, take the theme's colours, and ship no file and no licence. Each pictogram has
its own shape (a tick, a clock, a barred circle, a padlock...), so a state is never
told by colour alone; the word beside it says it too.

Example::

    from PIL import Image, ImageDraw
    picture = Image.new("RGB", (64, 64), "white")
    draw_icon(ImageDraw.Draw(picture), "now", (0, 0, 64, 64), "#000000")
    service_icon("Permanence CAF")      # 'caf'
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable

from PIL import ImageDraw

Box = tuple[int, int, int, int]

# words of a service's name that tell its pictogram (lower case, without accents)
SERVICE_WORDS = {
    "caf": ("caf", "allocation", "familial"),
    "prefecture": ("prefecture", "titre de sejour", "titres de sejour", "ants", "sejour"),
    "emploi": ("emploi", "france travail", "pole emploi", "cv", "recrutement"),
    "numerique": ("numerique", "informati", "ordinateur", "smartphone", "internet", "france services"),
}


def _plain(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text or "")
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def service_icon(service: str) -> str | None:
    """The pictogram of a service's name (``caf``, ``prefecture``, ``emploi``, ``numerique``), or None.

    Example: ``service_icon("Démarches : titres de séjour")`` → ``'prefecture'``
    """
    plain = _plain(service)
    for name, words in SERVICE_WORDS.items():
        if any(word in plain for word in words):
            return name
    return None


def _square(box: Box) -> tuple[float, float, float]:
    """The centre and half side of the largest square in ``box``."""
    x0, y0, x1, y1 = box
    half = min(x1 - x0, y1 - y0) / 2
    return (x0 + x1) / 2, (y0 + y1) / 2, half


def _now(draw, cx, cy, r, colour, width):  # open now: a ticked circle
    draw.ellipse((cx - r, cy - r, cx + r, cy + r), outline=colour, width=width)
    draw.line([(cx - r * 0.5, cy), (cx - r * 0.1, cy + r * 0.4), (cx + r * 0.5, cy - r * 0.4)],
              fill=colour, width=width, joint="curve")


def _next(draw, cx, cy, r, colour, width):  # next: a clock
    draw.ellipse((cx - r, cy - r, cx + r, cy + r), outline=colour, width=width)
    draw.line([(cx, cy - r * 0.6), (cx, cy), (cx + r * 0.45, cy + r * 0.25)], fill=colour, width=width,
              joint="curve")


def _cancelled(draw, cx, cy, r, colour, width):  # cancelled: a barred circle
    draw.ellipse((cx - r, cy - r, cx + r, cy + r), outline=colour, width=width)
    d = r * 0.7
    draw.line([(cx - d, cy + d), (cx + d, cy - d)], fill=colour, width=width)


def _closed(draw, cx, cy, r, colour, width):  # closed: a padlock
    body = (cx - r * 0.75, cy - r * 0.1, cx + r * 0.75, cy + r)
    draw.arc((cx - r * 0.5, cy - r, cx + r * 0.5, cy + r * 0.1), 180, 360, fill=colour, width=width)
    draw.line([(cx - r * 0.5, cy - r * 0.45), (cx - r * 0.5, cy - r * 0.1)], fill=colour, width=width)
    draw.line([(cx + r * 0.5, cy - r * 0.45), (cx + r * 0.5, cy - r * 0.1)], fill=colour, width=width)
    draw.rounded_rectangle(body, radius=max(1, r * 0.15), fill=colour)


def _past(draw, cx, cy, r, colour, width):  # over: a plain tick
    draw.line([(cx - r * 0.7, cy), (cx - r * 0.15, cy + r * 0.55), (cx + r * 0.7, cy - r * 0.5)],
              fill=colour, width=width, joint="curve")


def _caf(draw, cx, cy, r, colour, width):  # family: two adults and a child
    for dx, scale in ((-0.5, 1.0), (0.5, 1.0), (0.0, 0.65)):
        head = r * 0.22 * scale
        hx, hy = cx + dx * r, cy - r * 0.45 + (1 - scale) * r * 0.9
        draw.ellipse((hx - head, hy - head, hx + head, hy + head), fill=colour)
        draw.pieslice((hx - head * 1.9, hy + head * 1.2, hx + head * 1.9, hy + head * 5.5), 180, 360, fill=colour)


def _prefecture(draw, cx, cy, r, colour, width):  # an identity card
    draw.rounded_rectangle((cx - r, cy - r * 0.65, cx + r, cy + r * 0.65), radius=max(1, r * 0.12),
                           outline=colour, width=width)
    head = r * 0.2
    draw.ellipse((cx - r * 0.6 - head, cy - r * 0.3 - head, cx - r * 0.6 + head, cy - r * 0.3 + head), fill=colour)
    draw.pieslice((cx - r * 0.95, cy - r * 0.05, cx - r * 0.25, cy + r * 0.6), 180, 360, fill=colour)
    for dy in (-0.25, 0.05, 0.35):
        draw.line([(cx - r * 0.05, cy + dy * r), (cx + r * 0.7, cy + dy * r)], fill=colour, width=width)


def _emploi(draw, cx, cy, r, colour, width):  # a briefcase
    draw.rounded_rectangle((cx - r, cy - r * 0.45, cx + r, cy + r * 0.75), radius=max(1, r * 0.12), fill=colour)
    draw.rounded_rectangle((cx - r * 0.35, cy - r * 0.8, cx + r * 0.35, cy - r * 0.3), radius=max(1, r * 0.1),
                           outline=colour, width=width)


def _numerique(draw, cx, cy, r, colour, width):  # a computer screen on its foot
    draw.rounded_rectangle((cx - r, cy - r * 0.8, cx + r, cy + r * 0.4), radius=max(1, r * 0.08),
                           outline=colour, width=width)
    draw.line([(cx, cy + r * 0.4), (cx, cy + r * 0.8)], fill=colour, width=width)
    draw.line([(cx - r * 0.5, cy + r * 0.85), (cx + r * 0.5, cy + r * 0.85)], fill=colour, width=width)


def _information(draw, cx, cy, r, colour, width):  # an « i » in a circle
    draw.ellipse((cx - r, cy - r, cx + r, cy + r), outline=colour, width=width)
    dot = r * 0.14
    draw.ellipse((cx - dot, cy - r * 0.55 - dot, cx + dot, cy - r * 0.55 + dot), fill=colour)
    draw.rectangle((cx - r * 0.11, cy - r * 0.25, cx + r * 0.11, cy + r * 0.6), fill=colour)


def _alerte(draw, cx, cy, r, colour, width):  # a warning triangle with « ! »
    draw.polygon([(cx, cy - r), (cx + r, cy + r * 0.85), (cx - r, cy + r * 0.85)], outline=colour, width=width)
    draw.rectangle((cx - r * 0.09, cy - r * 0.35, cx + r * 0.09, cy + r * 0.35), fill=colour)
    dot = r * 0.11
    draw.ellipse((cx - dot, cy + r * 0.55 - dot, cx + dot, cy + r * 0.55 + dot), fill=colour)


def _fermeture(draw, cx, cy, r, colour, width):  # a « no entry » sign: a circle with a bar
    draw.ellipse((cx - r, cy - r, cx + r, cy + r), outline=colour, width=width)
    draw.rectangle((cx - r * 0.6, cy - r * 0.14, cx + r * 0.6, cy + r * 0.14), fill=colour)


ICONS: dict[str, Callable] = {
    "now": _now, "next": _next, "cancelled": _cancelled, "closed": _closed, "past": _past,
    "caf": _caf, "prefecture": _prefecture, "emploi": _emploi, "numerique": _numerique,
    "information": _information, "alerte": _alerte, "fermeture": _fermeture,
}


def draw_icon(draw: ImageDraw.ImageDraw, name: str, box: Box, colour) -> None:
    """Draw the pictogram ``name`` (a key of :data:`ICONS`) in the square centred in ``box``.

    Example: ``draw_icon(ImageDraw.Draw(picture), "closed", (0, 0, 48, 48), "#000000")``
    """
    cx, cy, half = _square(box)
    r = max(2.0, half * 0.88)
    width = max(2, round(r / 6))
    ICONS[name](draw, cx, cy, r, colour, width)
