"""The kits' JSON API through a real waitress server on loopback."""

import contextlib
import threading
import time

import requests

from fabrique_kit.web.api import MAX_BODY
from tests.net.signed import signed_post
from tests.net.standin_kit import StandinKit, serve

KEY = "cle-de-test-0123456789"


def post(kit, action, key=KEY, **kwargs):
    if key is None:
        return requests.post(f"{kit.url}/api/actions/{action}", timeout=5, **kwargs)
    return signed_post(kit.url, action, key, kit.id, **kwargs)


def test_info_and_health(api_kit):
    info = requests.get(f"{api_kit.url}/api/info", timeout=5).json()
    assert info == api_kit.info()
    health = requests.get(f"{api_kit.url}/api/health", timeout=5).json()
    assert health["ok"] is True and health["id"] == api_kit.id


def test_state_is_public_json_with_version(api_kit):
    api_kit.state.set("objet", object())  # not JSON: shown as text, never a 500
    answer = requests.get(f"{api_kit.url}/api/state", timeout=5)
    assert answer.status_code == 200
    body = answer.json()
    assert body["version"] == api_kit.state.version
    assert body["values"]["attente"]["value"]["last_ticket"] == 0
    assert body["values"]["objet"]["value"].startswith("<object")
    assert "cle-de-test" not in answer.text


def test_state_filtered_by_names_and_one_value(api_kit):
    body = requests.get(f"{api_kit.url}/api/state?names=attente", timeout=5).json()
    assert list(body["values"]) == ["attente"]
    one = requests.get(f"{api_kit.url}/api/state/attente", timeout=5)
    assert one.json()["value"]["waiting"] == 0 and one.json()["version"] == 1
    missing = requests.get(f"{api_kit.url}/api/state/nope", timeout=5)
    assert missing.status_code == 404
    assert "nope" in missing.json()["error"] and missing.json()["error_en"]


def test_long_poll_returns_as_soon_as_a_value_changes(api_kit):
    version = api_kit.state.version
    threading.Timer(0.3, api_kit.take_ticket).start()
    started = time.monotonic()
    body = requests.get(f"{api_kit.url}/api/state?since={version}&wait=10", timeout=15).json()
    elapsed = time.monotonic() - started
    assert 0.25 < elapsed < 2
    assert body["version"] > version
    assert body["values"]["attente"]["value"]["last_ticket"] == 1


def test_long_poll_without_change_waits_then_answers(api_kit):
    version = api_kit.state.version
    started = time.monotonic()
    body = requests.get(f"{api_kit.url}/api/state?since={version}&wait=0.5", timeout=5).json()
    assert 0.45 < time.monotonic() - started < 2
    assert body["version"] == version


def test_long_poll_from_a_reader_ahead_answers_at_once(api_kit):
    # the reader followed an earlier life of this kit (it restarted): no waiting
    started = time.monotonic()
    body = requests.get(f"{api_kit.url}/api/state?since=999&wait=20", timeout=5).json()
    assert time.monotonic() - started < 1
    assert body["version"] == api_kit.state.version


def test_bad_long_poll_parameters_are_400(api_kit):
    answer = requests.get(f"{api_kit.url}/api/state?since=abc&wait=5", timeout=5)
    assert answer.status_code == 400 and "since" in answer.json()["error"]
    assert requests.get(f"{api_kit.url}/api/state?wait=nan", timeout=5).status_code == 400


def test_action_needs_the_key(api_kit):
    missing = post(api_kit, "attente.take_ticket", key=None)
    assert missing.status_code == 401
    assert "non signée" in missing.json()["error"] and "not signed" in missing.json()["error_en"].lower()
    wrong = post(api_kit, "attente.take_ticket", key="mauvaise-cle-0123456789")
    assert wrong.status_code == 403 and "incorrecte" in wrong.json()["error"]
    assert api_kit.counter["last_ticket"] == 0  # nothing ran
    right = post(api_kit, "attente.take_ticket", json={})
    assert right.status_code == 200 and right.json() == {"result": 1}
    assert api_kit.state.get("attente")["waiting"] == 1


