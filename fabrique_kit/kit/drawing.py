"""Drawing a kit's screen: the renderer built from the script's screen function (or the
default screen), its mistakes told at the script's line, and the preview PNG.

Example::

    renderer = build_renderer(kit, parts)
    write_preview(kit, "apercu.png", layout="apercu.json")
"""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from fabrique_kit.errors import FabriqueError
from fabrique_kit.kit.default_screen import add_status, default_screen
from fabrique_kit.script_errors import script_error

if TYPE_CHECKING:
    from fabrique_kit.kit.facade import Kit
    from fabrique_kit.kit.parts import KitParts


def second_languages(kit: Kit) -> tuple[str, ...]:
    """The other languages of ``[ecran] langues`` (« en, ar » → ``("en", "ar")``), without the kit's own.

    Example: ``second_languages(kit)`` → ``('en',)``
    """
    text = getattr(kit.config.screen, "languages", "") or ""
    codes = [code.strip().lower() for code in text.replace(";", ",").replace(" ", ",").split(",")]
    return tuple(dict.fromkeys(code for code in codes if code and code != kit.lang))


def build_renderer(kit: Kit, parts: KitParts):
    """The renderer of ``kit``: its screen function (or the default one) plus the status line."""
    from fabrique_kit.screen import Renderer

    draw = parts.draw or default_screen(kit, parts.sources)
    screen = kit.config.screen
    return Renderer(
        _checked(kit, parts, draw),
        size=kit.options.size or screen.size,
        theme=screen.theme,
        layout=screen.layout,
        state=kit.state,
        clock=kit.clock,
        rotation=screen.rotation,
        language=kit.lang,
        second_languages=second_languages(kit),
    )


def _checked(kit: Kit, parts: KitParts, draw: Callable) -> Callable:
    """``draw``, keeping its last mistake in ``kit.draw_error`` (located, without a traceback)."""

    def full(screen):
        try:
            draw(screen)
        except FabriqueError as error:
            kit.draw_error = error
            raise
        except Exception as error:  # a beginner's mistake: located, without a traceback
            kit.draw_error = script_error(Path(draw.__code__.co_filename), error)
            raise kit.draw_error from None
        kit.draw_error = None
        add_status(kit, parts.sources, screen)

    return full


def write_preview(kit: Kit, path: str | Path | None, layout: str | Path | None) -> Path:
    """Refresh every source, draw one frame, write it as PNG (and its display list as JSON)."""
    from PIL import Image

    from fabrique_kit.files import write_atomically

    path = Path(path or kit.project_dir / "apercu.png")
    kit.refresh_all()
    frame = kit.render(force=True)
    picture = io.BytesIO()
    frame.image.save(picture, format=Image.registered_extensions().get(path.suffix.lower(), "PNG"))
    write_atomically(path, picture.getvalue())
    if layout is not None and frame.display is not None:
        write_atomically(layout, frame.display.to_text())
    if kit.draw_error is not None:  # the picture is written, and the mistake is told
        raise kit.draw_error
    return path
