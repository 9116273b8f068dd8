"""The kit's periodic jobs: source refreshes and ``@kit.every`` functions, one thread each.

Nothing here spins: a thread sleeps until its next run. (The screen has its own loop,
:class:`~fabrique_kit.screen.ScreenLoop`.)
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

log = logging.getLogger("fabrique_kit")


MIN_DELAY = 1.0  # seconds: a delay returned by a source is never shorter (no busy loop)


class Periodic:
    """Run ``job()`` now, then every ``every`` seconds (or the delay it returns), in a thread.

    ``every=0`` runs it once. A delay the job returns (a source's backoff) is at least
    :data:`MIN_DELAY`. Exceptions are logged; the thread goes on.

    Example: ``Periodic("actus", lambda: feed.refresh(state), 900, stop).start()``
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
            delay = max(MIN_DELAY, float(returned)) if returned is not None else self.every

    def join(self, timeout: float) -> None:
        if self.thread.is_alive():
            self.thread.join(timeout)
