"""Text that fits its box: wrapped at spaces, shrunk down to a readable size, then cut.

A cut always ends with an ellipsis after a whole word (a single word wider than the
box is the only thing ever cut inside). French spacing is applied to French text;
Arabic and Hebrew paragraphs are laid out right to left, shaped by raqm.

Example::

    book = FontBook()
    layout = fit_text(book, "Permanence numérique : démarches en ligne", 600, 120, size=48, min_size=40)
    draw_text(image, layout, (0, 0, 600, 120), "#000000")
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from functools import lru_cache

from cachetools import LRUCache, cached
from PIL import Image, ImageDraw

from fabrique_kit.i18n import get_language
from fabrique_kit.screen import fonts
from fabrique_kit.screen.fonts import FontBook, has_glyph, load_font
from fabrique_kit.screen.typography import (
    french_typography,
    has_rtl,
    language_of,
    neutralise_bidi,
    paragraph_direction,
)

ELLIPSIS = "…"
TRAILING = " \u00a0\u202f,;:.–-"  # not left just before an ellipsis
SHRINK_STEP = 0.92  # each try is 8 % smaller


@lru_cache(maxsize=4096)  # ~1 MB: 16384 entries kept growing the memory for hours
def text_length(path: str, size: int, text: str, direction: str) -> float:
    """Width in pixels of ``text`` drawn with one font."""
    if not fonts.HAS_RAQM:
        return load_font(path, size).getlength(text)
    return load_font(path, size).getlength(text, direction=direction)


@lru_cache(maxsize=1024)
def font_metrics(path: str, size: int) -> tuple[int, int]:
    """``(ascent, descent)`` of a font at a size."""
    return load_font(path, size).getmetrics()


def _mask_bytes(item) -> int:
    mask, _offset = item
    return mask.width * mask.height + 256  # one byte a pixel, and the objects around it


# bounded in bytes, not in entries: 768 masks of large text took 94 MB in a render loop
MASK_CACHE_BYTES = 12 * 2**20
_masks: LRUCache = LRUCache(maxsize=MASK_CACHE_BYTES, getsizeof=_mask_bytes)


@cached(_masks, lock=threading.Lock())
def text_mask(path: str, size: int, text: str, direction: str, language: str | None):
    """``text`` drawn once in grey levels, with its offset from the baseline start.

    Rasterising large text is the slowest part of a frame; kept masks make redrawing
    the same words (a clock, a number, a title) cheap. The masks kept take at most
    ``MASK_CACHE_BYTES`` (cachetools' LRU cache measures each one).
    """
    font = load_font(path, size)
    shaped_direction = direction if fonts.HAS_RAQM else None  # basic layout knows no direction
    shaped_language = language if fonts.HAS_RAQM else None
    left, top, right, bottom = (int(v) for v in font.getbbox(text, anchor="ls", direction=shaped_direction,
                                                             language=shaped_language))
    mask = Image.new("L", (max(1, right - left), max(1, bottom - top)), 0)
    ImageDraw.Draw(mask).text((-left, -top), text, font=font, fill=255, anchor="ls",
                              direction=shaped_direction, language=shaped_language)
    return mask, (left, top)


@dataclass
class Line:
    """One line: its runs ``(text, font path)`` in reading order, width and direction."""

    runs: list[tuple[str, str]]
    width: float
    direction: str
    ascent: int
    descent: int
    font: str | None = None  # the one font of its paragraph, if one has every character

    @property
    def text(self) -> str:
        return "".join(piece for piece, _ in self.runs)

    @property
    def height(self) -> int:
        return self.ascent + self.descent


@dataclass
class TextLayout:
    """Lines ready to draw at ``size`` pixels; ``cut`` is True when text was left out."""

    lines: list[Line]
    size: int
    cut: bool = False
    missing: dict = field(default_factory=dict)  # characters drawn with a fallback font

    @property
    def height(self) -> int:
        return sum(line.height for line in self.lines)

    @property
    def width(self) -> float:
        return max((line.width for line in self.lines), default=0)

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)


def prepare(text: str, typography: bool = True) -> list[tuple[str, str]]:
    """Paragraphs of ``text`` as ``(paragraph, direction)``, French spacing applied,
    directional control characters taken out (see :func:`neutralise_bidi`)."""
    paragraphs = []
    for paragraph in neutralise_bidi(str(text)).replace("\r\n", "\n").split("\n"):
        direction = paragraph_direction(paragraph)
        if typography and direction == "ltr" and get_language() == "fr":
            paragraph = french_typography(paragraph)
        paragraphs.append((" ".join(paragraph.split(" ")), direction))
    return paragraphs


def _make_line(book: FontBook, text: str, size: int, bold: bool, direction: str,
               font: str | None = None) -> Line:
    """One line of ``text``: in ``font`` when given (it has every character), else in runs."""
    if font is not None:
        runs = [(text, font)]
    else:
        runs = book.runs(text, bold) if text else [("", book.chain(bold)[0])]
    width = sum(text_length(path, size, piece, direction) for piece, path in runs)
    metrics = [font_metrics(path, size) for _, path in runs]
    return Line(runs, width, direction, max(m[0] for m in metrics), max(m[1] for m in metrics), font)


def _split_long_word(make, word: str, width: float) -> list[str]:
    """A word wider than the box, cut into pieces that fit (the only cut inside a word)."""
    pieces, current = [], ""
    for char in word:
        if current and make(current + char).width > width:
            pieces.append(current)
            current = char
        else:
            current += char
    return pieces + [current]


def _wrap(make, paragraph: str, width: float) -> tuple[list[Line], bool]:
    """Lines of one paragraph; the flag says a word had to be cut inside."""
    lines: list[Line] = []
    current = ""
    split_word = False
    for word in paragraph.split(" "):
        candidate = f"{current} {word}" if current else word
        if make(candidate).width <= width:
            current = candidate
            continue
        if current:
            lines.append(make(current))
        if make(word).width <= width:
            current = word
            continue
        split_word = True
        *full, current = _split_long_word(make, word, width)
        lines.extend(make(piece) for piece in full)
    lines.append(make(current))
    return lines, split_word


def _with_ellipsis(book, line: Line, width, size, bold) -> Line:
    """``line`` ending with "…" after a whole word, within ``width``."""
    font = line.font if line.font and has_glyph(line.font, ELLIPSIS) else None

    def make(text: str) -> Line:
        return _make_line(book, text.rstrip(TRAILING) + ELLIPSIS, size, bold, line.direction, font)

    words = line.text.rstrip().split(" ")
    while len(words) > 1:
        candidate = make(" ".join(words))
        if candidate.width <= width:
            return candidate
        words.pop()
    word = words[0]  # one word that cannot take the ellipsis: shorten it letter by letter
    while len(word) > 1 and make(word).width > width:
        word = word[:-1]
    return make(word)


def _layout_at(book, paragraphs, width, height, size, bold, max_lines):
    lines: list[Line] = []
    split_word = False
    for paragraph, direction in paragraphs:
        if direction == "rtl" or has_rtl(paragraph):
            book.note_rtl(paragraph)
        # one font for the whole paragraph when one has every character: the bidi
        # algorithm then sees the whole line (mixed Arabic and French stay in order)
        font = book.font_covering(paragraph, bold)

        def make(text, direction=direction, font=font):
            return _make_line(book, text, size, bold, direction, font)

        wrapped, split = _wrap(make, paragraph, width)
        lines.extend(wrapped)
        split_word = split_word or split
    fits = sum(line.height for line in lines) <= height and (max_lines is None or len(lines) <= max_lines)
    return lines, fits and not split_word


def fit_text(
    book: FontBook,
    text: str,
    width: float,
    height: float,
    size: int,
    min_size: int,
    bold: bool = False,
    max_lines: int | None = None,
    typography: bool = True,
) -> TextLayout:
    """Lay out ``text`` in a ``width`` × ``height`` box, from ``size`` down to ``min_size``.

    Example::

        layout = fit_text(FontBook(), "Fermé lundi", 400, 60, size=48, min_size=40)
        layout.size, layout.cut     # (48, False)
    """
    key = (text, int(width), int(height), int(size), int(min_size), bold, max_lines, typography, get_language())
    cache = book.layouts
    if key not in cache:
        outer, book.missing = book.missing, {}
        try:
            layout = _fit(book, text, width, height, int(size), int(min_size), bold, max_lines, typography)
            layout.missing = book.missing
        finally:
            book.missing = outer
    else:
        layout = cache[key]
    for pair, chars in layout.missing.items():
        book.missing.setdefault(pair, set()).update(chars)
    if len(cache) > 2000:
        cache.clear()
        give_back_memory()
    cache[key] = layout
    return layout


def give_back_memory() -> None:
    """Hand the memory just freed back to the system (glibc keeps it otherwise; Linux only).

    Measured over 1000 frames of changing news at 1920x1080: RSS stays at 69 MB after the
    caches are full, where it crept up by about 1 MB per 200 frames without it.
    """
    global _libc
    if _libc is None:
        try:
            import ctypes

            _libc = ctypes.CDLL("libc.so.6")
        except OSError:
            _libc = False
    if _libc:
        _libc.malloc_trim(0)  # type: ignore[attr-defined]


_libc: object = None  # the C library once loaded, False where there is none


def _fit(book, text, width, height, size, min_size, bold, max_lines, typography) -> TextLayout:
    paragraphs = prepare(text, typography)
    min_size = max(1, min(min_size, size))
    current = size
    while True:
        lines, fits = _layout_at(book, paragraphs, width, height, current, bold, max_lines)
        if fits:
            return TextLayout(lines, current)
        smaller = int(current * SHRINK_STEP)
        if current == min_size:
            break
        current = max(min_size, smaller)
    # Still too long at the smallest readable size: keep what fits, end with "…".
    kept: list[Line] = []
    used = 0
    for line in lines:
        too_high = kept and used + line.height > height
        if too_high or (max_lines and len(kept) >= max_lines):
            break
        kept.append(line)
        used += line.height
    cut = len(kept) < len(lines)
    if cut:
        kept[-1] = _with_ellipsis(book, kept[-1], width, min_size, bold)
    return TextLayout(kept, min_size, cut=cut)


def draw_text(
    image: Image.Image,
    layout: TextLayout,
    box: tuple[int, int, int, int],
    fill,
    align: str = "start",
    valign: str = "top",
    strike: bool = False,
) -> tuple[tuple[int, int, int, int] | None, list[str]]:
    """Draw ``layout`` inside ``box`` = ``(x0, y0, x1, y1)``; returns where, and which lines.

    ``align`` is ``"start"`` (left, or right for Arabic/Hebrew), ``"center"`` or
    ``"end"``; ``valign`` is ``"top"``, ``"middle"`` or ``"bottom"``; ``strike``
    draws a line through the text (a cancelled session). The box returned holds the
    lines drawn (their width, and their height from ascent to descent), or is None
    when nothing was drawn.
    """
    x0, y0, x1, y1 = box
    drawn: list[tuple[int, int, int, int]] = []
    drawn_lines: list[str] = []
    top = y0
    if valign == "middle":
        top = y0 + max(0, (y1 - y0 - layout.height) // 2)
    elif valign == "bottom":
        top = y1 - layout.height
    for index, line in enumerate(layout.lines):
        if index and top + line.height > y1 + 2:
            break  # never below the box (the first line is always drawn)
        baseline = top + line.ascent
        if align == "center":
            x = x0 + (x1 - x0 - line.width) / 2
        elif (align == "start") == (line.direction == "ltr"):
            x = x0
        else:
            x = x1 - line.width
        runs = line.runs if line.direction == "ltr" else list(reversed(line.runs))
        start = x
        if line.text.strip():
            drawn.append((int(x), top, int(x + line.width + 0.999), top + line.height))
            drawn_lines.append(line.text)
        for piece, path in runs:
            if piece.strip():
                mask, (left, top_offset) = text_mask(path, layout.size, piece, line.direction, language_of(piece))
                corner = (round(x) + left, baseline + top_offset)
                image.paste(fill, (*corner, corner[0] + mask.width, corner[1] + mask.height), mask)
            x += text_length(path, layout.size, piece, line.direction)
        if strike and line.text.strip():
            y = baseline - int(layout.size * 0.3)
            ImageDraw.Draw(image).line((start, y, x, y), fill=fill, width=max(2, layout.size // 12))
        top += line.height
    if not drawn:
        return None, []
    return (min(b[0] for b in drawn), min(b[1] for b in drawn),
            max(b[2] for b in drawn), max(b[3] for b in drawn)), drawn_lines
