"""Show frames in a window on a desktop (a laptop during a workshop, a Pi with a desktop).

Example::

    output = WindowOutput(title="Écran du hall", scale=0.5)
    output.show(frame)
"""

from __future__ import annotations

import os
from typing import Any

from fabrique_kit.errors import HardwareError
from fabrique_kit.i18n import _


def has_display(environ=None) -> bool:
    """True when a graphical desktop is reachable (``DISPLAY`` or ``WAYLAND_DISPLAY``)."""
    environ = os.environ if environ is None else environ
    return bool(environ.get("DISPLAY") or environ.get("WAYLAND_DISPLAY"))


class WindowOutput:
    """A tkinter window showing the latest frame, scaled by ``scale``.

    The window opens at the first :meth:`show`; keep showing from that same thread
    (tkinter's rule), as :class:`~fabrique_kit.screen.ScreenLoop` does.
    """

    def __init__(self, title: str = "fabrique-kit", scale: float = 1.0, fullscreen: bool = False):
        try:
            import tkinter

            from PIL import ImageTk
        except ImportError as error:
            raise HardwareError(
                _("Impossible d'ouvrir une fenêtre : tkinter manque."),
                hint=_("Installez-le : sudo apt install python3-tk"),
            ) from error
        if not has_display():
            raise HardwareError(_("Pas d'écran de bureau (DISPLAY) pour ouvrir une fenêtre."))
        self._tkinter, self._image_tk = tkinter, ImageTk
        self.title, self.scale, self.fullscreen = title, scale, fullscreen
        self.root: Any = None  # tkinter.Tk once open (tkinter is imported only when a window is used)
        self.label: Any = None
        self._photo: Any = None
        self.closed = False

    def _open(self) -> None:
        """Create the window (on first show, so in the thread that shows frames)."""
        self.root = self._tkinter.Tk()
        self.root.title(self.title)
        self.root.attributes("-fullscreen", bool(self.fullscreen))
        self.label = self._tkinter.Label(self.root, borderwidth=0)
        self.label.pack()
        self.root.protocol("WM_DELETE_WINDOW", self.close)

    def show(self, frame) -> None:
        if self.closed:
            return
        if self.root is None:
            self._open()
        image = frame.image
        if self.scale != 1.0:
            size = (max(1, int(image.width * self.scale)), max(1, int(image.height * self.scale)))
            image = image.resize(size)
        self._photo = self._image_tk.PhotoImage(image)
        self.label.configure(image=self._photo)
        self.root.update()

    def close(self) -> None:
        if not self.closed:
            self.closed = True
            if self.root is not None:
                self.root.destroy()
