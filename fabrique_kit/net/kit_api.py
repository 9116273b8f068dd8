"""The one HTTP client of the kits' API: signed requests, proven answers, the language, JSON.

Everything that speaks to a kit (:class:`~fabrique_kit.net.client.PeerClient` for the
state and actions, :class:`~fabrique_kit.net.follow.Follower` for the long-polls, the
deploy client for ``/api/deploy``) sends its requests through a :class:`KitApi`:
plain ``http.client`` (never a proxy: kits talk on the local network; one socket a
request, which :meth:`KitApi.interrupt` can cut), the person's language in
``Accept-Language``, and the site key **proven, never sent** (net/signing.py):

- with a key, every request carries a fresh nonce and the answer must be signed by a
  kit holding the key (:attr:`Answer.proof` says which kit, None otherwise);
- a request that changes something (``signed=True``) goes only to a kit that first
  proved the key on ``/api/health``: its id is then pinned for that address, and the
  request is signed for that id alone.

Example::

    api = KitApi(site_key, timeout=5.0)
    answer = api.send("GET", "http://192.168.1.20:8080/api/info")   # Unreachable on a network failure
    answer.ok, answer.body, answer.proof.id     # True, {'name': 'Accueil', ...}, '3f9c2a71b0d4'
    api.send("POST", url + "/api/actions/attente.take_ticket", json={}, signed=True)
"""

from __future__ import annotations

import contextlib
import http.client
import json as jsonlib
import socket
import threading
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote, urlsplit

from fabrique_kit.errors import FabriqueError, Problem
from fabrique_kit.i18n import _, get_language
from fabrique_kit.net.signing import NONCE, Proof, check_answer, new_nonce, sign_request

MAX_ANSWER = 4 * 1024 * 1024  # bytes; a kit's whole state is far smaller
CONNECT_TIMEOUT = 3.0  # seconds to open the connection (the answer may take longer)
# A silent link cut (no reset) is noticed within about KEEPALIVE_IDLE + 3 seconds.
KEEPALIVE_IDLE, KEEPALIVE_EVERY, KEEPALIVE_COUNT = 3, 1, 3


class Unreachable(Exception):
    """The kit did not answer (refused, timed out, cut, or not HTTP)."""


class NotVerified(FabriqueError):
    """The kit at that address could not prove it holds the site key (or is another kit)."""


@dataclass(frozen=True)
class Answer:
    """A kit's answer: its HTTP ``status``, its JSON ``body`` (None when it is not a JSON
    object) and the ``proof`` of its signature (None when unsigned or not verified).

    Example: ``Answer(403, {"error": "Clé refusée"}).reason()`` → ``'Clé refusée'``
    """

    status: int
    body: dict | None
    proof: Proof | None = None

    @property
    def ok(self) -> bool:
        """True for a 2xx or 3xx answer with a JSON object."""
        return self.status < 400 and self.body is not None

    @property
    def verified(self) -> bool:
        """True when a kit holding the site key signed this answer to our request."""
        return self.proof is not None

    def _field(self, name: str) -> Any:
        body = self.body or {}
        return (get_language() == "en" and body.get(f"{name}_en")) or body.get(name)

    def reason(self) -> str:
        """The kit's error message in the current language (its HTTP code when it gave none)."""
        return self._field("error") or str(self.status)

    def hint(self) -> str | None:
        """The kit's advice in the current language, if any."""
        return self._field("hint")

    def problems(self) -> list[Problem]:
        """The problems the kit listed (``"problems"``: a ``fabrique check`` of a bundle...).

        Example: ``Answer(400, {"problems": [{"message": "x"}]}).problems()[0].message`` → ``'x'``
        """
        fields = {"message", "file", "line", "field", "hint", "severity"}
        listed = (self.body or {}).get("problems") or []
        return [Problem(**{k: v for k, v in p.items() if k in fields})
                for p in listed if isinstance(p, dict) and isinstance(p.get("message"), str)]

    def body_or_raise(self, name: str | None = None) -> dict:
        """The JSON body of a good answer; a kit that did not answer JSON is one clear error.

        The callers word the kit's refusals themselves (:meth:`reason`, :meth:`hint`,
        :meth:`problems`); this is the part every caller shares.

        Example: ``api.send("GET", url + "/api/info").body_or_raise("accueil")["name"]``
        """
        if self.body is None:
            where = _("du kit « {name} »", name=name) if name else _("du kit")
            raise FabriqueError(
                _("Réponse inattendue {where} (code {status}).", where=where, status=self.status),
                hint=_("Ce kit a peut-être une autre version de fabrique-kit : mettez-les à jour."),
            )
        return self.body


def read_answer(status: int, raw: bytes, proof: Proof | None = None) -> Answer:
    """The :class:`Answer` of a raw body (kept only if it is a JSON object).

    Example: ``read_answer(200, b'{"name": "Accueil"}').body["name"]`` → ``'Accueil'``
    """
    try:
        body = jsonlib.loads(raw) if raw else None
    except (ValueError, RecursionError):
        body = None
    return Answer(status, body if isinstance(body, dict) else None, proof)


def _base(url: str) -> tuple[str, str, int, str]:
    parts = urlsplit(url)
    if parts.scheme != "http" or not parts.hostname:
        raise Unreachable(f"not an http:// address: {url!r}")
    path = parts.path or "/"
    target = path + (f"?{parts.query}" if parts.query else "")
    base = f"http://{parts.netloc}"
    return base, parts.hostname, parts.port or 80, target


def _keepalive(sock: socket.socket) -> None:
    with contextlib.suppress(OSError, AttributeError):
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE, 1)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPIDLE, KEEPALIVE_IDLE)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPINTVL, KEEPALIVE_EVERY)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPCNT, KEEPALIVE_COUNT)


