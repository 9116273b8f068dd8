"""The kits' API answers, the server's side: JSON bodies, refusals in two languages, signatures.

What :class:`~fabrique_kit.net.kit_api.Answer` reads on the client's side is written
here: ``{"error", "error_en", "hint", "hint_en", "field"}``. The kit's API and the
supervisor's deploy API both answer with these, so that a laptop shows the same kind
of message whichever it spoke to.

Example::

    from fabrique_kit.net.answers import check_signed, json_answer, refusal

    denied = check_signed(kit.site_key, kit.id, nonces, body)
    if denied is not None:
        return denied                                   # 401 or 403, in French and English
    return json_answer({"ok": True})
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from flask import Response, request

from fabrique_kit.i18n import _, use_language
from fabrique_kit.net.jsonready import json_ready
from fabrique_kit.net.keys import HEADER
from fabrique_kit.net.signing import NONCE, NonceCache, check_request, sign_answer, valid_nonce

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


def request_path() -> str:
    """The path and query of the current request, as the client signed it.

    Example: ``request_path()`` → ``'/api/state?since=3'``
    """
    query = request.query_string.decode("latin-1")
    return request.path + (f"?{query}" if query else "")


_REFUSALS: dict[str, tuple[int, Text]] = {
    "unsigned": (401, lambda: _("Requête non signée : la clé de site ne voyage jamais, elle se prouve.")),
    "old": (401, lambda: _("Ce kit n'accepte plus la clé de site en clair (en-tête X-Fabrique-Key).")),
    "stale": (401, lambda: _("Requête signée refusée : l'horloge de l'envoyeur est trop décalée.")),
    "replayed": (403, lambda: _("Requête refusée : elle a déjà été reçue une fois (rejeu).")),
    "full": (503, lambda: _("Trop de requêtes signées en même temps : réessayez dans une minute.")),
    "forged": (403, lambda: _("Clé de site incorrecte.")),
}


def check_signed(expected: str | None, kit_id: str, nonces: NonceCache, body: bytes | None) -> Response | None:
    """None when the current request is signed with the site key for this kit, else the refusal.

    ``body`` is the request's body as read (its digest is part of the signature).

    Example: ``check_signed(kit.site_key, kit.id, nonces, raw_body)``
    """
    if not expected:
        return refusal(
            403,
            lambda: _("Ce kit refuse les actions à distance : aucune clé de site configurée."),
            hint=lambda: _("Lancez « fabrique pair » sur ce kit, puis copiez la clé dans les autres."),
        )
    headers = {name: value for name, value in request.headers.items()}
    problem = check_request(expected, kit_id, request.method, request_path(), body, headers, nonces)
    if problem == "unsigned" and headers.get(HEADER):
        problem = "old"
    if problem is None:
        return None
    status, message = _REFUSALS[problem]
    hints: dict[str, Text] = {
        "unsigned": lambda: _("Ajoutez la clé de site du lieu dans fabrique.toml ([site] cle = …) ; "
                              "les kits et la commande fabrique signent alors leurs requêtes."),
        "old": lambda: _("Mettez à jour fabrique-kit sur le kit ou l'ordinateur qui envoie la requête."),
        "stale": lambda: _("Vérifiez l'heure des deux appareils, puis réessayez."),
        "forged": lambda: _("Les kits d'un même lieu doivent avoir la même clé : « fabrique pair --show »."),
    }
    return refusal(status, message, hint=hints.get(problem))


def sign_response(response: Response, key: str | None, kit_id: str) -> Response:
    """Sign ``response`` when the request asked for it (``X-Fabrique-Nonce``) and a key is known.

    Example: ``bp.after_request(lambda r: sign_response(r, kit.site_key, kit.id))``
    """
    nonce = (request.headers.get(NONCE) or "").strip()
    if not key or not valid_nonce(nonce) or response.is_streamed:
        return response
    response.headers.update(sign_answer(key, kit_id, nonce, response.status_code, response.get_data()))
    return response
