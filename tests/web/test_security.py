"""Safety by default: login, lockout, CSRF, escaping, headers, body size (real server)."""

from __future__ import annotations

import re

import pytest
import requests

from fabrique_kit.web import WebServer, create_app
from fabrique_kit.web.auth_store import PinStore
from tests.web.conftest import TEST_PIN, FakeKit, csrf_from, logged_in_session, set_pin

ADMIN_POSTS = [
    "/admin/semainier/0/creneaux/0",
    "/admin/semainier/0/nouveau",
    "/admin/semainier/0/creneaux/0/supprimer",
    "/admin/message",
    "/admin/message/effacer",
    "/admin/compteurs/attente/appeler",
    "/admin/compteurs/attente/clore",
    "/admin/compteurs/attente/remise-a-zero",
]


def test_admin_posts_without_login_are_refused(base_url, kit):
    set_pin(kit)
    visitor = requests.Session()
    token = csrf_from(visitor.get(f"{base_url}/", timeout=5).text)
    before = kit.semainier_document()
    for path in ADMIN_POSTS:
        answer = visitor.post(f"{base_url}{path}", data={"csrf_token": token, "text": "x",
                              "jour": "lundi", "confirm": "oui"}, allow_redirects=False, timeout=5)
        assert answer.status_code == 303, path
        assert "/admin/connexion" in answer.headers["Location"], path
        as_fetch = visitor.post(f"{base_url}{path}", headers={"X-CSRF-Token": token},
                                json={"text": "x"}, allow_redirects=False, timeout=5)
        assert as_fetch.status_code == 401, path
    assert kit.semainier_document() == before
    assert kit.calls == []
    assert kit.state.get("attente")["called"] == 41


def test_admin_pages_without_login_go_to_login(base_url, kit):
    set_pin(kit)
    for path in ("/admin", "/admin/semainier", "/admin/message", "/admin/compteurs",
                 "/admin/compteurs/attente/statistiques.csv"):
        answer = requests.get(f"{base_url}{path}", allow_redirects=False, timeout=5)
        assert answer.status_code == 302, path
        assert "/admin/connexion" in answer.headers["Location"]


def test_inputs_of_a_real_pi_need_the_pin(tmp_path):
    kit = FakeKit(tmp_path / "donnees", simulated=False)
    set_pin(kit)
    with WebServer(create_app(kit), port=0) as server:
        visitor = requests.Session()
        page = visitor.get(f"{server.url}/", timeout=5)
        assert "data-kind=" not in page.text  # no controls shown on a real Pi
        headers = {"X-CSRF-Token": csrf_from(page.text)}
        for path in ("/controls/ticket/press", "/controls/ticket/release", "/keys/space"):
            answer = visitor.post(f"{server.url}{path}", headers=headers, json={}, timeout=5)
            assert answer.status_code == 403, path
        assert kit.calls == [] and kit.keys == []
        mediator = logged_in_session(server.url, kit)
        token = csrf_from(mediator.get(f"{server.url}/", timeout=5).text)
        answer = mediator.post(f"{server.url}/controls/ticket/press",
                               headers={"X-CSRF-Token": token}, json={}, timeout=5)
        assert answer.status_code == 200
        assert kit.calls == [("press", "ticket")]


def test_forms_without_csrf_token_are_refused(base_url, kit):
    mediator = logged_in_session(base_url, kit)
    answer = mediator.post(f"{base_url}/admin/message", data={"text": "Fermé"}, timeout=5)
    assert answer.status_code == 400
    assert "formulaire a expiré" in answer.text
    answer = mediator.post(f"{base_url}/admin/message",
                           data={"text": "Fermé", "csrf_token": "faux"}, timeout=5)
    assert answer.status_code == 400
    answer = mediator.post(f"{base_url}/controls/ticket/press", json={}, timeout=5)
    assert answer.status_code == 400
    assert answer.json()["error"]
    assert kit.state.get("message") is None and kit.calls == []


def test_login_form_needs_csrf_too(base_url, kit):
    set_pin(kit)
    answer = requests.post(f"{base_url}/admin/connexion", data={"pin": TEST_PIN}, timeout=5)
    assert answer.status_code == 400


