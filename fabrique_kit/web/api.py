"""The kits' JSON API, as a Flask blueprint under ``/api``.

Reading is public (what a screen shows is public anyway); every action must be signed
with the site key (net/signing.py: the key is proven, never sent), and every answer to
a request carrying a nonce is signed back, so the asker knows which kit answered.
Numbers are bounded, one device holds at most two long-polls (web/context.py). Errors
are JSON in French and English, never a traceback. The contract is in docs/api.openapi.yaml.

Example::

    app = Flask(__name__)
    app.register_blueprint(api_blueprint(kit))
    # GET  /api/state?since=12&wait=25       -> waits for a change after version 12
    # POST /api/actions/attente.call_next    {"desk": 1}   signed (X-Fabrique-Signature)
"""

from __future__ import annotations

import json
import logging
import math
import threading
import time
import uuid
from collections.abc import Iterable
from typing import Any

from flask import Blueprint, Response, current_app, request
from werkzeug.exceptions import HTTPException

from fabrique_kit.errors import DiskFullError, FabriqueError
from fabrique_kit.i18n import _, use_language
from fabrique_kit.net.answers import check_signed, json_answer, refusal, sign_response
from fabrique_kit.net.jsonready import json_ready
from fabrique_kit.net.signing import NonceCache
from fabrique_kit.web.context import FairWaiters

log = logging.getLogger(__name__)

MAX_WAIT = 25.0  # seconds a long-poll may last
MAX_BODY = 16 * 1024  # bytes of parameters for one action
RETRY_AFTER = 2  # seconds a reader should wait when no long-poll slot is free
MAX_NUMBER = 10**9  # largest number accepted in a parameter (a desk, a count...)
MAX_SINCE = 2**53  # largest state version a reader may give


def _from_fabrique_error(error: FabriqueError, status: int = 400) -> Response:
    first = error.problems[0] if error.problems else None
    text = str(error.problems[0].message) if first else str(error)
    body = {
        "error": text,
        "error_en": text,  # raised inside the action: only in the kit's language
        "field": first.field if first else None,
        "hint": first.hint if first else None,
        "problems": [p.as_dict() for p in error.problems],
    }
    return json_answer(body, status)


def _value_dict(item) -> dict:
    return json_ready(item.as_dict())


def _number(name: str, kind, default):
    raw = request.args.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = kind(raw)
    except ValueError:
        return None
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if abs(value) > MAX_SINCE:
        return None
    return value


def _long_poll_limits(own_waiters, own_stopping):
    """The web app's shared long-poll budget and stop signal, or this blueprint's own."""
    context = current_app.extensions.get("fabrique")
    waiters = getattr(context, "waiters", None) or own_waiters
    stopping = getattr(context, "stopping", None) or own_stopping
    return waiters, stopping