def test_kit_without_site_key_refuses_every_write():
    kit = StandinKit(site_key=None)
    server = serve(kit)
    try:
        url = f"http://127.0.0.1:{kit.port}/api/actions/attente.take_ticket"
        for headers in ({}, {"X-Fabrique-Key": "n-importe-quoi-0123456789"}):
            answer = requests.post(url, headers=headers, timeout=5)
            assert answer.status_code == 403
            assert "aucune clé de site configurée" in answer.json()["error"]
            assert "fabrique pair" in answer.json()["hint"]
        assert kit.counter["last_ticket"] == 0
    finally:
        server.close()


def test_action_parameters(api_kit):
    api_kit.take_ticket()
    called = post(api_kit, "attente.call_next", json={"desk": 2})
    assert called.status_code == 200 and called.json() == {"result": 1}
    assert api_kit.state.get("attente")["desk"] == 2
    unknown_action = post(api_kit, "attente.appeler")
    assert unknown_action.status_code == 404 and "attente.appeler" in unknown_action.json()["error"]
    unknown_param = post(api_kit, "attente.call_next", json={"guichet": 2})
    assert unknown_param.status_code == 400 and unknown_param.json()["field"] == "guichet"
    refused = post(api_kit, "attente.call_next")  # nobody waits: the action says why
    assert refused.status_code == 400
    assert refused.json()["error"] == "Personne n'attend." and refused.json()["field"] == "attente"


def test_action_body_must_be_a_small_json_object(api_kit):
    bad = post(api_kit, "attente.take_ticket", data=b"[1, 2]")
    assert bad.status_code == 400 and bad.json()["field"] == "body"
    broken = post(api_kit, "attente.take_ticket", data=b"{desk")
    assert broken.status_code == 400 and "JSON" in broken.json()["error"]
    huge = post(api_kit, "test.set", json={"key": "x", "value": "a" * (MAX_BODY + 10)})
    assert huge.status_code == 413
    assert "x" not in api_kit.state


def test_a_crashing_action_never_leaks_a_traceback(api_kit):
    answer = post(api_kit, "test.crash")
    assert answer.status_code == 500
    assert "Traceback" not in answer.text and "passwd" not in answer.text
    assert answer.json()["error"].startswith("Erreur interne")


def test_unknown_method_is_json(api_kit):
    answer = requests.post(f"{api_kit.url}/api/state", timeout=5)
    assert answer.status_code == 405


def quiet_get(url: str, timeout: float) -> None:
    """A long-poll in a thread that does not mind the server closing under it."""
    with contextlib.suppress(requests.RequestException):
        requests.get(url, timeout=timeout)


def test_long_polls_never_take_every_thread():
    kit = StandinKit(site_key=KEY)
    server = serve(kit, max_waiting=1)
    url = f"http://127.0.0.1:{kit.port}/api/state?since={kit.state.version}&wait=3"
    try:
        holder = threading.Thread(target=quiet_get, args=(url, 5))
        holder.start()
        time.sleep(0.3)  # the only long-poll slot is taken
        started = time.monotonic()
        body = requests.get(url, timeout=5).json()
        assert time.monotonic() - started < 1
        assert body["retry_after"] == 2 and "attente" in body["values"]
        kit.take_ticket()  # frees the holder
        holder.join(5)
        assert not holder.is_alive()
    finally:
        server.close()


def test_a_follower_told_to_retry_later_does_not_hammer():
    from fabrique_kit.net import Follower
    from fabrique_kit.state import State

    kit = StandinKit(site_key=KEY)
    server = serve(kit, max_waiting=1)
    busy = f"http://127.0.0.1:{kit.port}/api/state?since={kit.state.version}&wait=20"
    holder = threading.Thread(target=quiet_get, args=(busy, 25), daemon=True)
    holder.start()
    time.sleep(0.3)
    local = State()
    try:
        with Follower("Accueil", "attente", local, f"http://127.0.0.1:{kit.port}"):
            time.sleep(2.5)
            assert local.get("attente")["last_ticket"] == 0
        assert kit.requests <= 1 + 2  # the holder, then one poll every 2 s
    finally:
        kit.take_ticket()
        server.close()
