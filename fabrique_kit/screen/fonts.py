"""The screen's fonts, shipped with the kit, and for each character a font that can draw it.

fabrique-kit ships Noto Sans (regular and bold), Noto Sans Arabic and Noto Sans
Hebrew in ``font_files/`` (SIL Open Font License, see ``font_files/OFL.txt``), and
uses them first: the hall screen on a Pi, the preview on a laptop and the tests in
CI draw the same frame, byte for byte, whatever fonts the system has. Fonts of the
system (``/usr/share/fonts``...) only serve as fallbacks, for characters that the
shipped fonts lack (rare symbols, other scripts); ``fc-match`` is asked last.
A character that the main font lacks is drawn with the next font of the chain that
has it, and this is reported as a warning.

Example::

    book = FontBook()
    font = book.font(48, bold=True)
    book.runs("Salut مرحبا")    # [('Salut ', '.../NotoSans-Regular.ttf'), ('مرحبا', '.../NotoSansArabic-Regular.ttf')]
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import unicodedata
from functools import cache, lru_cache
from pathlib import Path

from PIL import ImageFont, features

from fabrique_kit.errors import FabriqueError
from fabrique_kit.i18n import _

log = logging.getLogger(__name__)

SHIPPED_FONTS = Path(__file__).with_name("font_files")  # inside the package: always there
FONT_FOLDERS = (
    str(SHIPPED_FONTS),
    "/usr/share/fonts",
    "/usr/local/share/fonts",
    "~/.local/share/fonts",
    "~/.fonts",
)
REGULAR_NAMES = ("NotoSans-Regular.ttf", "DejaVuSans.ttf", "LiberationSans-Regular.ttf", "FreeSans.ttf")
BOLD_NAMES = ("NotoSans-Bold.ttf", "DejaVuSans-Bold.ttf", "LiberationSans-Bold.ttf", "FreeSansBold.ttf")
FALLBACK_REGULAR = (
    "NotoSansArabic-Regular.ttf",
    "NotoSansHebrew-Regular.ttf",
    "DejaVuSans.ttf",
    "NotoSansSymbols2-Regular.ttf",
    "NotoSansSymbols-Regular.ttf",
    "FreeSans.ttf",
)
FALLBACK_BOLD = (
    "NotoSansArabic-Bold.ttf",
    "NotoSansHebrew-Bold.ttf",
    "DejaVuSans-Bold.ttf",
    "NotoSansSymbols2-Regular.ttf",
    "FreeSansBold.ttf",
)
_NOT_A_CHARACTER = "\U0010fffd"
HAS_RAQM = bool(features.check_feature("raqm"))  # shaping and right-to-left text  # never in a font: draws the "missing glyph" box


@cache
def font_index(folders: tuple[str, ...] = FONT_FOLDERS) -> dict[str, str]:
    """Every font file found in ``folders``, as ``{file name: full path}``.

    The first folder wins for a name, so the shipped fonts come before the system's.
    """
    found: dict[str, str] = {}
    for folder in folders:
        root = Path(folder).expanduser()
        if not root.is_dir():
            continue
        for dirpath, _dirs, files in os.walk(root):
            for name in files:
                if name.lower().endswith((".ttf", ".otf", ".ttc")):
                    found.setdefault(name, os.path.join(dirpath, name))
    return found


def fc_match(pattern: str) -> str | None:
    """The file ``fc-match`` chooses for ``pattern`` (e.g. ``"sans-serif:bold"``), or None."""
    if not shutil.which("fc-match"):
        return None
    try:
        out = subprocess.run(
            ["fc-match", "-f", "%{file}", pattern], capture_output=True, text=True, timeout=5
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None
    return out if out and os.path.exists(out) else None


def find_font(names: tuple[str, ...] = REGULAR_NAMES, pattern: str = "sans-serif") -> str:
    """The first of ``names`` found on the system, else what fc-match says; a clear error if none.

    Example: ``find_font()`` → ``'.../fabrique_kit/screen/font_files/NotoSans-Regular.ttf'``
    """
    index = font_index()
    for name in names:
        if name in index:
            return index[name]
    matched = fc_match(pattern)
    if matched:
        return matched
    raise FabriqueError(
        _("Aucune police de caractères trouvée sur cet ordinateur."),
        hint=_("Les polices livrées avec fabrique-kit manquent : réinstallez-le "
               "(pip install --force-reinstall fabrique-kit)."),
    )


@lru_cache(maxsize=256)
def load_font(path: str, size: int) -> ImageFont.FreeTypeFont:
    """A font file at a size in pixels (cached), laid out by raqm when Pillow has it."""
    engine = ImageFont.Layout.RAQM if HAS_RAQM else ImageFont.Layout.BASIC
    return ImageFont.truetype(path, size, layout_engine=engine)


@lru_cache(maxsize=8192)
def has_glyph(path: str, char: str) -> bool:
    """True if the font at ``path`` can draw ``char`` (its drawing differs from .notdef)."""
    if char.isspace() or unicodedata.category(char) in ("Cc", "Cf", "Mn", "Zs"):
        return True
    font = load_font(path, 24)
    missing = font.getmask(_NOT_A_CHARACTER)
    mask = font.getmask(char)
    return not (mask.size == missing.size and bytes(mask) == bytes(missing))


class FontBook:
    """The fonts of one screen: a main font (regular and bold) and fallbacks.

    ``missing`` collects the characters that needed a fallback or that no font has;
    :meth:`take_warnings` turns them into sentences.

    Example::

        book = FontBook()
        book.font(40).getlength("Bonjour")
    """

    def __init__(
        self,
        regular: str | None = None,
        bold: str | None = None,
        fallbacks: list[str] | None = None,
    ):
        self.regular = regular or find_font(REGULAR_NAMES, "sans-serif")
        self.bold = bold or find_font(BOLD_NAMES, "sans-serif:bold")
        index = font_index()
        if fallbacks is None:
            self.fallback_regular = [index[n] for n in FALLBACK_REGULAR if n in index]
            self.fallback_bold = [index[n] for n in FALLBACK_BOLD if n in index]
        else:
            self.fallback_regular = self.fallback_bold = list(fallbacks)
        self.missing: dict[tuple[str, str], set[str]] = {}  # (main, fallback or "") → chars
        self.layouts: dict = {}  # text layouts already computed (see ``text.fit_text``)
        self._reported: set = set()

    def font(self, size: int, bold: bool = False, path: str | None = None) -> ImageFont.FreeTypeFont:
        """The main font (or ``path``) at ``size`` pixels."""
        return load_font(path or (self.bold if bold else self.regular), max(1, int(size)))

    def chain(self, bold: bool = False) -> list[str]:
        """Font files tried in order for each character."""
        main = self.bold if bold else self.regular
        rest = self.fallback_bold if bold else self.fallback_regular
        return [main] + [p for p in rest if p != main]

    def font_for(self, char: str, bold: bool = False) -> str:
        """The first font of the chain that has ``char`` (the main one if none has it)."""
        chain = self.chain(bold)
        for path in chain:
            if has_glyph(path, char):
                if path != chain[0]:
                    self._report(char, chain[0], path)
                return path
        self._report(char, chain[0], None)
        return chain[0]

    def font_covering(self, text: str, bold: bool = False) -> str | None:
        """The first font of the chain that has every character of ``text``, or None.

        The characters the main font lacks are reported as drawn with that font.
        """
        chain = self.chain(bold)
        chars = set(text)
        for path in chain:
            if all(has_glyph(path, char) for char in chars):
                for char in chars:
                    if path != chain[0] and not has_glyph(chain[0], char):
                        self._report(char, chain[0], path)
                return path
        return None

    def note_rtl(self, text: str) -> None:
        """Report Arabic or Hebrew text when Pillow cannot shape it (no libraqm)."""
        if not HAS_RAQM:
            key = ("raqm", "")
            self.missing.setdefault(key, set()).add(text[:1])
            if key not in self._reported:
                self._reported.add(key)
                log.warning(self.describe({key: {text[:1]}})[0])

    def runs(self, text: str, bold: bool = False) -> list[tuple[str, str]]:
        """``text`` cut into ``(piece, font path)`` runs, each drawn with one font.

        Spaces, digits and punctuation stay with the run before them when that
        font has them, so a line breaks into as few runs as possible.
        """
        runs: list[list[str]] = []
        for char in text:
            neutral = not (char.isalpha() or unicodedata.category(char).startswith("S"))
            if runs and neutral and has_glyph(runs[-1][1], char):
                runs[-1][0] += char
                continue
            path = self.font_for(char, bold)
            if runs and runs[-1][1] == path:
                runs[-1][0] += char
            else:
                runs.append([char, path])
        return [(piece, path) for piece, path in runs]

    def _report(self, char: str, main: str, used: str | None) -> None:
        key = (Path(main).stem, Path(used).stem if used else "")
        self.missing.setdefault(key, set()).add(char)
        if (char, key) not in self._reported:  # log once per character
            self._reported.add((char, key))
            level = logging.INFO if used else logging.WARNING
            log.log(level, self.describe({key: {char}})[0])

    def take_warnings(self) -> list[str]:
        """The warnings gathered since the last call, then forget them."""
        messages = self.describe(self.missing)
        self.missing = {}
        return messages

    @staticmethod
    def describe(missing: dict[tuple[str, str], set[str]]) -> list[str]:
        """One French sentence per (main font, fallback font) pair."""
        messages = []
        for (main, used), chars in sorted(missing.items()):
            if main == "raqm":
                messages.append(_("Sans libraqm, l'arabe et l'hébreu ne peuvent pas être dessinés "
                                  "correctement : sudo apt install libfribidi0 libraqm0"))
                continue
            listed = " ".join(sorted(chars)[:12]) + (" …" if len(chars) > 12 else "")
            if used:
                messages.append(
                    _(
                        "Caractères absents de la police {main}, dessinés avec {used} : {chars}",
                        main=main,
                        used=used,
                        chars=listed,
                    )
                )
            else:
                messages.append(
                    _("Caractères absents de toutes les polices installées : {chars}", chars=listed)
                )
        return messages
