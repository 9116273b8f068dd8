"""The public preview and kiosk pages, the frame, its long-poll and the simulated inputs."""

from __future__ import annotations

import threading
import time

import requests

from tests.web.conftest import csrf_from


def test_frame_png_has_the_frame_number_as_etag(base_url, kit):
    answer = requests.get(f"{base_url}/frame.png", timeout=5)
    assert answer.status_code == 200
    assert answer.headers["Content-Type"] == "image/png"
    assert answer.content == kit.frame_png()
    assert answer.headers["ETag"] == f'"{kit.frame_number}"'
    assert answer.headers["Cache-Control"] == "no-cache"
    again = requests.get(f"{base_url}/frame.png", headers={"If-None-Match": answer.headers["ETag"]},
                         timeout=5)
    assert again.status_code == 304 and again.content == b""
    kit.press("ticket")
    changed = requests.get(f"{base_url}/frame.png", headers={"If-None-Match": answer.headers["ETag"]},
                           timeout=5)
    assert changed.status_code == 200 and changed.content != answer.content


def test_frame_png_before_the_first_frame_is_a_placeholder(base_url, kit):
    kit._png = None
    answer = requests.get(f"{base_url}/frame.png", timeout=5)
    assert answer.status_code == 200 and answer.content.startswith(b"\x89PNG")


def test_long_poll_answers_as_soon_as_the_frame_changes(base_url, kit):
    since = kit.frame_number
    threading.Timer(0.4, kit.press, args=("ticket",)).start()
    started = time.monotonic()
    answer = requests.get(f"{base_url}/frame/wait?since={since}", timeout=10)
    elapsed = time.monotonic() - started
    assert answer.json() == {"frame": since + 1}
    assert 0.3 < elapsed < 3
    assert answer.headers["Cache-Control"] == "no-store"


def test_long_poll_times_out_without_change_and_resets_after_a_restart(base_url, kit):
    since = kit.frame_number
    started = time.monotonic()
    answer = requests.get(f"{base_url}/frame/wait?since={since}&timeout=0.5", timeout=10)
    assert answer.json() == {"frame": since}
    assert 0.4 < time.monotonic() - started < 3
    # A page that saw frame 500 of a previous run gets the current number at once.
    started = time.monotonic()
    answer = requests.get(f"{base_url}/frame/wait?since=500", timeout=10)
    assert answer.json() == {"frame": since} and time.monotonic() - started < 1


def test_too_many_long_polls_get_a_busy_answer(base_url, kit, app):
    context = app.extensions["fabrique"]
    context.waiters = threading.BoundedSemaphore(1)
    context.waiters.acquire()
    try:
        answer = requests.get(f"{base_url}/frame/wait?since={kit.frame_number}",
                              headers={"Accept": "application/json"}, timeout=5)
    finally:
        context.waiters.release()
    assert answer.status_code == 503
    assert answer.headers["Retry-After"] == "5"


def test_preview_page_shows_frame_controls_and_status(base_url, kit):
    kit.state.fail("actus", "Flux injoignable")
    kit.peers.append({"name": "accueil-villejean", "place": "ESC Villejean",
                      "host": "192.168.1.40", "port": 8000})
    html = requests.get(f"{base_url}/", timeout=5).text
    assert f'data-frame="{kit.frame_number}"' in html
    assert 'data-kind="button"' in html and "Prendre un ticket" in html
    assert 'data-kind="slider"' in html and 'data-kind="switch"' in html
    assert "Flux injoignable" in html
    assert "accueil-villejean — ESC Villejean — 192.168.1.40:8000" in html
    assert "Simulation" in html
    assert '<html lang="fr">' in html
    assert "/static/frame.js" in html and "/static/preview.js" in html


def test_status_json_gives_ages_in_words(base_url, kit):
    data = requests.get(f"{base_url}/status.json", timeout=5).json()
    names = {v["name"]: v for v in data["status"]["values"]}
    assert names["actus"]["age"] == "à l'instant"
    assert {c["id"] for c in data["controls"]} == {"ticket", "porte", "lumiere", "voyant"}


