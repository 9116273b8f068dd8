"""One device cannot deny service: real waitress server, real sockets from distinct addresses.

127.0.0.2 plays a hostile device on the Wi-Fi, 127.0.0.3 a mediator's phone (Linux
routes all of 127/8 to loopback; each address is a distinct client for the server).
"""

from __future__ import annotations

import http.client
import re
import socket
import threading
import time

import pytest

from fabrique_kit.web import WebServer, create_app
from tests.web.conftest import TEST_PIN, FakeKit, set_pin

ATTACKER, PHONE = "127.0.0.2", "127.0.0.3"


@pytest.fixture
def served(tmp_path):
    kit = FakeKit(tmp_path / "donnees")
    server = WebServer(create_app(kit), port=0).start()
    yield kit, server
    server.stop()


def slow_socket(port: int, source: str) -> socket.socket:
    sock = socket.create_connection(("127.0.0.1", port), timeout=5, source_address=(source, 0))
    sock.sendall(b"GET / HTTP/1.1\r\nHo")  # headers never finished
    return sock


def visit(port: int, source: str, method: str = "GET", path: str = "/", body: str | None = None,
          cookie: str = "", timeout: float = 5.0) -> tuple[int, str, str]:
    """One request from ``source``: ``(status, text, set-cookie)``."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout, source_address=(source, 0))
    headers = {"Cookie": cookie} if cookie else {}
    if body is not None:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    try:
        connection.request(method, path, body=body, headers=headers)
        answer = connection.getresponse()
        return answer.status, answer.read().decode("utf-8", "replace"), answer.getheader("Set-Cookie") or ""
    finally:
        connection.close()


def closed(sock: socket.socket) -> bool:
    sock.settimeout(0.05)
    try:
        return sock.recv(1) == b""
    except TimeoutError:
        return False
    except OSError:
        return True


def test_200_slow_connections_from_one_device_do_not_stop_the_others(served):
    _kit, server = served
    hostile = [slow_socket(server.port, ATTACKER) for _ in range(200)]
    try:
        time.sleep(0.3)
        started = time.monotonic()
        status, text, _cookie = visit(server.port, PHONE)
        assert status == 200 and "<html" in text.lower()
        assert time.monotonic() - started < 2.0
        kept = [s for s in hostile if not closed(s)]
        assert len(kept) <= 16  # the device's share; the others were closed at once
    finally:
        for sock in hostile:
            sock.close()


def test_a_request_whose_headers_trickle_is_closed_at_its_deadline(served):
    _kit, server = served
    server._server.header_deadline = 1.0
    sock = slow_socket(server.port, ATTACKER)
    started = time.monotonic()
    try:
        while not closed(sock):
            assert time.monotonic() - started < 6, "a trickling request is never cut"
            sock.sendall(b"s")  # one byte every 0.2 s: waitress' idle timeout alone never fires
            time.sleep(0.2)
    except OSError:
        pass  # closed under our feet: that is the point
    finally:
        sock.close()
    assert visit(server.port, PHONE)[0] == 200


def test_one_device_holds_at_most_two_long_polls(served):
    kit, server = served
    results: list[int] = []

    def poll() -> None:
        results.append(visit(server.port, ATTACKER, path=f"/frame/wait?since={kit.frame_number}&timeout=3",
                             timeout=10)[0])

    threads = [threading.Thread(target=poll) for _ in range(5)]
    for thread in threads:
        thread.start()
    time.sleep(0.8)
    assert sorted(results) == [503, 503, 503]  # refused at once: only two wait
    status, _text, _c = visit(server.port, PHONE, path=f"/frame/wait?since={kit.frame_number}&timeout=0.2")
    assert status == 200  # another device still gets a slot
    for thread in threads:
        thread.join(10)


def _csrf_and_cookie(port: int, source: str) -> tuple[str, str]:
    _status, page, cookie = visit(port, source, path="/admin/connexion")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    return token, cookie.split(";", 1)[0]


def _try_pin(port: int, source: str, pin: str) -> tuple[int, str]:
    token, cookie = _csrf_and_cookie(port, source)
    status, text, _c = visit(port, source, "POST", "/admin/connexion",
                             body=f"pin={pin}&csrf_token={token}", cookie=cookie)
    return status, text


def test_wrong_pins_from_one_device_never_lock_out_another(served):
    kit, server = served
    set_pin(kit)
    answers = [_try_pin(server.port, ATTACKER, "111111")[0] for _ in range(10)]
    assert answers[:4] == [403] * 4 and set(answers[4:]) == {429}  # that device is locked out
    assert _try_pin(server.port, ATTACKER, TEST_PIN)[0] == 429  # even with the right PIN
    status, _text = _try_pin(server.port, PHONE, TEST_PIN)
    assert status in (302, 303)  # the mediator's phone logs in


def test_the_lockout_doubles_and_stays_bounded(tmp_path):
    from fabrique_kit.web.auth_store import MAX_LOCKOUT, PinStore

    now = [1_000_000.0]
    pins = PinStore(tmp_path, max_failures=2, lockout_seconds=60, now=lambda: now[0])
    pins.set_pin(TEST_PIN)
    lockouts = []
    for _ in range(7):  # 14 wrong tries: below the global slowdown
        pins.check("000001", client=ATTACKER)
        lockouts.append(pins.check("000001", client=ATTACKER).locked_seconds)
        now[0] += lockouts[-1] + 1
    assert lockouts[:3] == [60, 120, 240] and max(lockouts) == MAX_LOCKOUT
    pins.check("000001", client=ATTACKER)
    pins.check("000001", client=ATTACKER)
    now[0] -= 10 * 24 * 3600  # the clock steps back ten days
    assert pins.locked_seconds(ATTACKER) <= MAX_LOCKOUT
    assert pins.check(TEST_PIN, client=PHONE).status == "ok"


def test_a_global_slowdown_spares_the_kits_own_console(tmp_path):
    from fabrique_kit.web.auth_store import GLOBAL_FAILURES, SLOW_EVERY, PinStore

    pins = PinStore(tmp_path, max_failures=3)
    pins.set_pin(TEST_PIN)
    for n in range(GLOBAL_FAILURES):  # many devices, a few tries each
        pins.check("000001", client=f"10.0.{n}.1")
    assert pins.check(TEST_PIN, client="10.9.9.9").status == "locked"  # one try every 2 s...
    assert pins.check(TEST_PIN, client="127.0.0.1").status == "ok"  # ...but the kit's own console never waits
    time.sleep(SLOW_EVERY + 0.1)
    assert pins.check(TEST_PIN, client="10.9.9.9").status == "ok"
    assert pins.check(TEST_PIN, client="10.9.9.8").status == "locked"


def test_setup_codes_are_limited_and_renewed(tmp_path):
    from fabrique_kit.web.auth_store import SETUP_RENEW_AFTER, PinStore

    pins = PinStore(tmp_path)
    code = pins.setup_code()
    assert not pins.setup_code_matches("0000-0000", client=ATTACKER)
    assert pins.setup_code_matches(code, client=PHONE)
    results = [pins.try_setup_code("1111-1111", client=f"10.0.0.{n}").status for n in range(SETUP_RENEW_AFTER)]
    assert results.count("wrong") == SETUP_RENEW_AFTER
    assert pins.setup_code() != code  # guessing restarts from zero
    for _ in range(5):
        pins.try_setup_code("1111-1111", client=ATTACKER)
    assert pins.try_setup_code(pins.setup_code(), client=ATTACKER).status == "locked"
