"""Safety of every page: secret key, CSRF tokens, security headers, body size.

The web app runs on public Wi-Fi, so it is careful by default:

- every form and every ``fetch`` that changes something carries a CSRF token kept in
  the session (a hidden field ``csrf_token`` or the header ``X-CSRF-Token``);
- every answer has headers that forbid inline scripts, framing and content sniffing;
- a request body larger than ``MAX_BODY_BYTES`` is refused (413);
- the ``Host`` a browser asks for must be one of the kit's own names or addresses
  (DNS rebinding: a web page whose name is made to point at the kit gets a 421);
- the session cookie's name is the kit's own (two kits on one computer never share it);
- a damaged ``web_secret.key`` is renewed with a warning: sessions end, nothing else.

Example (inside a template)::

    <form method="post">
      <input type="hidden" name="csrf_token" value="{{ csrf_token() }}">
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import os
import re
import secrets
import socket
import time
from pathlib import Path

from flask import Flask, Response, abort, request, session

from fabrique_kit.files import write_atomically
from fabrique_kit.i18n import _

log = logging.getLogger(__name__)
HOSTS_ENV = "FABRIQUE_WEB_HOSTS"  # more names the kit answers to, separated by commas
_SECRET_SHAPE = re.compile(r"^[0-9a-f]{64,256}$")

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
        text = path.read_bytes()[:1024].decode("ascii").strip()
    except FileNotFoundError:
        text = None
    except (OSError, UnicodeDecodeError):
        text = ""
    if text is not None and _SECRET_SHAPE.match(text):
        return text.encode()
    if text is not None:
        log.warning("%s", _("{path} était abîmé : une nouvelle clé des sessions est créée (les médiateurs "
                            "connectés devront se reconnecter).", path=path.name))
    text = secrets.token_hex(32)
    try:
        write_atomically(path, text + "\n", mode=0o600)
    except OSError as error:  # a full or read-only disk: this run's key stays in memory
        log.warning("could not write %s: %s", path, error)
    return text.encode()


def cookie_name(data_dir: Path) -> str:
    """The session cookie's name for the kit whose data is in ``data_dir`` (one per kit).

    Example: ``cookie_name(Path("donnees"))`` → ``'fabrique_session_3f9c2a71b0'``
    """
    digest = hashlib.sha256(str(Path(data_dir).resolve()).encode()).hexdigest()[:10]
    return f"fabrique_session_{digest}"


class OwnHosts:
    """The names and addresses the kit answers to (its addresses are read again every 10 s).

    Example: ``OwnHosts(["fabrique-k1.local"]).allows("192.168.1.20:8000")`` → ``True``
    """

    def __init__(self, extra: list[str] | tuple[str, ...] = ()):
        name = socket.gethostname().lower()
        self.fixed = {"localhost", "127.0.0.1", "::1", name, f"{name}.local",
                      *(h.strip().lower() for h in extra if h),
                      *(h.strip().lower() for h in os.environ.get(HOSTS_ENV, "").split(",") if h.strip())}
        self._addresses: set[str] = set()
        self._read_at = 0.0

    def _current(self) -> set[str]:
        if time.monotonic() - self._read_at > 10:
            from fabrique_kit.net.addresses import local_ipv4_addresses

            try:
                self._addresses = set(local_ipv4_addresses())
            except Exception:  # no network interfaces to list: only the fixed names
                self._addresses = set()
            self._read_at = time.monotonic()
        return self._addresses

    def allows(self, host_header: str | None) -> bool:
        """True if the ``Host`` header names this kit (port ignored; any 127.x address)."""
        host = (host_header or "").strip().lower()
        if host.startswith("["):
            host = host[1:].split("]", 1)[0]
        elif host.count(":") == 1:
            host = host.split(":", 1)[0]
        host = host.rstrip(".")
        if not host:
            return False
        return host in self.fixed or host.startswith("127.") or host in self._current()


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


def _host_refusal() -> Response:
    if request.path.startswith("/api/"):
        from fabrique_kit.net.answers import refusal

        return refusal(421, lambda: _("Ce kit ne répond pas à ce nom ({host}).", host=request.host[:80]),
                       hint=lambda: _("Utilisez son adresse IP ou son nom sur le réseau local."))
    text = _("Ce kit ne répond pas à ce nom ({host}). Utilisez son adresse IP ou son nom sur le réseau local.",
             host=request.host[:80])
    return Response(text, status=421, mimetype="text/plain")


def install_security(app: Flask, data_dir: Path, hosts: list[str] | tuple[str, ...] = ()) -> None:
    """Set the secret key, cookie flags, body cap, Host and CSRF checks and headers on ``app``.

    ``hosts`` are more names the kit answers to (its mDNS host name, for instance).
    """
    app.secret_key = load_secret_key(data_dir)
    own = OwnHosts(hosts)

    def check_host():
        if not own.allows(request.headers.get("Host")):
            return _host_refusal()
        return None

    app.before_request(check_host)
    app.config.update(
        MAX_CONTENT_LENGTH=MAX_BODY_BYTES,
        SESSION_COOKIE_NAME=cookie_name(data_dir),
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Strict",
        SESSION_COOKIE_SECURE=False,  # the kits speak plain HTTP on the local network
    )
    app.jinja_env.autoescape = True
    app.jinja_env.globals["csrf_token"] = csrf_token
    app.before_request(_refuse_big_bodies)
    app.before_request(_check_csrf)
    app.after_request(_add_headers)
