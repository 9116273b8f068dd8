"""The kit's web app: live preview, kiosk page, mediators' admin pages, kits' API.

Example::

    from fabrique_kit.web import WebServer, create_app
    server = WebServer(create_app(kit.web), host="0.0.0.0", port=8000).start()
    ...
    server.stop()

The names are loaded on first use: the supervisor, which needs only the server, does
not import the whole web app (Flask, the pages) with it.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

__all__ = ["WebServer", "create_app"]
_WHERE = {"WebServer": "fabrique_kit.web.server", "create_app": "fabrique_kit.web.app"}

if TYPE_CHECKING:
    from fabrique_kit.web.app import create_app
    from fabrique_kit.web.server import WebServer


def __getattr__(name: str):
    if name not in _WHERE:
        raise AttributeError(f"module 'fabrique_kit.web' has no attribute {name!r}")
    value = getattr(import_module(_WHERE[name]), name)
    globals()[name] = value
    return value
