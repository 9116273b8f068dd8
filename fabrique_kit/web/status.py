"""The kit's status in words, for the preview page and ``/status.json``.

Example::

    describe_status({"simulated": True, "values": {"actus": {"age_s": 125, "error": None}},
                     "peers": [], "version": "0.1.0"})
    # {"simulated": True, "version": "0.1.0", "peers": [],
    #  "values": [{"name": "actus", "age": "il y a 2 min", "error": None, ...}]}
"""

from __future__ import annotations

from typing import Any

from fabrique_kit.i18n import _


def age_in_words(seconds: float | None) -> str:
    """``125`` -> « il y a 2 min »; None -> « jamais »."""
    if seconds is None:
        return _("jamais")
    seconds = max(0, int(seconds))
    if seconds < 60:
        return _("à l'instant")
    if seconds < 3600:
        return _("il y a {count} min", count=seconds // 60)
    if seconds < 86400:
        return _("il y a {count} h", count=seconds // 3600)
    return _("il y a {count} j", count=seconds // 86400)


def describe_peer(peer: Any) -> str:
    """One other kit of the site as a line of text (its name, place and address)."""
    if not isinstance(peer, dict):
        return str(peer)
    parts = [str(peer[key]) for key in ("name", "place") if peer.get(key)]
    host = peer.get("host") or peer.get("address")
    if peer.get("base_url"):
        parts.append(str(peer["base_url"]))
    elif host:
        port = peer.get("port")
        parts.append(f"{host}:{port}" if port else str(host))
    text = " — ".join(parts) or str(peer)
    return _("{peer} (absent)", peer=text) if peer.get("gone") else text


def describe_status(status: dict | None) -> dict:
    """Plain data ready to show: every text is a string (escaped by the page)."""
    status = status or {}
    values = []
    for name, info in sorted((status.get("values") or {}).items()):
        info = info if isinstance(info, dict) else {}
        age_s = info.get("age_s")
        error = info.get("error")
        values.append(
            {
                "name": str(name),
                "age_s": age_s,
                "age": age_in_words(age_s),
                "error": None if error is None else str(error),
            }
        )
    return {
        "simulated": bool(status.get("simulated")),
        "version": str(status.get("version") or ""),
        "values": values,
        "peers": [describe_peer(p) for p in status.get("peers") or []],
    }