def _try_pin(base_url: str, pin: str) -> requests.Response:
    visitor = requests.Session()
    token = csrf_from(visitor.get(f"{base_url}/admin/connexion", timeout=5).text)
    return visitor.post(f"{base_url}/admin/connexion",
                        data={"pin": pin, "csrf_token": token}, timeout=5)


def test_wrong_pins_lock_the_login_even_after_a_restart(tmp_path):
    kit = FakeKit(tmp_path / "donnees")
    set_pin(kit)
    with WebServer(create_app(kit), port=0) as server:
        answers = [_try_pin(server.url, "111111") for _ in range(4)]
        assert [a.status_code for a in answers] == [403] * 4
        assert "Encore 1 essai" in answers[-1].text
        fifth = _try_pin(server.url, "111111")
        assert fifth.status_code == 429 and "bloquée" in fifth.text
        right_pin = _try_pin(server.url, TEST_PIN)
        assert right_pin.status_code == 429, "the right PIN must not open a locked login"
    # A new app from the same data_dir (a restart) is still locked.
    with WebServer(create_app(FakeKit(tmp_path / "donnees")), port=0) as server:
        again = _try_pin(server.url, TEST_PIN)
        assert again.status_code == 429 and "bloquée" in again.text
        assert "bloquée" in requests.get(f"{server.url}/admin/connexion", timeout=5).text


def test_lockout_ends_after_its_delay(tmp_path):
    now = [1_000_000.0]
    pins = PinStore(tmp_path, max_failures=2, lockout_seconds=60, now=lambda: now[0])
    pins.set_pin(TEST_PIN)
    assert pins.check("000001").status == "wrong"
    assert pins.check("000001").status == "locked"
    assert pins.check(TEST_PIN).status == "locked"
    now[0] += 61
    assert pins.check(TEST_PIN).status == "ok"


def test_pin_is_stored_as_a_salted_hash(tmp_path):
    pins = PinStore(tmp_path)
    pins.set_pin(TEST_PIN)
    text = (tmp_path / "web_pin.json").read_text()
    assert TEST_PIN not in text and "scrypt$" in text
    other = PinStore(tmp_path / "autre")
    other.set_pin(TEST_PIN)
    assert (tmp_path / "autre" / "web_pin.json").read_text() != text  # salted
    assert (tmp_path / "web_pin.json").stat().st_mode & 0o077 == 0


@pytest.mark.parametrize("pin", ["12345", "abcdef", "000000", "123456", "12 34 56"])
def test_weak_or_short_pins_are_refused(base_url, pin):
    visitor = requests.Session()
    token = csrf_from(visitor.get(f"{base_url}/admin/premier-code", timeout=5).text)
    answer = visitor.post(f"{base_url}/admin/premier-code",
                          data={"pin": pin, "pin_confirm": pin, "csrf_token": token}, timeout=5)
    assert answer.status_code == 400
    assert 'class="field-error"' in answer.text


def test_first_pin_from_the_kit_itself(base_url, kit):
    visitor = requests.Session()
    page = visitor.get(f"{base_url}/admin", timeout=5)
    assert page.url.endswith("/admin/premier-code")
    assert "setup_code" not in page.text  # loopback: no setup code needed
    answer = visitor.post(f"{base_url}/admin/premier-code",
                          data={"pin": TEST_PIN, "pin_confirm": TEST_PIN,
                                "csrf_token": csrf_from(page.text)}, timeout=5)
    assert answer.status_code == 200 and "Espace des médiateurs" in answer.text
    assert PinStore(kit.data_dir).check(TEST_PIN).status == "ok"
    # Once chosen, the setup page cannot replace it.
    again = requests.get(f"{base_url}/admin/premier-code", allow_redirects=False, timeout=5)
    assert again.status_code == 302 and "/admin/connexion" in again.headers["Location"]


