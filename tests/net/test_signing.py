"""The site key proven, never sent: signatures, replay, the target kit, signed answers."""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import requests

from fabrique_kit.errors import FabriqueError
from fabrique_kit.net import PeerClient
from fabrique_kit.net.kit_api import KitApi, NotVerified
from fabrique_kit.net.signing import (
    NONCE,
    NonceCache,
    check_answer,
    check_request,
    sign_answer,
    sign_request,
)
from tests.net.signed import signed_post

KEY = "cle-de-test-0123456789"


def test_a_signed_request_is_accepted_once_and_only_for_its_kit():
    nonces = NonceCache()
    headers = sign_request(KEY, "POST", "/api/actions/a.b", b"{}", "k1")
    assert check_request(KEY, "k2", "POST", "/api/actions/a.b", b"{}", headers, nonces) == "forged"
    assert check_request(KEY, "k1", "POST", "/api/actions/a.b", b"{}", headers, nonces) is None
    assert check_request(KEY, "k1", "POST", "/api/actions/a.b", b"{}", headers, nonces) == "replayed"
    other = sign_request(KEY, "POST", "/api/actions/a.b", b"{}", "k1")
    assert check_request(KEY, "k1", "POST", "/api/actions/a.c", b"{}", other, nonces) == "forged"  # path
    assert check_request(KEY, "k1", "POST", "/api/actions/a.b", b'{"x":1}', other, nonces) == "forged"  # body
    assert check_request("autre-cle-0123456789", "k1", "POST", "/api/actions/a.b", b"{}", other, nonces) == "forged"
    old = sign_request(KEY, "POST", "/p", b"", "k1", offset=-120)
    assert check_request(KEY, "k1", "POST", "/p", b"", old, nonces) == "stale"
    assert check_request(KEY, "k1", "POST", "/p", b"", {}, nonces) == "unsigned"


def test_the_nonce_cache_is_bounded_and_forgets_old_nonces():
    now = [0.0]
    nonces = NonceCache(window=10, size=3, now=lambda: now[0])
    assert all(nonces.add(f"{i:032x}") for i in range(3))
    assert not nonces.add("f" * 32)  # full of valid nonces: refused, nothing forgotten early
    now[0] = 21.0
    assert nonces.add("f" * 32) and len(nonces) == 1


def test_a_signed_answer_proves_the_kit_and_its_clock():
    headers = sign_answer(KEY, "k1", "ab" * 16, 200, b'{"ok": true}')
    proof = check_answer(KEY, "ab" * 16, 200, b'{"ok": true}', headers)
    assert proof.id == "k1" and abs(proof.offset) < 2
    assert check_answer(KEY, "cd" * 16, 200, b'{"ok": true}', headers) is None  # another request's
    assert check_answer(KEY, "ab" * 16, 200, b'{"ok": false}', headers) is None  # another body
    assert check_answer("autre-cle-0123456789", "ab" * 16, 200, b'{"ok": true}', headers) is None


def test_a_replayed_action_is_refused_by_the_kit(api_kit):
    body = b"{}"
    headers = {"Content-Type": "application/json",
               **sign_request(KEY, "POST", "/api/actions/attente.take_ticket", body, api_kit.id)}
    url = f"{api_kit.url}/api/actions/attente.take_ticket"
    assert requests.post(url, data=body, headers=headers, timeout=5).json() == {"result": 1}
    again = requests.post(url, data=body, headers=headers, timeout=5)
    assert again.status_code == 403 and "rejeu" in again.json()["error"]
    assert api_kit.counter["last_ticket"] == 1
    # the key in clear (an old client) is refused, and says to update
    old = requests.post(url, json={}, headers={"X-Fabrique-Key": KEY}, timeout=5)
    assert old.status_code == 401 and "Mettez à jour" in old.json()["hint"]
    assert api_kit.counter["last_ticket"] == 1


def test_the_kit_signs_its_answers_for_the_asker(api_kit):
    answer = requests.get(f"{api_kit.url}/api/state", headers={NONCE: "ab" * 16}, timeout=5)
    proof = check_answer(KEY, "ab" * 16, answer.status_code, answer.content, answer.headers)
    assert proof is not None and proof.id == api_kit.id
    assert answer.json()["id"] == api_kit.id
    unsigned = requests.get(f"{api_kit.url}/api/state", timeout=5)
    assert "X-Fabrique-Answer" not in unsigned.headers


def test_numbers_are_bounded_with_a_french_reason(api_kit):
    api_kit.take_ticket()
    huge = signed_post(api_kit.url, "attente.call_next", KEY, api_kit.id, json={"desk": 10**30})
    assert huge.status_code == 400
    assert "hors limites" in huge.json()["error"] and huge.json()["field"] == "desk"
    assert api_kit.counter["waiting"] == 1  # nothing ran
    since = requests.get(f"{api_kit.url}/api/state?since={10**30}&wait=1", timeout=5)
    assert since.status_code == 400


class Recorder(BaseHTTPRequestHandler):
    """A rogue device: it records every request and answers like a kit, unsigned."""

    seen: list[dict] = []

    def _answer(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        Recorder.seen.append({"path": self.path, "headers": dict(self.headers), "body": body})
        data = json.dumps({"ok": True, "id": "kit-rogue", "version": 1, "values": {}}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    do_GET = do_POST = _answer

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def rogue():
    Recorder.seen = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_a_rogue_never_receives_the_key_or_a_signed_request(rogue):
    with pytest.raises(FabriqueError, match="non vérifié"):
        PeerClient(rogue, KEY).counter("attente").call_next(desk=1)
    with pytest.raises(FabriqueError, match="non vérifié"):
        PeerClient(rogue, KEY).value("attente")  # what it says is not believed either
    with pytest.raises(NotVerified):
        KitApi(KEY).send("POST", rogue + "/api/deploy", data=b"PK...", signed=True)
    assert Recorder.seen, "the client did ask it to prove the key"
    for request in Recorder.seen:
        assert request["path"] in ("/api/health", "/api/state/attente")  # only public reads
        assert "X-Fabrique-Signature" not in request["headers"]
        assert KEY not in json.dumps(request["headers"]) and KEY.encode() not in request["body"]


def test_the_clock_of_the_other_kit_is_learnt_from_its_proof(api_kit):
    api = KitApi(KEY)
    proof = api.prove(api_kit.url)
    assert proof.id == api_kit.id and abs(proof.offset) < 2
    started = time.monotonic()
    answer = api.send("POST", api_kit.url + "/api/actions/attente.take_ticket", json={}, signed=True)
    assert answer.ok and answer.proof.id == api_kit.id and time.monotonic() - started < 2
