"""The deploy API: receive a new version of the kit's project, roll back, tell the status.

Every route needs a request signed with the site key (net/signing.py: the key is never
sent; the signature covers the body, so the bundle itself is signed), and every answer
is signed back for the asker to check it is this kit. The bundle is checked (size, paths,
links, zip bomb, ``fabrique check``) and unpacked as a new version of the service
folder; the supervisor then switches to it, restarts the kit and checks its health
(see docs/deploiement.md).

- ``POST /api/deploy`` (body: the zip) → 202 ``{"id", "version", "state": "pending"}``
- ``GET /api/deploy`` → ``{"current", "versions", "status": {"id", "state", ...}}``
- ``POST /api/deploy/rollback`` → 202 ``{"id", "state": "pending"}``

Example::

    app.register_blueprint(deploy_blueprint(kit))        # in the kit's web app
    app = deploy_app(ServiceRoot(root), wake=supervisor.wake)   # the supervisor's own server
"""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import threading
from collections.abc import Callable
from pathlib import Path

from flask import Blueprint, Flask, request

from fabrique_kit.deploy.bundle import (
    MAX_BUNDLE,
    BundleError,
    BundleTooBig,
    inspect_bundle,
    megabytes,
)
from fabrique_kit.deploy.requests_file import DeployBoard
from fabrique_kit.deploy.versions import ServiceRoot
from fabrique_kit.i18n import _, use_language
from fabrique_kit.net.answers import check_signed, json_answer, refusal, sign_response
from fabrique_kit.net.signing import NonceCache

log = logging.getLogger(__name__)
ROOT_ENV = "FABRIQUE_SERVICE_ROOT"
SUPERVISOR_ENV = "FABRIQUE_SUPERVISOR_PID"


def service_root_of(kit=None, root: str | Path | None = None) -> ServiceRoot | None:
    """The service folder the kit runs from: ``root``, ``$FABRIQUE_SERVICE_ROOT``, or guessed."""
    if root is None:
        root = os.environ.get(ROOT_ENV) or None
    if root is None and kit is not None:
        project = Path(kit.project_dir).resolve()
        if project.parent.name == "versions":
            root = project.parent.parent
    return ServiceRoot(root) if root is not None else None


def signal_supervisor() -> None:
    """Wake the supervisor (SIGUSR1); without it, it looks at the board within 5 s anyway."""
    with contextlib.suppress(KeyError, ValueError, OSError):
        os.kill(int(os.environ[SUPERVISOR_ENV]), signal.SIGUSR1)


def _bundle_refusal(error: BundleError, data: bytes):
    """The refusal of a bundle, in French and (when cheap to know) in English."""
    body = {"error": str(error), "error_en": str(error), "problems": [p.as_dict() for p in error.problems]}
    try:
        with use_language("en"):
            inspect_bundle(data)
    except BundleError as english:
        body["error_en"] = str(english)
    return json_answer(body, error.status)


def deploy_blueprint(
    kit=None,
    *,
    root: str | Path | ServiceRoot | None = None,
    wake: Callable[[], None] | None = None,
    key: Callable[[], str | None] | None = None,
) -> Blueprint:
    """The ``/api/deploy`` routes for ``kit`` (or for a service folder ``root``)."""
    bp = Blueprint("deploy", __name__, url_prefix="/api/deploy")
    service = root if isinstance(root, ServiceRoot) else service_root_of(kit, root)
    wake = wake or signal_supervisor
    if key is None:
        key = (lambda: kit.site_key) if kit is not None else (lambda: service.site_key() if service else None)
    installing = threading.Lock()
    nonces = NonceCache()

    def kit_id() -> str:
        info = getattr(kit, "info", None)
        if callable(info):
            return str(info().get("id") or "")
        return service.kit_id() if service is not None else ""

    @bp.after_request
    def signed_answer(response):
        return sign_response(response, key(), kit_id())

    def refused(body: bytes = b""):
        denied = check_signed(key(), kit_id(), nonces, body)
        if denied is not None:
            return denied
        if service is None or not service.exists():
            return refusal(
                409,
                lambda: _("Ce kit ne tourne pas comme un service : il ne peut pas recevoir de version."),
                hint=lambda: _("Sur le kit, une fois : « fabrique service install »."),
            )
        return None

    def busy():
        return refusal(409, lambda: _("Un déploiement est déjà en cours sur ce kit."),
                        hint=lambda: _("Attendez qu'il se termine, puis réessayez."))

    @bp.post("")
    def upload():
        if (request.content_length or 0) > MAX_BUNDLE:
            return refusal(413, lambda: _("Paquet trop gros : au plus {limit} Mo.", limit=megabytes(MAX_BUNDLE)))
        data = request.stream.read(MAX_BUNDLE + 1)
        denied = refused(data)
        if denied is not None:
            return denied
        if not installing.acquire(blocking=False):
            return busy()
        try:
            board = DeployBoard(service)
            if board.busy():
                return busy()
            try:
                with use_language("fr"):
                    if len(data) > MAX_BUNDLE:
                        raise BundleTooBig(_("Paquet trop gros : au plus {limit} Mo.", limit=megabytes(MAX_BUNDLE)))
                    number = service.install_bundle(data)
            except BundleError as error:
                log.warning("bundle refused: %s", error)
                return _bundle_refusal(error, data)
            ask = board.ask("deploy", version=number)
        finally:
            installing.release()
        wake()
        return json_answer({"id": ask["id"], "version": number, "state": "pending"}, 202)

    @bp.get("")
    def status():
        denied = refused()
        if denied is not None:
            return denied
        board = DeployBoard(service)
        return json_answer({"current": service.current(), "versions": service.versions(), "status": board.status()})

    @bp.post("/rollback")
    def rollback():
        denied = refused()
        if denied is not None:
            return denied
        board = DeployBoard(service)
        with installing:
            if board.busy():
                return busy()
            ask = board.ask("rollback")
        wake()
        return json_answer({"id": ask["id"], "state": "pending"}, 202)

    return bp


def deploy_app(service: ServiceRoot, *, wake: Callable[[], None], health: Callable[[], dict] | None = None) -> Flask:
    """The supervisor's own web app: the deploy routes and ``/api/health``."""
    app = Flask(__name__)
    app.register_blueprint(deploy_blueprint(root=service, wake=wake))

    @app.get("/api/health")
    def supervisor_health():
        return json_answer(health() if health else {"ok": True})

    @app.after_request
    def signed_health(response):
        if request.path == "/api/health":  # the deploy client proves the supervisor here
            return sign_response(response, service.site_key(), service.kit_id())
        return response

    return app
