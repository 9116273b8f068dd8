"""What every page of the web app shares: the kit, the PIN store, the sessions.

The app factory stores one :class:`WebContext` in ``app.extensions["fabrique"]``;
views reach it with :func:`web_context`.

Example::

    from fabrique_kit.web.context import web_context
    kit = web_context().kit          # inside a request
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

from flask import current_app, has_request_context, request

from fabrique_kit.web.auth_store import PinStore, SessionRegistry
from fabrique_kit.web.kit_interface import KitForWeb

# How long the preview waits for a new frame before answering "no change" (seconds).
LONG_POLL_SECONDS = 20.0
PER_CLIENT_WAITS = 2  # long-polls one address may hold at once (a kiosk and a follower)


class FairWaiters:
    """The long-poll slots: at most ``total`` at once, and ``per_client`` per address.

    Used like a semaphore inside a request (``acquire(blocking=False)`` / ``release()``):
    the client is the request's address, so one device can never hold every slot and
    delay what the kiosk shows.

    Example::

        waiters = FairWaiters(total=5, per_client=2)
        if waiters.acquire(blocking=False):      # inside a request
            try: ...
            finally: waiters.release()
    """

    def __init__(self, total: int = 5, per_client: int = PER_CLIENT_WAITS):
        self.total = total
        self.per_client = per_client
        self._held: dict[str, int] = {}
        self._lock = threading.Lock()

    @staticmethod
    def _client() -> str:
        return (request.remote_addr or "") if has_request_context() else ""

    def acquire(self, blocking: bool = False) -> bool:
        """Take a slot for this request's client; False when none is free (never blocks)."""
        client = self._client()
        with self._lock:
            held = self._held.get(client, 0)
            if held >= self.per_client or sum(self._held.values()) >= self.total:
                return False
            self._held[client] = held + 1
            return True

    def release(self) -> None:
        """Give back the slot this request's client took."""
        client = self._client()
        with self._lock:
            held = self._held.get(client, 0) - 1
            if held > 0:
                self._held[client] = held
            else:
                self._held.pop(client, None)


@dataclass
class WebContext:
    """The kit behind the web app, and the few things the pages keep between requests.

    - ``stopping`` is set when the server stops, so long-polls end at once;
    - ``waiters`` limits how many long-polls may hold a server thread at the same time,
      and how many one device may hold (:class:`FairWaiters`);
    - ``edit_lock`` makes two mediators' edits of the semainier happen one after the other.
    """

    kit: KitForWeb
    pins: PinStore
    sessions: SessionRegistry
    stopping: threading.Event = field(default_factory=threading.Event)
    waiters: FairWaiters = field(default_factory=FairWaiters)
    edit_lock: threading.Lock = field(default_factory=threading.Lock)


def web_context() -> WebContext:
    """The :class:`WebContext` of the app handling the current request."""
    return current_app.extensions["fabrique"]
