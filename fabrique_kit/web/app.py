"""The app factory: one Flask app for the kit's preview, kiosk, admin pages and API.

Example::

    from fabrique_kit.web import create_app, WebServer
    app = create_app(kit.web)
    server = WebServer(app, host="0.0.0.0", port=8000).start()
"""

from __future__ import annotations

import importlib.util
import logging
import re
from pathlib import Path

from flask import Flask

from fabrique_kit.i18n import _
from fabrique_kit.web.admin import admin
from fabrique_kit.web.auth import auth
from fabrique_kit.web.auth_store import PinStore, SessionRegistry
from fabrique_kit.web.bilan import bilan
from fabrique_kit.web.city import city
from fabrique_kit.web.closures import closures
from fabrique_kit.web.context import WebContext
from fabrique_kit.web.error_pages import install_error_pages
from fabrique_kit.web.kit_interface import KitForWeb
from fabrique_kit.web.language import install_language
from fabrique_kit.web.media import media
from fabrique_kit.web.messages import messages
from fabrique_kit.web.preview import preview
from fabrique_kit.web.security import install_security
from fabrique_kit.web.semainier import semainier
from fabrique_kit.web.undo import undo

log = logging.getLogger("fabrique_kit.web")


def create_app(kit: KitForWeb) -> Flask:
    """The web app of ``kit``: the kit's web interface (``kit.web``), see ``docs/web.md``.

    The PIN hash, the lockout and the cookie secret are kept in ``kit.data_dir``.
    """
    app = Flask(__name__)
    data_dir = Path(kit.data_dir)
    data_dir.mkdir(parents=True, exist_ok=True)
    context = WebContext(kit=kit, pins=PinStore(data_dir), sessions=SessionRegistry())
    app.extensions["fabrique"] = context

    install_language(app, default=getattr(kit, "lang", "fr") or "fr")
    info = getattr(kit, "info", None)  # the API needs it; a kit without one has no mDNS name
    kit_id = str((info() if callable(info) else {}).get("id") or "")
    mdns_name = re.sub(r"[^a-z0-9-]+", "-", kit_id.lower()).strip("-")[:40]  # as net/discovery.py names it
    install_security(app, data_dir, hosts=[f"fabrique-{mdns_name}.local"] if mdns_name else [])
    install_error_pages(app)
    for blueprint in (preview, auth, admin, messages, semainier, closures, undo, bilan):
        app.register_blueprint(blueprint)
    app.register_blueprint(city)  # the city network's fleet view (web/city.py)
    app.register_blueprint(media)  # the preview's game sounds and simulated paper ticket
    if importlib.util.find_spec("fabrique_kit.web.api") is not None:
        from fabrique_kit.web.api import api_blueprint

        app.register_blueprint(api_blueprint(kit))

    if not context.pins.has_pin():
        log.info(
            _(
                "Aucun code des médiateurs n'est choisi. Ouvrez /admin sur le kit, ou "
                "depuis un autre appareil avec le code d'installation {code}.",
                code=context.pins.setup_code(),
            )
        )
    return app
