"""The fonts ship with the package: the same frame whatever fonts the system has.

The check hides the system's font folders in a private mount namespace (``unshare
--mount``, as root) and draws the same preview there and here: the two PNG files
must be identical, byte for byte.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from fabrique_kit.project import new_project
from fabrique_kit.screen.fonts import SHIPPED_FONTS, FontBook

ROOT = Path(__file__).resolve().parents[2]
HIDDEN = ["/usr/share/fonts", "/usr/local/share/fonts"]
ENV = {**os.environ, "FABRIQUE_SIMULATION": "1", "FABRIQUE_LANG": "fr", "HOME": "/nonexistent"}


def test_the_screen_uses_the_shipped_fonts_first():
    book = FontBook()
    assert Path(book.regular) == SHIPPED_FONTS / "NotoSans-Regular.ttf"
    assert Path(book.bold) == SHIPPED_FONTS / "NotoSans-Bold.ttf"
    assert SHIPPED_FONTS / "NotoSansArabic-Regular.ttf" in map(Path, book.fallback_regular)
    assert SHIPPED_FONTS / "NotoSansHebrew-Bold.ttf" in map(Path, book.fallback_bold)
    assert (SHIPPED_FONTS / "OFL.txt").read_text(encoding="utf-8").count("Open Font License") >= 1


def test_arabic_is_drawn_with_a_shipped_font():
    runs = FontBook().runs("Bienvenue مرحبا")
    assert [Path(path).parent for _piece, path in runs] == [SHIPPED_FONTS, SHIPPED_FONTS]


def preview_command(project: Path, png: Path) -> list[str]:
    return [sys.executable, "-m", "fabrique_kit", "preview", str(project), "-o", str(png),
            "--at", "2026-11-23 14:30"]


def can_hide_fonts() -> str | None:
    """Why the system's fonts cannot be hidden here, or None when they can."""
    if os.geteuid() != 0:
        return "cacher les polices du système demande root (unshare --mount)"
    if not shutil.which("unshare"):
        return "la commande unshare (util-linux) manque"
    probe = subprocess.run(["unshare", "--mount", "true"], capture_output=True, text=True)
    if probe.returncode != 0:
        return f"unshare --mount refusé ici : {probe.stderr.strip()}"
    return None


def test_the_same_png_with_and_without_the_system_fonts(tmp_path):
    reason = can_hide_fonts()
    if reason:
        pytest.skip(reason)
    project = new_project("afficheur", tmp_path / "hall")
    with_fonts, without_fonts = tmp_path / "with.png", tmp_path / "without.png"
    here = subprocess.run(preview_command(project, with_fonts), capture_output=True, text=True, env=ENV,
                          cwd=ROOT, timeout=120)
    assert here.returncode == 0, here.stderr
    hide = " && ".join(f"mount -t tmpfs none {folder}" for folder in HIDDEN if os.path.isdir(folder))
    listing = "ls -A /usr/share/fonts | wc -l"
    script = f"{hide} && test $({listing}) -eq 0 && exec \"$@\"" if hide else 'exec "$@"'
    hidden = subprocess.run(["unshare", "--mount", "--propagation", "private", "sh", "-c", script, "sh",
                             *preview_command(project, without_fonts)],
                            capture_output=True, text=True, env=ENV, cwd=ROOT, timeout=120)
    assert hidden.returncode == 0, hidden.stderr
    assert "Caractères absents" not in hidden.stderr
    assert with_fonts.read_bytes() == without_fonts.read_bytes()
