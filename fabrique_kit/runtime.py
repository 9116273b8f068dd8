"""The kit's moving parts: source refresh threads and the frame loop.

Nothing here spins: a source thread sleeps until its next refresh, the frame loop
sleeps until a value it shows changes or the clock needs a new minute.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import datetime

from fabrique_kit.state import State

log = logging.getLogger("fabrique_kit")


class Periodic:
    """Run ``job()`` now, then every ``every`` seconds (or the delay it returns), in a thread.

    ``every=0`` runs it once. Exceptions are logged; the thread goes on.
    """

    def __init__(self, name: str, job: Callable[[], float | None], every: float, stop: threading.Event):
        self.name, self.job, self.every, self.stop = name, job, every, stop
        self.thread = threading.Thread(target=self._loop, name=f"fabrique-{name}", daemon=True)

    def start(self) -> None:
        self.thread.start()

    def _loop(self) -> None:
        delay = 0.0
        while not self.stop.wait(delay):
            try:
                returned = self.job()
            except Exception:  # a source must never stop the kit
                log.exception("refresh of %s failed", self.name)
                returned = None
            if not self.every and returned is None:
                return
            delay = returned if returned is not None else self.every

    def join(self, timeout: float) -> None:
        if self.thread.is_alive():
            self.thread.join(timeout)


class FrameLoop:
    """Renders a frame whenever a value it shows changes, and hands it to ``publish``."""

    def __init__(self, renderer, state: State, publish: Callable, stop: threading.Event, now: Callable[[], datetime]):
        self.renderer, self.state, self.publish, self.stop, self.now = renderer, state, publish, stop, now
        self.thread = threading.Thread(target=self._loop, name="fabrique-screen", daemon=True)

    def start(self) -> None:
        self.thread.start()

    def _loop(self) -> None:
        seen = -1
        while not self.stop.is_set():
            version = self.state.version
            try:
                frame = self.renderer.render()
            except Exception:
                log.exception("drawing the screen failed")
                frame = None
            if frame is not None:
                self.publish(frame)
            seen = version
            deadline = self.renderer.next_deadline()
            timeout = 60.0
            if deadline is not None:
                timeout = min(60.0, max(0.05, (deadline - self.now()).total_seconds()))
            self.state.wait_for_change(seen, timeout=timeout, cancel=self.stop)

    def join(self, timeout: float) -> None:
        if self.thread.is_alive():
            self.thread.join(timeout)
