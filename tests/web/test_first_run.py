"""First run from the hall screen: while no PIN is chosen, the hall screen's frame shows a
QR code, the setup address and the one-time code; other devices' copy of the frame
(the public web preview) hides that block; the code chooses the PIN once.

The kit listens on every interface and the requests come through its LAN address, so
the kit sees them as another device of the Wi-Fi (not its own loopback).
"""

from __future__ import annotations

import io
import re

import pytest
import requests
from PIL import Image

from fabrique_kit.clock import FakeClock
from fabrique_kit.net.addresses import local_ipv4_addresses
from fabrique_kit.project import new_project, run_project
from fabrique_kit.web.auth_store import PinStore
from tests.waiting import wait_until
from tests.web.conftest import TEST_PIN, csrf_from

LAN = next((a for a in local_ipv4_addresses() if not a.startswith("127.")), None)
pytestmark = pytest.mark.skipif(LAN is None, reason="this machine has no non-loopback IPv4 address")


@pytest.fixture
def lan_kit(tmp_path):
    project = new_project("afficheur", tmp_path / "afficheur")
    config = project / "fabrique.toml"
    config.write_text(config.read_text(encoding="utf-8") + "\n[reseau]\ndecouverte = false\n", encoding="utf-8")
    kit = run_project(project, mode="load", quiet=True, simulate=True, port=0, host="0.0.0.0",
                      clock=FakeClock("2026-11-23 10:00"))
    kit.start()
    yield kit
    kit.close()


def invitation(kit):
    frame = kit.web.latest_frame()
    return frame if frame is not None and frame.display.texts("setup.code") else None


def code_on_screen(frame) -> str:
    return re.search(r"[0-9]{4}-[0-9]{4}", frame.display.texts("setup.code")[0]).group(0)


def test_the_hall_screen_invites_to_choose_the_pin_and_hides_it_from_others(lan_kit):
    frame = wait_until(lambda: invitation(lan_kit), timeout=10)
    code = code_on_screen(frame)
    assert code == PinStore(lan_kit.data_dir).setup_code()
    address = " ".join(frame.display.texts("setup.address")).replace(" ", "")
    assert address == f"http://{LAN}:{lan_kit.port}/admin/premier-code"
    block = frame.display.first("setup.code").block
    hall = Image.open(io.BytesIO(requests.get(f"http://127.0.0.1:{lan_kit.port}/frame.png", timeout=10).content))
    public = Image.open(io.BytesIO(requests.get(f"http://{LAN}:{lan_kit.port}/frame.png", timeout=10).content))
    assert hall.size == public.size == frame.image.size
    hidden = public.convert("RGB").crop(block)
    assert hidden.getcolors() == [(hidden.width * hidden.height, (90, 90, 90))]  # one plain grey
    assert len(hall.convert("RGB").crop(block).getcolors(1 << 16)) > 2  # the QR code and the words
    outside = (0, 0, frame.image.width, block[1])
    assert public.convert("RGB").crop(outside).tobytes() == hall.convert("RGB").crop(outside).tobytes()


def test_the_code_on_the_screen_chooses_the_pin_once(lan_kit):
    frame = wait_until(lambda: invitation(lan_kit), timeout=10)
    code = code_on_screen(frame)
    base = f"http://{LAN}:{lan_kit.port}"
    phone = requests.Session()
    page = phone.get(f"{base}/admin/premier-code?code={code}", timeout=10)
    assert f'value="{code}"' in page.text  # the QR code's link fills it in
    wrong = phone.post(f"{base}/admin/premier-code", timeout=10, data={
        "csrf_token": csrf_from(page.text), "setup_code": "0000-0000", "pin": TEST_PIN, "pin_confirm": TEST_PIN})
    assert wrong.status_code in (400, 403, 429) and not PinStore(lan_kit.data_dir).has_pin()
    chosen = phone.post(f"{base}/admin/premier-code", timeout=10, data={
        "csrf_token": csrf_from(wrong.text), "setup_code": code, "pin": TEST_PIN, "pin_confirm": TEST_PIN})
    assert chosen.status_code == 200 and "Espace des médiateurs" in chosen.text
    assert PinStore(lan_kit.data_dir).has_pin()
    # the hall screen no longer shows the invitation, and the public frame is the hall's
    wait_until(lambda: (f := lan_kit.web.latest_frame()) and not f.display.texts("setup.code"), timeout=10)
    assert lan_kit.state.get("installation") is None
    assert requests.get(f"{base}/frame.png", timeout=10).content == lan_kit.web.frame_png()
    # the code was used: it no longer opens anything, and a new one would be drawn
    assert PinStore(lan_kit.data_dir).setup_code() != code
    again = requests.get(f"{base}/admin/premier-code", timeout=10, allow_redirects=False)
    assert again.status_code in (302, 303) and "/admin/connexion" in again.headers["Location"]


def test_a_kit_reachable_only_from_itself_shows_no_invitation(tmp_path):
    """Listening on loopback only, no phone could open the address: the hall says nothing."""
    project = new_project("afficheur", tmp_path / "afficheur")
    config = project / "fabrique.toml"
    config.write_text(config.read_text(encoding="utf-8") + "\n[reseau]\ndecouverte = false\n", encoding="utf-8")
    kit = run_project(project, mode="load", quiet=True, simulate=True, port=0, host="127.0.0.1",
                      clock=FakeClock("2026-11-23 10:00"))
    kit.start()
    try:
        wait_until(lambda: kit.state.get("installation"), timeout=10)  # no PIN yet
        frame = kit.render()
        assert frame.display.texts("schedule.heading") and frame.display.texts("setup.code") == []
    finally:
        kit.close()
