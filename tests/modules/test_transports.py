"""The worked module ``examples/module_transports``: installed, tested, used by a kit."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from fabrique_kit.clock import FakeClock
from fabrique_kit.modules import contributed_templates
from fabrique_kit.modules.testing import dark_pixels, make_kit
from tests.modules.conftest import EXAMPLE, run_pytest

SAMPLE = (EXAMPLE / "tests" / "donnees" / "passages-republique.json").read_bytes()


@pytest.fixture
def star():
    """Sample STAR departures on 127.0.0.1 (never the real network)."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (http.server's name)
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(SAMPLE)))
            self.end_headers()
            self.wfile.write(SAMPLE)

        def log_message(self, *args):
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/records"
    httpd.shutdown()
    httpd.server_close()


def test_the_example_passes_its_own_tests_once_installed(installed):
    result = run_pytest(EXAMPLE, installed["site"])
    assert result.returncode == 0, result.stdout + result.stderr
    assert "5 passed" in result.stdout


def test_a_kit_shows_the_next_departures(installed, star, tmp_path, wired):
    clock = FakeClock("2026-11-27 14:30:10")
    with make_kit(tmp_path, clock=clock) as kit:
        bus = kit.source("transports", arret="République", url=star, every="1 min")
        assert bus.every == 60
        kit.refresh_all()
        assert [d["ligne"] for d in bus.next(3)] == ["C4", "C1", "C6"]

        @kit.screen
        def hall(screen):
            screen.header(kit.place, clock=True)
            screen.text("Permanence numérique jusqu'à 17 h.", title="Aujourd'hui")
            screen.widget("departs", bus.next(5), title="Bus à République")

        frame = kit.render()
        assert frame.errors == []
        right = dark_pixels(frame.image, (1160, 200, 1920, 1000))  # the side column
        clock.advance(minutes=20)  # every listed bus has left
        later = kit.render()
    assert right > 3000
    assert later is not None and dark_pixels(later.image, (1160, 200, 1920, 1000)) < right


def test_its_template_is_offered_to_fabrique_new(installed):
    templates = contributed_templates()
    template = templates["transports"]
    assert template.module == "fabrique-transports"
    assert template.description_fr.startswith("Transports")
    assert (template.folder / "main.py").read_text().count('kit.source("transports"') == 1
    assert "afficheur" not in templates  # fabrique-kit's own names are never taken
