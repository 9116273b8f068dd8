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
