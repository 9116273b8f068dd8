"""The kits' API answers, the server's side: JSON bodies, refusals in two languages, the site key.

What :class:`~fabrique_kit.net.kit_api.Answer` reads on the client's side is written
here: ``{"error", "error_en", "hint", "hint_en", "field"}``. The kit's API and the
supervisor's deploy API both answer with these, so that a laptop shows the same kind
of message whichever it spoke to.

Example::

    from fabrique_kit.net.answers import check_site_key, json_answer, refusal

    denied = check_site_key(kit.site_key, request.headers.get(HEADER))
    if denied is not None:
        return denied                                   # 401 or 403, in French and English
    return json_answer({"ok": True})
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from flask import Response

from fabrique_kit.i18n import _, use_language
from fabrique_kit.net.jsonready import json_ready
from fabrique_kit.net.keys import keys_match

Text = Callable[[], str]  # a message as ``lambda: _("...")``, to get it in each language


def json_answer(data: Any, status: int = 200) -> Response:
    """``data`` as a JSON response that no cache keeps.

    Example: ``json_answer({"state": "pending"}, 202)``
    """
    text = json.dumps(json_ready(data), ensure_ascii=False, allow_nan=False)
    response = Response(text, status=status, mimetype="application/json")
    response.headers["Cache-Control"] = "no-store"
    return response


def both_languages(text: Text) -> tuple[str, str]:
    """A message in French and in English: ``(fr, en)``.

    Example: ``both_languages(lambda: _("Clé de site incorrecte."))``
    """
    with use_language("fr"):
        fr = text()
    with use_language("en"):
        en = text()
    return fr, en


def refusal(status: int, message: Text, *, hint: Text | None = None, field: str | None = None) -> Response:
    """A JSON error in French and English: ``{"error", "error_en", "hint", "hint_en", "field"}``.

    Example: ``refusal(409, lambda: _("Un déploiement est déjà en cours sur ce kit."))``
    """
    error, error_en = both_languages(message)
    body = {"error": error, "error_en": error_en, "field": field}
    if hint:
        body["hint"], body["hint_en"] = both_languages(hint)
    return json_answer(body, status)


def check_site_key(expected: str | None, given: str | None) -> Response | None:
    """None when the site key ``given`` is right, else the refusal to send.

    Example: ``check_site_key(kit.site_key, request.headers.get(HEADER))``
    """
    if not expected:
        return refusal(
            403,
            lambda: _("Ce kit refuse les actions à distance : aucune clé de site configurée."),
            hint=lambda: _("Lancez « fabrique pair » sur ce kit, puis copiez la clé dans les autres."),
        )
    if not given:
        return refusal(
            401,
            lambda: _("Clé de site manquante (en-tête X-Fabrique-Key)."),
            hint=lambda: _("Ajoutez la clé de site du lieu dans fabrique.toml ([site] cle = …)."),
        )
    if not keys_match(given, expected):
        return refusal(
            403,
            lambda: _("Clé de site incorrecte."),
            hint=lambda: _("Les kits d'un même lieu doivent avoir la même clé : « fabrique pair --show »."),
        )
    return None
