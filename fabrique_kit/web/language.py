"""The language of each page: French, or English when the visitor asks for it.

The choice, in order: ``?lang=en`` (remembered in the session), the session, the
browser's ``Accept-Language``, then the kit's own language. Messages come from
:func:`fabrique_kit.i18n._`, which templates call as ``{{ _("Bonjour") }}``.

Example::

    GET /admin?lang=en      -> the admin pages in English from now on
"""

from __future__ import annotations

from flask import Flask, g, request, session

from fabrique_kit.i18n import SUPPORTED, _, use_language


def choose_language(default: str = "fr") -> str:
    """The language for the current request (``"fr"`` or ``"en"``)."""
    asked = (request.args.get("lang") or "")[:2].lower()
    if asked in SUPPORTED:
        if session.get("lang") != asked:
            session["lang"] = asked
        return asked
    if session.get("lang") in SUPPORTED:
        return session["lang"]
    best = request.accept_languages.best_match(SUPPORTED)
    if best:
        return best
    return default if default in SUPPORTED else "fr"


def install_language(app: Flask, default: str = "fr") -> None:
    """Translate every request's messages; give templates ``_`` and ``lang``."""

    def enter_language() -> None:
        g.lang = choose_language(default)
        g.language_block = use_language(g.lang)
        g.language_block.__enter__()

    def leave_language(_error=None) -> None:
        block = g.pop("language_block", None)
        if block is not None:
            block.__exit__(None, None, None)

    def template_names() -> dict:
        return {"lang": g.get("lang", default)}

    app.jinja_env.globals["_"] = _
    app.before_request(enter_language)
    app.teardown_request(leave_language)
    app.context_processor(template_names)
