"""Signed requests for the tests, as a real kit or the CLI sends them (net/signing.py).

Example::

    answer = signed_post(kit.url, "attente.take_ticket", KEY, kit.id, json={})
"""

from __future__ import annotations

import json as jsonlib

import requests

from fabrique_kit.net.signing import sign_request


def signed_post(url: str, action: str, key: str, kit_id: str, *, json=None, data: bytes | None = None,
                headers: dict | None = None, offset: float = 0.0) -> requests.Response:
    """POST /api/actions/<action> signed with ``key`` for the kit ``kit_id``."""
    if json is not None:
        data = jsonlib.dumps(json).encode()
    path = f"/api/actions/{action}"
    signature = sign_request(key, "POST", path, data, kit_id, offset=offset)
    headers = {"Content-Type": "application/json", **(headers or {}), **signature}
    return requests.post(url + path, data=data, headers=headers, timeout=5)
