"""Typography: French spacing rules and the direction of each paragraph.

French puts a non-breaking space before ``: ; ! ?`` and ``»`` and after ``«``, and
uses the typographic apostrophe ``’``. Arabic and Hebrew paragraphs read right to
left; a paragraph takes the direction of its first strong letter (the Unicode rule).

Example::

    >>> french_typography("Ouvert aujourd'hui : « bienvenue » !")
    'Ouvert aujourd’hui\\u00a0: «\\u202fbienvenue\\u202f»\\u202f!'
    >>> paragraph_direction("مرحبا Rennes")
    'rtl'
"""

from __future__ import annotations

import re
import unicodedata

NBSP = "\u00a0"  # no-break space, before ":"
NNBSP = "\u202f"  # narrow no-break space, before ; ! ? and inside « »

# Directional controls can turn text around: « \u202eexe.tnemucod » would show as
# « document.exe ». Embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069)
# and the left-to-right / right-to-left marks (U+200E, U+200F) are taken out of every
# text drawn: each paragraph gets its direction from its own letters instead.
BIDI_CONTROLS = dict.fromkeys(map(ord, "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f"))


def neutralise_bidi(text: str) -> str:
    """``text`` without directional control characters.

    Example: ``neutralise_bidi("\u202eexe.tnemucod")`` → ``'exe.tnemucod'``
    """
    return text.translate(BIDI_CONTROLS)


_APOSTROPHE = re.compile(r"(?<=\w)'(?=\w)")
_BEFORE_COLON = re.compile(r"(?<=[^\s\d])[ \u00a0\u202f]?:(?=\s|$)")
_BEFORE_MARK = re.compile(r"(?<=\S)[ \u00a0\u202f]?([;!?])(?=\s|$|[;!?»)])")
_BEFORE_MARK_AFTER_SPACE = re.compile(r"(?<=\S) ([;!?])")
_OPEN_QUOTE = re.compile(r"«[ \u00a0\u202f]?")
_CLOSE_QUOTE = re.compile(r"[ \u00a0\u202f]?»")


def french_typography(text: str) -> str:
    """``text`` with French spaces and apostrophes (addresses and times left as they are)."""
    text = _APOSTROPHE.sub("\u2019", text)
    text = _BEFORE_COLON.sub(NBSP + ":", text)
    text = _BEFORE_MARK.sub(NNBSP + r"\1", text)
    text = _BEFORE_MARK_AFTER_SPACE.sub(NNBSP + r"\1", text)
    text = _OPEN_QUOTE.sub("«" + NNBSP, text)
    text = _CLOSE_QUOTE.sub(NNBSP + "»", text)
    return text


def paragraph_direction(text: str) -> str:
    """``"rtl"`` if the first strong letter of ``text`` is Arabic or Hebrew, else ``"ltr"``."""
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind in ("R", "AL"):
            return "rtl"
        if kind == "L":
            return "ltr"
    return "ltr"


def has_rtl(text: str) -> bool:
    """True if ``text`` contains Arabic or Hebrew letters."""
    return any(unicodedata.bidirectional(c) in ("R", "AL") for c in text)


def language_of(text: str) -> str | None:
    """An OpenType language tag for shaping (``"ar"``, ``"he"``) or None."""
    for char in text:
        if "\u0590" <= char <= "\u05ff":
            return "he"
        if "\u0600" <= char <= "\u06ff" or "\u0750" <= char <= "\u077f":
            return "ar"
    return None
