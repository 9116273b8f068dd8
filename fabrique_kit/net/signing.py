"""The site key proven, never sent: HMAC signatures of the kits' requests and answers.

A kit never puts the site key on the network. Both sides prove they hold it:

- a **request** that changes something carries ``X-Fabrique-Time`` (Unix seconds),
  ``X-Fabrique-Nonce`` (random, used once) and ``X-Fabrique-Signature``, the
  HMAC-SHA256 with the site key of: the method, the path and query, the SHA-256 of the
  body, the time, the nonce and **the id of the kit it is meant for**. The receiving
  kit refuses a time more than ``WINDOW`` seconds away from its own, a nonce it has
  already seen in that window (:class:`NonceCache`), and a request meant for another
  kit: a captured request cannot be replayed, nor sent to another kit of the site;
- an **answer** to a request carrying ``X-Fabrique-Nonce`` is signed by the kit over
  that nonce, its id, its clock, the status and the SHA-256 of the body
  (``X-Fabrique-Kit``, ``X-Fabrique-Time``, ``X-Fabrique-Answer``): the asker knows
  the answer comes from a kit holding the key, now, and which kit it is.

A client first reads ``/api/health`` with a fresh nonce: the signed answer proves the
kit holds the key, gives its id (pinned from then on) and its clock (the offset keeps
the window small on a Pi without a real-time clock). Only then does it sign a request
for that id. A device that cannot prove the key receives nothing it could replay.

The standard library's ``hmac`` and ``hashlib`` are enough: a shared secret between
kits of one site calls for a MAC, not public keys; HMAC-SHA256 over a canonical text is
the textbook construction, ``hmac.compare_digest`` compares in constant time, and no
dependency is added to a Pi Zero.

Example::

    headers = sign_request(key, "POST", "/api/actions/attente.call_next", body, "k1")
    problem = check_request(key, "k1", "POST", "/api/actions/attente.call_next", body,
                            headers, nonces)        # None: accepted
    answer_headers = sign_answer(key, "k1", headers[NONCE], 200, b'{"result": 3}')
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Mapping
from dataclasses import dataclass

TIME = "X-Fabrique-Time"
NONCE = "X-Fabrique-Nonce"
SIGNATURE = "X-Fabrique-Signature"
KIT = "X-Fabrique-Kit"
ANSWER = "X-Fabrique-Answer"
WINDOW = 60  # seconds of clock difference a signed request may have
MAX_NONCES = 4096  # nonces remembered at once (each for WINDOW * 2 seconds)
_NONCE_SHAPE = frozenset("0123456789abcdef")


def body_digest(body: bytes | None) -> str:
    """The SHA-256 of a body, in hex (the empty body's when None).

    Example: ``body_digest(b"")[:8]`` → ``'e3b0c442'``
    """
    return hashlib.sha256(body or b"").hexdigest()


def _mac(key: str, *parts: str) -> str:
    text = "\n".join(parts).encode("utf-8")
    return hmac.new(key.encode("utf-8"), text, hashlib.sha256).hexdigest()


def new_nonce() -> str:
    """A fresh random nonce (32 hex digits).

    Example: ``len(new_nonce())`` → ``32``
    """
    return secrets.token_hex(16)


def request_mac(key: str, method: str, path: str, body: bytes | None, stamp: str, nonce: str,
                target: str) -> str:
    """The signature of one request (see the module's docstring)."""
    return _mac(key, "fabrique-request-v1", method.upper(), path, body_digest(body), stamp, nonce, target)


def sign_request(key: str, method: str, path: str, body: bytes | None, target: str, *,
                 offset: float = 0.0, nonce: str | None = None) -> dict[str, str]:
    """The headers that sign a request meant for the kit ``target`` (its id).

    ``path`` includes the query (``/api/state?since=3``), as sent; ``offset`` is the
    other kit's clock minus ours, learnt from its signed answer.

    Example: ``sign_request(key, "POST", "/api/deploy", bundle, "3f9c2a71b0d4")``
    """
    stamp = str(int(time.time() + offset))
    nonce = nonce or new_nonce()
    return {TIME: stamp, NONCE: nonce,
            SIGNATURE: request_mac(key, method, path, body, stamp, nonce, target)}


class NonceCache:
    """The nonces seen recently, bounded: a replay within the window is refused.

    When full of still-valid nonces, new requests are refused (``add`` is False) rather
    than forgetting one that could then be replayed; only proven requests are added.

    Example::

        nonces = NonceCache()
        nonces.add("ab" * 16)     # True
        nonces.add("ab" * 16)     # False: already used
    """

    def __init__(self, window: float = WINDOW, size: int = MAX_NONCES,
                 now: Callable[[], float] = time.monotonic):
        self.keep = 2 * window
        self.size = size
        self.now = now
        self._seen: OrderedDict[str, float] = OrderedDict()
        self._lock = threading.Lock()

    def add(self, nonce: str) -> bool:
        """True if ``nonce`` is new (it is then remembered), False if seen or no room."""
        with self._lock:
            now = self.now()
            while self._seen and next(iter(self._seen.values())) < now:
                self._seen.popitem(last=False)
            if nonce in self._seen or len(self._seen) >= self.size:
                return False
            self._seen[nonce] = now + self.keep
            return True

    def __contains__(self, nonce: object) -> bool:
        with self._lock:
            return nonce in self._seen

    def __len__(self) -> int:
        return len(self._seen)


def _header(headers: Mapping[str, str], name: str) -> str:
    value = headers.get(name)
    return value.strip() if isinstance(value, str) else ""


def valid_nonce(nonce: str) -> bool:
    """True for 16 to 64 lowercase hex digits (the shape :func:`new_nonce` makes)."""
    return 16 <= len(nonce) <= 64 and set(nonce) <= _NONCE_SHAPE


def check_request(key: str, kit_id: str, method: str, path: str, body: bytes | None,
                  headers: Mapping[str, str], nonces: NonceCache, *, now: float | None = None) -> str | None:
    """Why a signed request must be refused (``"unsigned"``, ``"stale"``, ``"replayed"``,
    ``"forged"``, ``"full"``), or None when it is proven and fresh.

    Example: ``check_request(key, kit.id, "POST", path, body, request.headers, nonces)``
    """
    stamp, nonce, given = _header(headers, TIME), _header(headers, NONCE), _header(headers, SIGNATURE)
    if not (stamp and nonce and given):
        return "unsigned"
    if not stamp.isdigit() or len(stamp) > 12 or not valid_nonce(nonce) or len(given) != 64:
        return "forged"
    now = time.time() if now is None else now
    if abs(int(stamp) - now) > WINDOW:
        return "stale"
    expected = request_mac(key, method, path, body, stamp, nonce, kit_id)
    if not hmac.compare_digest(expected, given):
        return "forged"
    if not nonces.add(nonce):
        return "replayed" if nonce in nonces else "full"
    return None


def answer_mac(key: str, kit_id: str, nonce: str, stamp: str, status: int, body: bytes | None) -> str:
    """The signature of one answer (see the module's docstring)."""
    return _mac(key, "fabrique-answer-v1", nonce, kit_id, stamp, str(int(status)), body_digest(body))


def sign_answer(key: str, kit_id: str, nonce: str, status: int, body: bytes | None) -> dict[str, str]:
    """The headers a kit adds to its answer to a request that carried ``nonce``.

    Example: ``response.headers.update(sign_answer(key, kit.id, nonce, 200, data))``
    """
    stamp = str(int(time.time()))
    return {KIT: kit_id, TIME: stamp, ANSWER: answer_mac(key, kit_id, nonce, stamp, status, body)}


@dataclass(frozen=True)
class Proof:
    """What a signed answer proved: the kit's ``id`` and its clock ``offset`` (seconds)."""

    id: str
    offset: float


def check_answer(key: str, nonce: str, status: int, body: bytes | None,
                 headers: Mapping[str, str]) -> Proof | None:
    """The :class:`Proof` carried by an answer to our request with ``nonce``, or None.

    Example: ``check_answer(key, nonce, 200, data, response.headers).id`` → ``'k1'``
    """
    kit_id, stamp, given = _header(headers, KIT), _header(headers, TIME), _header(headers, ANSWER)
    if not (kit_id and stamp.isdigit() and len(stamp) <= 12 and len(given) == 64):
        return None
    if not hmac.compare_digest(answer_mac(key, kit_id, nonce, stamp, status, body), given):
        return None
    return Proof(kit_id, float(int(stamp)) - time.time())
