"""Logging in to the admin pages with the mediators' PIN.

- First run: there is no default PIN. ``/admin/premier-code`` lets someone choose it,
  from the kit itself (loopback), or from another device with the one-time setup code
  written in ``<data_dir>/web_setup_code.txt``.
- ``/admin/connexion``: the PIN; 5 wrong tries lock the login *for that device* for
  5 minutes, doubled at each new lockout (at most an hour); see web/auth_store.py for
  the global slowdown that never applies to the kit's own screen and console.
- Sessions end after 30 minutes without activity, 8 hours after login, and at logout.

Example::

    @admin.get("/admin/message")
    @login_required
    def message_page(): ...
"""

from __future__ import annotations

import secrets
from functools import wraps
from urllib.parse import urlsplit

from flask import (
    Blueprint,
    abort,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)

from fabrique_kit.i18n import _
from fabrique_kit.web.auth_store import pin_problem
from fabrique_kit.web.context import web_context
from fabrique_kit.web.error_pages import wants_json

auth = Blueprint("auth", __name__)

LOOPBACK_ADDRESSES = ("127.0.0.1", "::1", "::ffff:127.0.0.1")


def is_local_request() -> bool:
    """True when the browser runs on the kit itself (not another device on the Wi-Fi)."""
    return request.remote_addr in LOOPBACK_ADDRESSES


def locked_message(seconds: int) -> str:
    """Why the login waits, with the true delay (seconds during a slowdown, else minutes).

    Example: ``locked_message(300)`` → ``'Trop d'essais incorrects : la connexion est bloquée pendant 5 min.'``
    """
    if seconds < 60:
        return _("Beaucoup d'essais incorrects sur le réseau : réessayez dans {seconds} s.", seconds=max(1, seconds))
    return _("Trop d'essais incorrects : la connexion est bloquée pendant {minutes} min.",
             minutes=(seconds + 59) // 60)


def is_logged_in() -> bool:
    """True if this browser holds an open admin session (and note its activity)."""
    return web_context().sessions.touch(session.get("sid"))


def login_required(view):
    """Let only logged-in mediators reach ``view``.

    People are sent to the login page (a form sent after the session expired comes
    back to its page after login, with a 303); ``fetch`` calls get a 401.
    """

    @wraps(view)
    def guarded(*args, **kwargs):
        if is_logged_in():
            return view(*args, **kwargs)
        if wants_json():
            abort(401)
        if session.pop("sid", None):
            flash(_("Votre session a expiré : saisissez à nouveau le code."), "info")
        if not web_context().pins.has_pin():
            return redirect(url_for("auth.setup"), 303)
        back = request.full_path.rstrip("?") if request.method == "GET" else request.path
        return redirect(url_for("auth.login", next=back), 303 if request.method != "GET" else 302)

    return guarded


def _safe_next(target: str | None) -> str:
    """Where to go after login: only a path of the admin pages (no open redirect)."""
    parts = urlsplit(target or "")
    if parts.scheme or parts.netloc or not parts.path.startswith("/admin"):
        return url_for("admin.home")
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _start_session() -> None:
    """A fresh session after login (a new id, a new CSRF token; the language stays)."""
    lang = session.get("lang")
    session.clear()
    if lang:
        session["lang"] = lang
    session["sid"] = web_context().sessions.open()
    session["csrf"] = secrets.token_urlsafe(32)


@auth.route("/admin/premier-code", methods=["GET", "POST"])
def setup():
    """Choose the mediators' PIN the first time (no default PIN exists)."""
    context = web_context()
    if context.pins.has_pin():
        return redirect(url_for("auth.login"))
    local = is_local_request()
    errors: dict[str, str] = {}
    if request.method == "POST":
        pin = request.form.get("pin", "")
        tried = None if local else context.pins.try_setup_code(request.form.get("setup_code", ""),
                                                                client=request.remote_addr or "")
        if tried is not None and tried.status == "locked":
            errors["setup_code"] = locked_message(tried.locked_seconds)
        elif tried is not None and tried.status != "ok":
            errors["setup_code"] = _(
                "Ce code d'installation est incorrect. Il est écrit dans le fichier "
                "web_setup_code.txt du kit et affiché au démarrage."
            )
        problem = pin_problem(pin)
        if problem:
            errors["pin"] = problem
        elif pin != request.form.get("pin_confirm", ""):
            errors["pin_confirm"] = _("Les deux codes ne sont pas identiques.")
        if not errors:
            context.pins.set_pin(pin)
            _start_session()
            flash(_("Le code des médiateurs est enregistré. Gardez-le pour vous."), "success")
            return redirect(url_for("admin.home"))
    return render_template("pin_setup.html", local=local, errors=errors), (400 if errors else 200)


@auth.route("/admin/connexion", methods=["GET", "POST"])
def login():
    """Ask for the mediators' PIN; lock after too many wrong tries."""
    context = web_context()
    if not context.pins.has_pin():
        return redirect(url_for("auth.setup"))
    next_page = _safe_next(request.values.get("next"))
    error = None
    status = 200
    if request.method == "POST":
        result = context.pins.check(request.form.get("pin", ""), client=request.remote_addr or "")
        if result.status == "ok":
            _start_session()
            return redirect(next_page)
        status = 403
        if result.status == "locked":
            status = 429
            error = locked_message(result.locked_seconds)
        else:
            error = _(
                "Code incorrect. Encore {count} essai(s) avant un blocage.",
                count=result.attempts_left,
            )
    elif context.pins.locked_seconds(request.remote_addr or ""):
        error = locked_message(context.pins.locked_seconds(request.remote_addr or ""))
    return render_template("login.html", error=error, next_page=next_page), status


@auth.post("/admin/deconnexion")
def logout():
    """End the session at once (the cookie stops working, even if copied)."""
    web_context().sessions.close(session.get("sid"))
    lang = session.get("lang")
    session.clear()
    if lang:
        session["lang"] = lang
    flash(_("Vous êtes déconnecté."), "info")
    return redirect(url_for("auth.login"))
