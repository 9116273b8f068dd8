"""Where frames go: a PNG file, the framebuffer, a full-screen Wayland window, a window, a voice.

Every output has ``show(frame)`` and ``close()``.

Example::

    output = choose_output("auto")        # framebuffer on a Pi without desktop, window on a desktop
    if output:
        output.show(frame)
"""

from __future__ import annotations

import logging
import os

from fabrique_kit.errors import FabriqueError, suggestion_hint
from fabrique_kit.i18n import _
from fabrique_kit.screen.outputs.framebuffer import FramebufferOutput, is_raspberry_pi
from fabrique_kit.screen.outputs.png import PngOutput
from fabrique_kit.screen.outputs.spoken import SpokenOutput, write_chime
from fabrique_kit.screen.outputs.window import WindowOutput, has_display

log = logging.getLogger(__name__)
OUTPUT_NAMES = ("auto", "framebuffer", "native", "window", "png", "none")

__all__ = [
    "OUTPUT_NAMES",
    "FramebufferOutput",
    "PngOutput",
    "SpokenOutput",
    "WindowOutput",
    "choose_output",
    "write_chime",
]


def choose_output(name: str = "auto", *, path=None, device: str = "/dev/fb0", sysfs_root: str = "/sys",
                  rotation: int = 0, environ=None, model_file: str = "/proc/device-tree/model"):
    """The output called ``name``; ``"auto"`` picks for this computer:

    a window when a desktop is there, the framebuffer on a Pi without desktop, else
    None (the browser preview of the web app shows the frame).
    """
    environ = os.environ if environ is None else environ
    if name not in OUTPUT_NAMES:
        raise FabriqueError(_("Sortie d'écran inconnue : « {name} ».", name=name), field="output",
                            hint=suggestion_hint(name, OUTPUT_NAMES))
    if name == "none":
        return None
    if name == "png":
        return PngOutput(path or "ecran.png")
    if name == "framebuffer":
        return FramebufferOutput(device, sysfs_root=sysfs_root, rotation=rotation)
    if name == "window":
        return WindowOutput()
    if name == "native":  # full screen on a Wayland desktop, without a browser
        from fabrique_kit.screen.outputs.wayland import WaylandOutput

        # started by the service before the desktop: wait for it instead of failing
        return WaylandOutput(environ=environ, wait=bool(environ.get("FABRIQUE_SERVICE_ROOT")))
    if has_display(environ):
        try:
            return WindowOutput()
        except FabriqueError as error:
            log.warning("%s", error)
            return None
    if is_raspberry_pi(model_file) and os.path.exists(device):
        return FramebufferOutput(device, sysfs_root=sysfs_root, rotation=rotation)
    log.info(_("Pas d'écran branché ici : l'aperçu du navigateur montre l'écran."))
    return None
