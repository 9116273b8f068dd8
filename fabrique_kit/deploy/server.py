"""The supervisor's small web server: the kit's web server, with room for a bundle.

Example::

    server = SmallServer(deploy_app(ServiceRoot(root)), "0.0.0.0", 8001).start()
    server.stop()
"""

from __future__ import annotations

from fabrique_kit.deploy.bundle import MAX_BUNDLE
from fabrique_kit.web.server import WebServer

BODY_LIMIT = MAX_BUNDLE + 1024 * 1024  # the bundle and its headers; the API says "too big" itself


class SmallServer(WebServer):
    """A :class:`WebServer` with two threads and a body limit that fits a bundle."""

    def __init__(self, app, host: str = "127.0.0.1", port: int = 8001):
        super().__init__(app, host=host, port=port, threads=2)

    def start(self) -> SmallServer:
        super().start()
        if self._server is None:  # cannot happen: start() has just created it
            raise RuntimeError("the web server did not start")
        self._server.adj.max_request_body_size = BODY_LIMIT
        return self
