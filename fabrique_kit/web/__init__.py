"""The kit's web app: live preview, kiosk page, mediators' admin pages, kits' API.

Example::

    from fabrique_kit.web import WebServer, create_app
    server = WebServer(create_app(kit.web), host="0.0.0.0", port=8000).start()
    ...
    server.stop()
"""

from fabrique_kit.web.app import create_app
from fabrique_kit.web.server import WebServer

__all__ = ["WebServer", "create_app"]
