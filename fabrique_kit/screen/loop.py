"""``ScreenLoop``: renders when a value changes or a deadline comes, shows the frame, sleeps.

Nothing spins while the screen is still: the loop waits on the state's change
notification, or until the renderer's next deadline (the next clock minute).

Example::

    loop = ScreenLoop(renderer, [choose_output("auto")], state)
    loop.start()          # in a thread
    ...
    loop.stop()
"""

from __future__ import annotations

import logging
import threading

from fabrique_kit.i18n import _
from fabrique_kit.state import State

log = logging.getLogger(__name__)


class ScreenLoop:
    """Feeds every output with the renderer's frames, waking only when needed."""

    def __init__(self, renderer, outputs, state: State | None = None, max_sleep: float = 60.0):
        self.renderer = renderer
        self.outputs = [o for o in outputs if o is not None]
        self.state = state if state is not None else renderer.state
        self.max_sleep = max_sleep
        self.frames = 0
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._close_outputs = True
        self._pending = None  # a frame rendered elsewhere, to show from this thread
        self._check = False  # run the drawing function at the next step, even if nothing read changed
        self._unsubscribe = self.state.subscribe(lambda _names: self._wake.set()) if self.state else None

    def step(self) -> float:
        """Render once (if due), show the frame; returns the seconds to wait before the next step."""
        check, self._check = self._check, False
        try:
            frame = self.renderer.render(check=check)
        except Exception:  # a drawing bug must not stop the screen for good
            log.exception(_("Le dessin de l'écran a échoué."))
            frame = None
        pending, self._pending = self._pending, None
        frame = frame or pending
        if frame is not None:
            self.frames += 1
            for output in self.outputs:
                try:
                    output.show(frame)
                except Exception:
                    log.exception(_("La sortie {name} n'a pas pu afficher l'image.", name=type(output).__name__))
        deadline = self.renderer.next_deadline()
        if deadline is None:
            return self.max_sleep
        seconds = (deadline - self.renderer.clock.now()).total_seconds()
        return min(self.max_sleep, max(0.0, seconds))

    def run(self) -> None:
        """Loop until :meth:`stop` is called, then close the outputs (in this same thread)."""
        try:
            while not self._stop.is_set():
                wait = self.step()
                self._wake.wait(wait)
                self._wake.clear()
        finally:
            if self._close_outputs:
                self.close_outputs()

    def start(self) -> threading.Thread:
        """Run the loop in a background thread."""
        self._thread = threading.Thread(target=self.run, name="fabrique-ecran", daemon=True)
        self._thread.start()
        return self._thread

    def push(self, frame) -> None:
        """Show ``frame``, rendered in another thread, on the outputs (from the loop's thread).

        Example: ``loop.push(renderer.render(force=True))``
        """
        self._pending = frame
        self._wake.set()

    def wake(self) -> None:
        """Render now (e.g. after changing the theme)."""
        self._wake.set()

    def recheck(self) -> None:
        """Run the drawing function now and show what differs (after a button's action).

        Example: ``after_actions(loop.recheck)``
        """
        self._check = True
        self._wake.set()

    def stop(self, close_outputs: bool = True) -> None:
        """Stop the loop; its outputs are closed unless ``close_outputs`` is False."""
        self._close_outputs = close_outputs
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
        elif close_outputs:
            self.close_outputs()
        if self._unsubscribe:
            self._unsubscribe()

    def close_outputs(self) -> None:
        for output in self.outputs:
            try:
                output.close()
            except Exception:
                log.exception(_("La sortie {name} ne s'est pas fermée correctement.", name=type(output).__name__))