class KitApi:
    """A client of the kits' API with the site key (proven, never sent) and the language.

    ``site_key`` may be None (reading is public; nothing is then verified); ``timeout``
    is in seconds. ``pins`` maps an address to the kit id proven there.
    """

    def __init__(self, site_key: str | None = None, timeout: float = 5.0):
        self.site_key = site_key
        self.timeout = timeout
        self.pins: dict[str, Proof] = {}
        self._lock = threading.Lock()
        self._sockets: set[socket.socket] = set()

    def headers(self, content_type: str | None = None) -> dict[str, str]:
        """The plain headers of a request: JSON answers, the language (never the key).

        Example: ``KitApi().headers()["Accept-Language"]`` → ``'fr'``
        """
        headers = {"Accept": "application/json", "Accept-Language": get_language()}
        if content_type:
            headers["Content-Type"] = content_type
        return headers

    def prove(self, url: str, expect_id: str | None = None) -> Proof:
        """Ask the kit at ``url`` to prove the site key (``GET /api/health``); pin its id.

        Raises :class:`NotVerified` when it cannot (or is not ``expect_id``), and
        :class:`Unreachable` when it does not answer.

        Example: ``api.prove("http://192.168.1.20:8080").id`` → ``'3f9c2a71b0d4'``
        """
        base = _base(url)[0]
        if not self.site_key:
            raise NotVerified(_("Sans clé de site, impossible de vérifier le kit {url}.", url=base),
                              hint=_("Mettez la clé de site dans fabrique.toml ([site] cle = …)."))
        answer = self.send("GET", base + "/api/health")
        proof = answer.proof
        if proof is None or (expect_id is not None and proof.id != expect_id):
            with self._lock:
                self.pins.pop(base, None)
            raise NotVerified(
                _("Le kit {url} n'a pas prouvé qu'il a la clé de site : il est « non vérifié ».", url=base),
                hint=_("Ce n'est peut-être pas un kit du lieu. Vérifiez sa clé (« fabrique pair --show »)."),
            )
        with self._lock:
            self.pins[base] = proof
        return proof

    def send(self, method: str, url: str, *, json: Any = None, data: bytes | None = None,
             content_type: str | None = None, signed: bool = False, expect_id: str | None = None,
             timeout: float | None = None) -> Answer:
        """Send one request to ``url``; a network failure raises :class:`Unreachable`.

        ``signed=True`` (every change) first has the kit prove the key (once per
        address), then signs the request for its id; ``expect_id`` refuses any other kit.

        Example: ``api.send("POST", url + "/api/actions/attente.take_ticket", json={}, signed=True)``
        """
        base, host, port, target = _base(url)
        if json is not None:
            data = jsonlib.dumps(json, ensure_ascii=False).encode("utf-8")
            content_type = content_type or "application/json"
        headers = self.headers(content_type)
        nonce = new_nonce()
        target_id: str | None = None
        if self.site_key:
            headers[NONCE] = nonce
        if signed:
            if not self.site_key:
                raise NotVerified(_("Pas de clé de site : ce kit refuserait la demande."),
                                  hint=_("Mettez la clé de site dans fabrique.toml ([site] cle = …)."))
            with self._lock:
                proof = self.pins.get(base)
            if proof is None or (expect_id is not None and proof.id != expect_id):
                proof = self.prove(base, expect_id)
            target_id = proof.id
            path, _sep, query = target.partition("?")
            signed_path = unquote(path) + (f"?{query}" if query else "")
            headers.update(sign_request(self.site_key, method, signed_path, data, proof.id,
                                        offset=proof.offset, nonce=nonce))
        status, raw, answer_headers = self._exchange(method, host, port, target, data, headers, timeout)
        proof = check_answer(self.site_key, nonce, status, raw, answer_headers) if self.site_key else None
        if status in (401, 403):
            with self._lock:
                self.pins.pop(base, None)  # the kit there may have changed: prove again next time
        if target_id is not None and (proof is None or proof.id != target_id):
            raise NotVerified(_("La réponse du kit {url} n'est pas signée par lui : elle est ignorée.", url=base),
                              hint=_("Quelqu'un s'interpose peut-être sur le réseau. Réessayez."))
        return read_answer(status, raw, proof)

    def _exchange(self, method, host, port, target, data, headers, timeout):
        read_timeout = self.timeout if timeout is None else timeout
        connection = http.client.HTTPConnection(host, port, timeout=min(CONNECT_TIMEOUT, read_timeout))
        sock = None
        try:
            connection.connect()
            sock = connection.sock
            _keepalive(sock)
            sock.settimeout(read_timeout)
            with self._lock:
                self._sockets.add(sock)
            connection.request(method, target, body=data, headers=headers)
            response = connection.getresponse()
            raw = response.read(MAX_ANSWER + 1)
            if len(raw) > MAX_ANSWER:
                raise Unreachable("answer too long")
            return response.status, raw, {k.title(): v for k, v in response.getheaders()}
        except (OSError, http.client.HTTPException) as error:
            raise Unreachable(str(error) or type(error).__name__) from error
        finally:
            with self._lock:
                self._sockets.discard(sock)
            connection.close()

    def interrupt(self) -> None:
        """Cut the requests in progress (from another thread): they raise :class:`Unreachable`.

        Example: ``api.interrupt()`` (a follower stopping during its long-poll)
        """
        with self._lock:
            sockets = list(self._sockets)
        for sock in sockets:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)

    def close(self) -> None:
        """End the requests in progress (nothing else is kept open).

        Example: ``api.close()``
        """
        self.interrupt()
