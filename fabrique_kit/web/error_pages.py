"""Error pages for people: a short sentence in French (or English), never a traceback.

Browsers get a small HTML page; ``fetch`` calls and the kits' API get JSON
``{"error": "..."}``. Unexpected errors are logged for the kit's owner.

Example::

    GET /nulle-part   -> 404 « Cette page n'existe pas. »
"""

from __future__ import annotations

import logging

from flask import Flask, g, jsonify, make_response, render_template, request
from werkzeug.exceptions import HTTPException, MethodNotAllowed

from fabrique_kit.errors import FabriqueError
from fabrique_kit.i18n import _

log = logging.getLogger("fabrique_kit.web")


def error_text(code: int, description: str | None = None) -> str:
    """The sentence shown for an HTTP error ``code``."""
    if code == 400 and description == "csrf":
        return _("Ce formulaire a expiré ou ne vient pas de ce kit. Rechargez la page et recommencez.")
    texts = {
        400: _("La demande est incorrecte."),
        401: _("Connectez-vous d'abord avec le code des médiateurs."),
        403: _("Vous n'avez pas le droit de faire cela."),
        404: _("Cette page n'existe pas."),
        405: _("Cette adresse ne s'utilise pas de cette façon."),
        413: _("Ce que vous envoyez est trop gros."),
        429: _("Trop de demandes : attendez un peu avant de réessayer."),
        503: _("Le kit est occupé : réessayez dans quelques secondes."),
    }
    return texts.get(code, _("Une erreur inattendue est survenue. Le kit continue de fonctionner."))


def wants_json() -> bool:
    """True for the JSON API and for the pages' own ``fetch`` calls."""
    if request.path.startswith("/api/") or request.is_json:
        return True
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])
    return best == "application/json"


def error_response(code: int, message: str, hint: str | None = None):
    """An error answer in the form the client expects (JSON or an HTML page)."""
    if wants_json():
        return make_response(jsonify(error=message, hint=hint), code)
    g.setdefault("lang", "fr")
    page = render_template(_error_template(), code=code, message=message, hint=hint)
    return make_response(page, code)


def _error_template() -> str:
    """A logged-in mediator keeps the admin's menu around the error; others get the plain page."""
    if not request.path.startswith("/admin"):
        return "error.html"
    from fabrique_kit.web.auth import is_logged_in  # auth uses this module: imported when needed

    try:
        return "admin_error.html" if is_logged_in() else "error.html"
    except Exception:  # the error page itself must never fail
        return "error.html"


def located(problem) -> str:
    """A problem's message after its place, the file named without its folders."""
    from pathlib import PurePath

    where = problem.where() if not problem.file else problem.where().replace(
        str(problem.file), PurePath(str(problem.file)).name, 1)
    return f"{where}{_(' : ')}{problem.message}" if where else problem.message


def install_error_pages(app: Flask) -> None:
    """Register the handlers that turn every error into a readable page."""

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        code = error.code or 500
        response = error_response(code, error_text(code, error.description))
        if code == 503:
            response.headers["Retry-After"] = "5"
        if code == 405 and isinstance(error, MethodNotAllowed) and error.valid_methods:
            response.headers["Allow"] = ", ".join(error.valid_methods)
        return response

    @app.errorhandler(FabriqueError)
    def fabrique_error(error: FabriqueError):
        first = error.problems[0] if error.problems else None
        if first is None:
            message = _("La demande est incorrecte.")
        else:  # people read where it is (file, line, field); programs keep the plain message
            message = first.message if wants_json() else located(first)
        return error_response(400, message, first.hint if first else None)

    @app.errorhandler(Exception)
    def unexpected_error(error: Exception):
        log.exception("Erreur inattendue dans l'application web")
        return error_response(500, error_text(500))
