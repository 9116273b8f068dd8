"""The site key: a shared secret that every kit of one site knows.

Reading a kit is public; every write (an action sent by another kit) must carry the
site key in the ``X-Fabrique-Key`` header.

Example::

    from fabrique_kit.net.keys import generate_site_key, keys_match
    key = generate_site_key()          # 'kq3J0...' (43 characters)
    keys_match(key, key)               # True
"""

from __future__ import annotations

import hmac
import re
import secrets

HEADER = "X-Fabrique-Key"
_KEY_SHAPE = re.compile(r"^[A-Za-z0-9_\-]{16,128}$")


def generate_site_key() -> str:
    """A new random site key (32 random bytes, URL-safe text)."""
    return secrets.token_urlsafe(32)


def looks_like_site_key(text: str) -> bool:
    """True if ``text`` has the shape of a site key (16 to 128 letters, digits, ``-`` or ``_``)."""
    return bool(_KEY_SHAPE.match(text or ""))


def keys_match(given: str | None, expected: str | None) -> bool:
    """Compare two keys in constant time; a missing key never matches."""
    if not given or not expected:
        return False
    return hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8"))