def test_first_pin_from_another_device_needs_the_setup_code(app, kit):
    client = app.test_client()
    remote = {"REMOTE_ADDR": "192.168.1.23"}
    page = client.get("/admin/premier-code", environ_base=remote)
    assert b'name="setup_code"' in page.data
    token = csrf_from(page.get_data(as_text=True))
    refused = client.post("/admin/premier-code", environ_base=remote, data={
        "pin": TEST_PIN, "pin_confirm": TEST_PIN, "setup_code": "0000-0000", "csrf_token": token})
    assert refused.status_code == 400
    assert not PinStore(kit.data_dir).has_pin()
    code = (kit.data_dir / "web_setup_code.txt").read_text().strip()
    accepted = client.post("/admin/premier-code", environ_base=remote, data={
        "pin": TEST_PIN, "pin_confirm": TEST_PIN, "setup_code": code, "csrf_token": token})
    assert accepted.status_code == 302
    assert PinStore(kit.data_dir).has_pin()
    assert not (kit.data_dir / "web_setup_code.txt").exists()


def test_logout_ends_the_session_even_for_a_copied_cookie(base_url, kit):
    mediator = logged_in_session(base_url, kit)
    copied = dict(mediator.cookies)
    token = csrf_from(mediator.get(f"{base_url}/admin", timeout=5).text)
    mediator.post(f"{base_url}/admin/deconnexion", data={"csrf_token": token}, timeout=5)
    thief = requests.Session()
    thief.cookies.update(copied)
    answer = thief.get(f"{base_url}/admin", allow_redirects=False, timeout=5)
    assert answer.status_code == 302 and "/admin/connexion" in answer.headers["Location"]


def test_idle_sessions_expire(base_url, kit, app):
    mediator = logged_in_session(base_url, kit)
    sessions = app.extensions["fabrique"].sessions
    clock = [0.0]
    sessions.now = lambda: clock[0]
    sessions._last_seen = dict.fromkeys(sessions._last_seen, 0.0)
    clock[0] = 29 * 60
    assert mediator.get(f"{base_url}/admin", allow_redirects=False, timeout=5).status_code == 200
    clock[0] += 31 * 60
    answer = mediator.get(f"{base_url}/admin", allow_redirects=False, timeout=5)
    assert answer.status_code == 302 and "/admin/connexion" in answer.headers["Location"]


def test_login_never_redirects_to_another_site(base_url, kit):
    set_pin(kit)
    visitor = requests.Session()
    token = csrf_from(visitor.get(f"{base_url}/admin/connexion", timeout=5).text)
    answer = visitor.post(f"{base_url}/admin/connexion", allow_redirects=False, timeout=5,
                          data={"pin": TEST_PIN, "csrf_token": token, "next": "https://evil.example/admin"})
    assert answer.status_code == 302
    assert answer.headers["Location"] in ("/admin", f"{base_url}/admin")


SCRIPT = '<script>alert("xss")</script>'


def test_script_in_a_slot_and_a_message_is_inert_text(base_url, kit):
    document = kit.semainier_document()
    document["lieux"][0]["nom"] = f"Maurepas {SCRIPT}"
    document["lieux"][0]["creneaux"][0]["service"] = f"Permanence {SCRIPT}"
    kit.save_semainier(document)
    kit.state.set("message", {"text": f"Fermé {SCRIPT}", "until": None})
    kit.state.fail("actus", f"Flux illisible : titre {SCRIPT}")
    kit.peers.append({"name": f"kit {SCRIPT}", "place": "Villejean"})
    mediator = logged_in_session(base_url, kit)
    pages = {
        "/admin/semainier": mediator,
        "/admin/semainier/0/creneaux/0": mediator,
        "/admin/message": mediator,
        "/admin": mediator,
        "/": requests,
    }
    for path, client in pages.items():
        html = client.get(f"{base_url}{path}", timeout=5).text
        assert "<script>alert" not in html, path
        assert "&lt;script&gt;alert(" in html, path
    status = requests.get(f"{base_url}/status.json", timeout=5).json()["status"]
    assert any(SCRIPT in (v["error"] or "") for v in status["values"])  # data, not HTML


