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

from flask import current_app

from fabrique_kit.web.auth_store import PinStore, SessionRegistry
from fabrique_kit.web.kit_interface import KitForWeb

# How long the preview waits for a new frame before answering "no change" (seconds).
LONG_POLL_SECONDS = 20.0


@dataclass
class WebContext:
    """The kit behind the web app, and the few things the pages keep between requests.

    - ``stopping`` is set when the server stops, so long-polls end at once;
    - ``waiters`` limits how many long-polls may hold a server thread at the same time;
    - ``edit_lock`` makes two mediators' edits of the semainier happen one after the other.
    """

    kit: KitForWeb
    pins: PinStore
    sessions: SessionRegistry
    stopping: threading.Event = field(default_factory=threading.Event)
    waiters: threading.BoundedSemaphore = field(
        default_factory=lambda: threading.BoundedSemaphore(5)
    )
    edit_lock: threading.Lock = field(default_factory=threading.Lock)


def web_context() -> WebContext:
    """The :class:`WebContext` of the app handling the current request."""
    return current_app.extensions["fabrique"]
