"""The JSON messages of the city network: each has ``"v": 1``, a size cap, and is checked
field by field on receipt. A payload that does not pass is dropped whole (and counted):
one site's mistake never reaches another site's screen.

Example::

    data = decode("statut", raw_bytes)       # a clean dict, or raises PayloadError
    encode({"v": 1, "lieu": "maurepas", ...})   # compact UTF-8 JSON bytes
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

VERSION = 1
MAX_BYTES = {"offre": 48_000, "statut": 4_000, "kit": 4_000, "bilan": 8_000, "messages": 16_000}
MAX_TEXT = 300
HHMM = (str, 5)  # "09:30"


class PayloadError(ValueError):
    """A payload that is not a valid message of its kind (too big, not JSON, wrong field)."""


def _text(value: Any, limit: int = MAX_TEXT) -> str:
    if not isinstance(value, str) or len(value) > limit:
        raise PayloadError("text")
    return value


def _opt_text(value: Any, limit: int = MAX_TEXT) -> str | None:
    return None if value is None else _text(value, limit)


def _int(value: Any, low: int = 0, high: int = 100_000) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise PayloadError("int")
    return value


def _opt_int(value: Any, high: int = 100_000) -> int | None:
    return None if value is None else _int(value, 0, high)


def _bool(value: Any) -> bool:
    if not isinstance(value, bool):
        raise PayloadError("bool")
    return value


def _moment(value: Any) -> str | None:
    if value is None:
        return None
    text = _text(value, 40)
    try:
        datetime.fromisoformat(text)
    except ValueError:
        raise PayloadError("moment") from None
    return text


def _hhmm(value: Any) -> str:
    text = _text(value, 5)
    if len(text) != 5 or text[2] != ":" or not (text[:2] + text[3:]).isdigit():
        raise PayloadError("hh:mm")
    return text


def _ranges(value: Any) -> list[list[str]]:
    if not isinstance(value, list) or len(value) > 6:
        raise PayloadError("ranges")
    out = []
    for item in value:
        if not isinstance(item, list) or len(item) != 2:
            raise PayloadError("range")
        out.append([_hhmm(item[0]), _hhmm(item[1])])
    return out


def _list(value: Any, item, limit: int) -> list:
    if not isinstance(value, list) or len(value) > limit:
        raise PayloadError("list")
    return [item(x) for x in value]


def _session(value: Any) -> dict:
    if not isinstance(value, dict):
        raise PayloadError("session")
    return {
        "date": _text(value.get("date"), 10), "debut": _hhmm(value.get("debut")), "fin": _hhmm(value.get("fin")),
        "service": _text(value.get("service")), "libre": _bool(value.get("libre", True)),
        "annule": _bool(value.get("annule", False)),
    }


def _closure(value: Any) -> dict:
    if not isinstance(value, dict):
        raise PayloadError("closure")
    return {"du": _text(value.get("du"), 10), "au": _text(value.get("au"), 10), "motif": _opt_text(value.get("motif"))}


def _offer(data: dict) -> dict:
    days = data.get("jours")
    if not isinstance(days, dict) or len(days) > 7:
        raise PayloadError("jours")
    return {
        "nom": _text(data.get("nom")), "adresse": _opt_text(data.get("adresse")),
        "transport": _opt_text(data.get("transport")), "horaires": _opt_text(data.get("horaires"), 1000),
        "jours": {_text(day, 10): _ranges(ranges) for day, ranges in days.items()},
        "semaine": _list(data.get("semaine", []), _session, 150),
        "fermetures": _list(data.get("fermetures", []), _closure, 30),
        "services": _list(data.get("services", []), _text, 30),
    }


def _status(data: dict) -> dict:
    return {
        "nom": _text(data.get("nom")), "ouvert": _bool(data.get("ouvert")),
        "ferme_pourquoi": _opt_text(data.get("ferme_pourquoi")),
        "aujourdhui": _ranges(data.get("aujourdhui", [])),
        "seances_restantes": _int(data.get("seances_restantes", 0), 0, 200),
        "attente": _opt_int(data.get("attente"), 10_000), "attente_min": _opt_int(data.get("attente_min"), 10_000),
        "servable": _bool(data.get("servable", True)),
    }


def _kit(data: dict) -> dict:
    return {
        "kit": _text(data.get("kit"), 80), "en_ligne": _bool(data.get("en_ligne")),
        "version": _opt_text(data.get("version"), 40), "derniere_image": _moment(data.get("derniere_image")),
        "erreurs": _list(data.get("erreurs", []), _text, 10),
    }


def _bilan(data: dict) -> dict:
    figures = data.get("chiffres")
    if not isinstance(figures, dict) or len(figures) > 40:
        raise PayloadError("chiffres")
    return {"periode": _opt_text(data.get("periode"), 40),
            "chiffres": {_text(k, 60): _int(v, 0, 10_000_000) for k, v in figures.items()}}


KINDS_OF_MESSAGE = ("information", "fermeture", "alerte")


def _message(value: Any) -> dict:
    if not isinstance(value, dict) or value.get("type", "information") not in KINDS_OF_MESSAGE:
        raise PayloadError("message")
    return {
        "id": _text(value.get("id"), 40), "texte": _text(value.get("texte"), 500),
        "type": value.get("type", "information"), "du": _moment(value.get("du")), "au": _moment(value.get("au")),
        "lieux": _list(value.get("lieux", []), lambda x: _text(x, 40), 500),
    }


def _messages(data: dict) -> dict:
    return {"messages": _list(data.get("messages", []), _message, 20)}


CHECKS = {"offre": _offer, "statut": _status, "kit": _kit, "bilan": _bilan, "messages": _messages}


def decode(kind: str, raw: bytes) -> dict:
    """The checked content of a payload of ``kind``; raises :class:`PayloadError`.

    Unknown fields are dropped; ``v`` must be 1 and ``publie`` an ISO date-time.

    Example: ``decode("kit", b'{"v": 1, "kit": "hall", "en_ligne": false}')["en_ligne"]`` → ``False``
    """
    if len(raw) > MAX_BYTES[kind]:
        raise PayloadError("too big")
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise PayloadError("not json") from None
    if not isinstance(data, dict) or data.get("v") != VERSION:
        raise PayloadError("version")
    try:
        checked = CHECKS[kind](data)
    except (TypeError, AttributeError):
        raise PayloadError("shape") from None
    checked["publie"] = _moment(data.get("publie"))
    return checked


def encode(data: dict) -> bytes:
    """``data`` as compact UTF-8 JSON, with ``"v": 1`` first.

    Example: ``encode({"lieu": "x"})`` → ``b'{"v":1,"lieu":"x"}'``
    """
    return json.dumps({"v": VERSION, **data}, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