def _visitor(base_url):
    visitor = requests.Session()
    token = csrf_from(visitor.get(f"{base_url}/", timeout=5).text)
    return visitor, {"X-CSRF-Token": token}


def test_simulated_inputs_can_be_driven_without_pin(base_url, kit):
    visitor, headers = _visitor(base_url)
    before = kit.frame_number
    for verb in ("press", "release"):
        answer = visitor.post(f"{base_url}/controls/ticket/{verb}", headers=headers, json={}, timeout=5)
        assert answer.status_code == 200
    assert kit.calls == [("press", "ticket"), ("release", "ticket")]
    assert kit.frame_number == before + 2
    answer = visitor.post(f"{base_url}/controls/lumiere/value", headers=headers,
                          json={"value": 0.8}, timeout=5)
    assert answer.status_code == 200 and kit.calls[-1] == ("value", "lumiere", 0.8)


def test_bad_input_requests_are_refused(base_url, kit):
    visitor, headers = _visitor(base_url)
    post = lambda path, body=None: visitor.post(  # noqa: E731
        f"{base_url}{path}", headers=headers, json=body or {}, timeout=5).status_code
    assert post("/controls/inconnu/press") == 404
    assert post("/controls/ticket/explose") == 404
    assert post("/controls/lumiere/value", {"value": 7}) == 400
    assert post("/controls/lumiere/value", {"value": "beaucoup"}) == 400
    assert post("/controls/voyant/press") == 400  # an output cannot be pressed
    assert post("/keys/rm%20-rf") == 404
    assert kit.calls == []


def test_keys_are_sent_to_the_kit(base_url, kit):
    visitor, headers = _visitor(base_url)
    for name in ("space", "up", "w"):
        assert visitor.post(f"{base_url}/keys/{name}", headers=headers, timeout=5).status_code == 200
    assert kit.keys == ["space", "up", "w"]


def test_keys_reach_a_kit_that_only_has_key(tmp_path):
    from fabrique_kit.web import create_app
    from tests.web.conftest import FakeKit

    class OlderKit(FakeKit):
        press_key = None

        def key(self, name):
            self.keys.append(name)

    kit = OlderKit(tmp_path)
    client = create_app(kit).test_client()
    token = csrf_from(client.get("/").get_data(as_text=True))
    assert client.post("/keys/space", headers={"X-CSRF-Token": token}).status_code == 200
    assert kit.keys == ["space"]


def test_absent_peers_are_marked(base_url, kit):
    kit.peers.append({"name": "accueil-blosne", "place": "ESC Le Blosne",
                      "base_url": "http://192.168.1.41:8000", "gone": True})
    html = requests.get(f"{base_url}/", timeout=5).text
    assert "accueil-blosne — ESC Le Blosne — http://192.168.1.41:8000 (absent)" in html


def test_kiosk_page_has_only_the_frame(base_url, kit):
    html = requests.get(f"{base_url}/kiosk", timeout=5).text
    assert 'class="kiosk"' in html and 'id="frame"' in html
    assert "data-kind" not in html and "<nav" not in html and "<form" not in html


def test_pages_in_english_on_request(base_url):
    english = requests.get(f"{base_url}/?lang=en", timeout=5).text
    assert '<html lang="en">' in english and "Kit status" in english
    by_header = requests.get(f"{base_url}/", headers={"Accept-Language": "en-GB,en;q=0.9"}, timeout=5)
    assert '<html lang="en">' in by_header.text
    french = requests.get(f"{base_url}/", headers={"Accept-Language": "fr-FR,fr;q=0.9"}, timeout=5)
    assert "État du kit" in french.text
    error = requests.get(f"{base_url}/nulle-part?lang=en", timeout=5)
    assert error.status_code == 404 and "This page does not exist." in error.text


def test_long_poll_ends_when_the_kit_stops_waiting(base_url, kit):
    kit.wait_frame = lambda since, timeout: kit.frame_number  # a kit that is shutting down
    started = time.monotonic()
    answer = requests.get(f"{base_url}/frame/wait?since={kit.frame_number}", timeout=10)
    assert answer.json() == {"frame": kit.frame_number}
    assert time.monotonic() - started < 1
