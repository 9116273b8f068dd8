"""Tests of fabrique-transports, with sample STAR data served on 127.0.0.1 (no real network).

Run them after ``pip install -e '.[test]'`` with ``pytest``.
"""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from fabrique_transports import MODELE
from fabrique_transports.bloc import Departs, wait_text
from fabrique_transports.source import TransportsSource, star_url

from fabrique_kit.clock import FakeClock
from fabrique_kit.modules import load_modules, make_source, make_widget
from fabrique_kit.modules.testing import dark_pixels, make_kit, paint, render

SAMPLE = (Path(__file__).parent / "donnees" / "passages-republique.json").read_bytes()


@pytest.fixture
def server():
    """A local server answering the sample at /passages.json (and 503 while ``down``)."""
    status = {"down": False}

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (http.server's name)
            code, body = (503, b"") if status["down"] else (200, SAMPLE)
            self.send_response(code)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/passages.json", status
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def clock():
    return FakeClock("2026-11-27 14:30:10")


def test_the_module_is_declared_to_fabrique_kit():
    registry = load_modules()
    assert registry.widgets["departs"].target is Departs
    assert registry.sources["transports"].module == "fabrique-transports"
    assert registry.templates["transports"].target == MODELE
    assert (MODELE / "modele.toml").is_file()


def test_star_address_asks_for_one_stop():
    url = star_url("République", "metro")
    assert "tco-metro-circulation-passages-tr" in url
    assert "R%C3%A9publique" in url


def test_source_reads_departures_and_keeps_them_offline(server, clock, tmp_path):
    from fabrique_kit.state import State

    url, status = server
    state = State(clock)
    source = TransportsSource("République", url=url, cache_dir=tmp_path, clock=clock)
    assert source.refresh(state) is None
    upcoming = source.next(3)
    # the 14:29 bus is gone, the record without a time is skipped, the rest is sorted
    assert [(d["ligne"], d["destination"]) for d in upcoming] == [
        ("C4", "ZA Saint-Sulpice"), ("C1", "Chantepie"), ("C6", "Cleunay")]
    status["down"] = True
    assert source.refresh(state) > 0  # retried later
    assert source.next(3) == upcoming
    assert "503" in state.value("transports").error


def test_block_shows_waits_in_minutes(clock):
    now = clock.now()
    soon = {"ligne": "C4", "destination": "ZA Saint-Sulpice", "depart": "2026-11-27T14:33:00+01:00"}
    later = {"ligne": "C6", "destination": "Saint-Laurent", "depart": "2026-11-27T15:52:00+01:00"}
    assert wait_text(soon, now) == "2 min"
    assert wait_text(later, now) == "15:52"
    full = dark_pixels(paint(Departs([soon, later]), size=(800, 500), now=now))
    empty = dark_pixels(paint(Departs([]), size=(800, 500), now=now))
    assert full > empty > 0


def test_a_kit_shows_the_departures(server, clock, tmp_path):
    url, _status = server
    with make_kit(tmp_path, clock=clock) as kit:
        bus = make_source(kit, "transports", arret="République", url=url, every="1 min")
        bus.refresh(kit.state)

        def hall(screen):
            screen.header("Espace Social Commun Maurepas")
            screen.add(make_widget("departs", bus.next(4)))  # screen.widget("departs", ...)

        frame = render(hall, state=kit.state, clock=clock)
    assert frame.errors == []
    assert dark_pixels(frame.image, (0, 100, 960, 540)) > 1500
