"""Damaged secret files are renewed, never a crash; Host checked; cookies per kit; sessions end."""

from __future__ import annotations

import json
import os

import pytest

from fabrique_kit.net.identity import kit_id_from
from fabrique_kit.web import create_app
from fabrique_kit.web.auth_store import PinStore, SessionRegistry
from fabrique_kit.web.security import SECRET_FILE, cookie_name, load_secret_key
from tests.web.conftest import TEST_PIN, FakeKit

DAMAGE = [b"", b"\x00" * 40, os.urandom(300), b"abc", "é".encode() * 50]


@pytest.mark.parametrize("garbage", DAMAGE)
def test_a_damaged_cookie_secret_is_renewed(tmp_path, garbage, caplog):
    (tmp_path / SECRET_FILE).write_bytes(garbage)
    key = load_secret_key(tmp_path)
    assert len(key) == 64 and load_secret_key(tmp_path) == key  # renewed once, then kept
    assert (tmp_path / SECRET_FILE).read_bytes().strip() == key


@pytest.mark.parametrize("garbage", [*DAMAGE, b'{"hash": 12}', b'["scrypt"]', b'{"hash": "x$y"}'])
def test_a_damaged_pin_file_never_crashes_and_starts_as_on_the_first_day(tmp_path, garbage):
    (tmp_path / "web_pin.json").write_bytes(garbage)
    pins = PinStore(tmp_path)
    assert not pins.has_pin()  # the setup code (on the hall screen) chooses a new PIN
    assert (tmp_path / "web_pin.json.damaged").read_bytes() == garbage  # kept for the record
    pins.set_pin(TEST_PIN)
    assert pins.check(TEST_PIN, client="10.0.0.2").status == "ok"


def test_damaged_counters_in_the_pin_file_never_refuse_the_right_pin(tmp_path):
    pins = PinStore(tmp_path)
    pins.set_pin(TEST_PIN)
    data = json.loads((tmp_path / "web_pin.json").read_text())
    data["clients"] = {"10.0.0.2": {"failures": "beaucoup", "locked_until": [1], "lockouts": None}}
    (tmp_path / "web_pin.json").write_text(json.dumps(data))
    assert pins.check(TEST_PIN, client="10.0.0.2").status == "ok"
    assert pins.check("000001", client="10.0.0.3").status == "wrong"


@pytest.mark.parametrize("garbage", DAMAGE)
def test_a_damaged_kit_id_is_renewed(tmp_path, garbage):
    (tmp_path / "id").write_bytes(garbage)
    new = kit_id_from(tmp_path / "id")
    assert len(new) == 12 and kit_id_from(tmp_path / "id") == new


def test_the_host_must_be_the_kits_own(tmp_path):
    client = create_app(FakeKit(tmp_path / "donnees")).test_client()
    assert client.get("/", headers={"Host": "127.0.0.1:8000"}).status_code == 200
    assert client.get("/", headers={"Host": "localhost"}).status_code == 200
    rebound = client.get("/admin/premier-code", headers={"Host": "evil.example:8000"})
    assert rebound.status_code == 421 and "ne répond pas à ce nom" in rebound.get_data(as_text=True)
    api = client.get("/api/health", headers={"Host": "evil.example"})
    assert api.status_code in (404, 421)


def test_two_kits_on_one_computer_have_their_own_cookie(tmp_path):
    assert cookie_name(tmp_path / "a") != cookie_name(tmp_path / "b")
    assert cookie_name(tmp_path / "a") == cookie_name(tmp_path / "a")


def test_sessions_have_an_absolute_lifetime():
    now = [0.0]
    sessions = SessionRegistry(idle_seconds=1800, max_seconds=8 * 3600, now=lambda: now[0])
    sid = sessions.open()
    for _ in range(33):  # used every 15 minutes, never idle, for 8 h 15
        now[0] += 900
        alive = sessions.touch(sid)
        if now[0] <= 8 * 3600:
            assert alive
    assert not sessions.touch(sid)  # ended 8 hours after the login all the same