def test_security_headers_on_every_page(base_url, kit):
    mediator = logged_in_session(base_url, kit)
    for client, path in [(requests, "/"), (requests, "/kiosk"), (requests, "/frame.png"),
                         (requests, "/admin/connexion"), (mediator, "/admin/semainier"),
                         (requests, "/nulle-part")]:
        headers = client.get(f"{base_url}{path}", timeout=5).headers
        csp = headers["Content-Security-Policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp, path
        assert "frame-ancestors 'none'" in csp
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Referrer-Policy"] == "no-referrer"
        assert headers["X-Frame-Options"] == "DENY"
        if path.startswith("/admin"):
            assert headers["Cache-Control"] == "no-store"


def test_pages_have_no_inline_script(base_url, kit):
    mediator = logged_in_session(base_url, kit)
    for client, path in [(requests, "/"), (requests, "/kiosk"), (mediator, "/admin/message"),
                         (mediator, "/admin/semainier/0/creneaux/0")]:
        html = client.get(f"{base_url}{path}", timeout=5).text
        for tag in re.findall(r"<script[^>]*>", html):
            assert "src=" in tag, (path, tag)
        assert " onclick=" not in html and " style=" not in html, path


def test_session_cookie_flags(base_url):
    answer = requests.get(f"{base_url}/", timeout=5)
    cookie = answer.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie


def test_oversized_body_is_refused(base_url, kit):
    mediator = logged_in_session(base_url, kit)
    token = csrf_from(mediator.get(f"{base_url}/admin/message", timeout=5).text)
    answer = mediator.post(f"{base_url}/admin/message", timeout=10,
                           data={"csrf_token": token, "text": "x" * (2 * 1024 * 1024)})
    assert answer.status_code == 413
    assert "trop gros" in answer.text
    assert kit.state.get("message") is None


def test_unexpected_errors_show_no_traceback(base_url, kit):
    def broken_status():
        raise RuntimeError("secret internal detail")

    kit.status = broken_status
    answer = requests.get(f"{base_url}/", timeout=5)
    assert answer.status_code == 500
    assert "Une erreur inattendue" in answer.text
    assert "Traceback" not in answer.text and "secret internal detail" not in answer.text


def test_a_form_sent_after_the_session_expired_leads_to_login(base_url, kit, app):
    mediator = logged_in_session(base_url, kit)
    token = csrf_from(mediator.get(f"{base_url}/admin/message", timeout=5).text)
    app.extensions["fabrique"].sessions.idle_seconds = 0  # every session is now too old
    answer = mediator.post(f"{base_url}/admin/message", allow_redirects=False, timeout=5,
                           data={"csrf_token": token, "text": "Fermé"})
    assert answer.status_code == 303
    assert answer.headers["Location"].endswith("/admin/connexion?next=/admin/message")
    assert kit.calls == []
    login_page = mediator.get(f"{base_url}{answer.headers['Location']}", timeout=5).text
    assert "Votre session a expiré" in login_page


def test_simulated_inputs_only_from_the_kits_own_computer(tmp_path):
    """In simulation the preview's buttons work on the laptop itself, not from the Wi-Fi."""
    kit = FakeKit(tmp_path / "donnees", simulated=True)
    app = create_app(kit)
    visitor = app.test_client()
    remote = {"REMOTE_ADDR": "192.0.2.77"}
    page = visitor.get("/", environ_base=remote)
    assert "data-kind=" not in page.get_data(as_text=True)  # no buttons shown to them
    token = csrf_from(page.get_data(as_text=True))
    for path in ("/controls/ticket/press", "/keys/space"):
        answer = visitor.post(path, json={}, headers={"X-CSRF-Token": token}, environ_base=remote)
        assert answer.status_code == 403, path
    assert kit.calls == [] and kit.keys == []
    local = app.test_client()
    page = local.get("/", environ_base={"REMOTE_ADDR": "127.0.0.1"})
    token = csrf_from(page.get_data(as_text=True))
    answer = local.post("/controls/ticket/press", json={}, headers={"X-CSRF-Token": token},
                        environ_base={"REMOTE_ADDR": "127.0.0.1"})
    assert answer.status_code == 200
    assert kit.calls == [("press", "ticket")]