def api_blueprint(kit, max_waiting: int = 4) -> Blueprint:
    """The ``/api`` blueprint for ``kit`` (needs ``kit.state``, ``kit.actions``,
    ``kit.site_key`` and ``kit.info()``).

    A long-poll holds a server thread: at most ``max_waiting`` at once (or the web
    app's shared ``waiters`` budget); beyond that the answer comes at once with
    ``"retry_after": 2`` so followers wait instead of taking every thread.
    """
    bp = Blueprint("api", __name__, url_prefix="/api")
    boot = uuid.uuid4().hex  # changes at each start: followers can see a restart
    own_waiters = FairWaiters(total=max_waiting)
    own_stopping = threading.Event()
    started = time.monotonic()
    nonces = NonceCache()  # signed requests already received (no replay)

    def kit_id() -> str:
        return str(kit.info().get("id") or "")

    @bp.after_request
    def signed_answer(response: Response) -> Response:
        return sign_response(response, kit.site_key, kit_id())

    def state_answer(names: list[str] | None) -> dict:
        values = kit.state.snapshot(names)
        return {
            "id": kit_id(),
            "version": kit.state.version,
            "boot": boot,
            "values": {name: _value_dict(item) for name, item in values.items()},
        }

    @bp.get("/info")
    def info():
        return json_answer(dict(kit.info()))

    @bp.get("/health")
    def health():
        return json_answer(
            {
                "ok": True,
                "id": kit.info().get("id"),
                "version": kit.state.version,
                "boot": boot,
                "uptime_s": round(time.monotonic() - started, 1),
            }
        )

    @bp.get("/state")
    def state():
        since = _number("since", int, None)
        wait = _number("wait", float, 0.0)
        if (request.args.get("since") and since is None) or wait is None:
            return refusal(
                400,
                lambda: _(
                    "Paramètres « since » ou « wait » invalides : ce doivent être des nombres."
                ),
                field="since",
            )
        names = [n for n in request.args.get("names", "").split(",") if n] or None
        wait = max(0.0, min(wait, MAX_WAIT))
        # A reader ahead of us saw an earlier life of this kit: answer at once.
        if since is None or wait == 0 or since > kit.state.version:
            return json_answer(state_answer(names))
        waiters, stopping = _long_poll_limits(own_waiters, own_stopping)
        if not waiters.acquire(blocking=False):
            # every slot we may hold (or this device's share) is taken: answer now, come back later
            return json_answer(state_answer(names) | {"retry_after": RETRY_AFTER})
        try:
            deadline = time.monotonic() + wait
            while kit.state.version <= since and not stopping.is_set():
                left = deadline - time.monotonic()
                if left <= 0:
                    break
                kit.state.wait_for_change(since, timeout=min(left, 1.0))
        finally:
            waiters.release()
        return json_answer(state_answer(names))

    @bp.get("/state/<path:name>")
    def one_value(name: str):
        item = kit.state.value(name)
        if item is None:
            return refusal(
                404, lambda: _("Ce kit n'a pas de valeur « {name} ».", name=name), field="name"
            )
        return json_answer(_value_dict(item))

    @bp.get("/actions")
    def list_actions():
        return json_answer({"actions": kit.actions.describe()})

    @bp.post("/actions/<path:name>")
    def run_action(name: str):
        raw = _read_body()
        if isinstance(raw, Response):
            return raw
        refused = check_signed(kit.site_key, kit_id(), nonces, raw)
        if refused is not None:
            return refused
        described = {a["name"]: a for a in kit.actions.describe()}
        if name not in described:
            return refusal(
                404,
                lambda: _("L'action « {name} » n'existe pas sur ce kit.", name=name),
                hint=lambda: _("Actions de ce kit : {names}.", names=", ".join(described)),
                field="action",
            )
        params = _read_params(raw)
        if isinstance(params, Response):
            return params
        unknown = sorted(set(params) - set(described[name]["params"]))
        if unknown:
            return refusal(
                400,
                lambda: _(
                    "L'action « {name} » ne prend pas le paramètre « {param} ».",
                    name=name,
                    param=unknown[0],
                ),
                field=unknown[0],
            )
        try:
            with use_language("fr"):
                result = kit.actions.run(name, **params)
        except DiskFullError:  # 507 Insufficient Storage, in French and English
            return refusal(507, DiskFullError.text, hint=DiskFullError.hint_text)
        except FabriqueError as error:
            return _from_fabrique_error(error)
        except TypeError as error:  # a required parameter is missing
            log.info("action %s refused its parameters: %s", name, error)
            return refusal(
                400,
                lambda: _("Paramètres incorrects pour l'action « {name} ».", name=name),
                field="params",
            )
        return json_answer({"result": result})

    @bp.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        return refusal(error.code or 500, lambda: _("Requête refusée ({code}).", code=error.code))

    @bp.errorhandler(Exception)
    def unexpected(error: Exception):
        log.exception("API error on %s", request.path)
        return refusal(
            500, lambda: _("Erreur interne du kit : l'incident est noté dans son journal.")
        )

    return bp


def _too_long() -> Response:
    return refusal(
        413, lambda: _("Paramètres trop longs (plus de {limit} octets).", limit=MAX_BODY)
    )


def _read_body() -> bytes | Response:
    """The request's body (at most ``MAX_BODY`` bytes), or a refusal."""
    if (request.content_length or 0) > MAX_BODY:
        return _too_long()
    raw = request.stream.read(MAX_BODY + 1)
    if len(raw) > MAX_BODY:
        return _too_long()
    return raw


def _out_of_bounds(value, name: str = "") -> str | None:
    """The name of the first parameter holding a number beyond ``MAX_NUMBER``, or None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return name if not math.isfinite(value) or abs(value) > MAX_NUMBER else None
    items: Iterable[tuple[Any, Any]]
    if isinstance(value, dict):
        items = value.items()
    elif isinstance(value, list):
        items = ((name, v) for v in value)
    else:
        return None
    for key, item in items:
        found = _out_of_bounds(item, str(key))
        if found is not None:
            return found
    return None


def _read_params(raw: bytes) -> dict | Response:
    """The JSON object of the request body (``{}`` when empty), or a refusal."""
    if not raw.strip():
        return {}
    try:
        params = json.loads(raw)
    except (ValueError, UnicodeDecodeError, RecursionError):
        return refusal(
            400, lambda: _("Le corps de la requête n'est pas du JSON valide."), field="body"
        )
    if not isinstance(params, dict):
        return refusal(
            400,
            lambda: _(
                "Les paramètres doivent être un objet JSON, par exemple {example}.",
                example='{"desk": 1}',
            ),
            field="body",
        )
    field = _out_of_bounds(params)
    if field is not None:
        return refusal(
            400,
            lambda: _(
                "Le nombre donné pour « {name} » est hors limites (au plus {limit} en valeur absolue).",
                name=field,
                limit=MAX_NUMBER,
            ),
            field=field,
        )
    return params
