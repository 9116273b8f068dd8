"""Safety of every page: secret key, CSRF tokens, security headers, body size.

The web app runs on public Wi-Fi, so it is careful by default:

- every form and every ``fetch`` that changes something carries a CSRF token kept in
  the session (a hidden field ``csrf_token`` or the header ``X-CSRF-Token``);
- every answer has headers that forbid inline scripts, framing and content sniffing;
- a request body larger than ``MAX_BODY_BYTES`` is refused (413).

Example (inside a template)::

    <form method="post">
      <input type="hidden" name="csrf_token" value="{{ csrf_token() }}">
"""

from __future__ import annotations

import hmac
import secrets
from pathlib import Path

from flask import Flask, abort, request, session

from fabrique_kit.files import write_atomically

MAX_BODY_BYTES = 256 * 1024
SECRET_FILE = "web_secret.key"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "X-CSRF-Token"
# The kits' JSON API authenticates with the site key in a header, not with cookies,
# so it needs no CSRF token (a browser cannot send that header to another site).
CSRF_EXEMPT_PREFIXES = ("/api/",)

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}


def load_secret_key(data_dir: Path) -> bytes:
    """The key that signs session cookies, created once and kept in ``data_dir``.

    Example::

        app.secret_key = load_secret_key(kit.data_dir)
    """
    path = Path(data_dir) / SECRET_FILE
    try:
        text = path.read_text(encoding="utf-8").strip()
    except OSError:
        text = ""
    if len(text) < 32:
        text = secrets.token_hex(32)
        write_atomically(path, text + "\n", mode=0o600)
    return text.encode()


def csrf_token() -> str:
    """The CSRF token of the current session (created on first use)."""
    token = session.get("csrf")
    if not token:
        token = secrets.token_urlsafe(32)
        session["csrf"] = token
    return token


def csrf_is_valid() -> bool:
    """True if the request carries the session's CSRF token (form field or header)."""
    expected = session.get("csrf")
    given = request.headers.get(CSRF_HEADER) or request.form.get(CSRF_FIELD, "")
    return bool(expected) and hmac.compare_digest(str(expected), str(given))


def _refuse_big_bodies() -> None:
    if request.content_length is not None and request.content_length > MAX_BODY_BYTES:
        abort(413)


def _check_csrf() -> None:
    if request.method in ("GET", "HEAD", "OPTIONS"):
        return
    if request.path.startswith(CSRF_EXEMPT_PREFIXES):
        return
    if not csrf_is_valid():
        abort(400, description="csrf")


def _add_headers(response):
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    if request.path.startswith("/admin"):
        response.headers["Cache-Control"] = "no-store"
    return response


def install_security(app: Flask, data_dir: Path) -> None:
    """Set the secret key, cookie flags, body cap, CSRF check and headers on ``app``."""
    app.secret_key = load_secret_key(data_dir)
    app.config.update(
        MAX_CONTENT_LENGTH=MAX_BODY_BYTES,
        SESSION_COOKIE_NAME="fabrique_session",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Strict",
        SESSION_COOKIE_SECURE=False,  # the kits speak plain HTTP on the local network
    )
    app.jinja_env.autoescape = True
    app.jinja_env.globals["csrf_token"] = csrf_token
    app.before_request(_refuse_big_bodies)
    app.before_request(_check_csrf)
    app.after_request(_add_headers)
