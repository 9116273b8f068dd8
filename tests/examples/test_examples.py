"""Every worked example runs in simulation and draws a frame that shows what it promises."""

from __future__ import annotations

import shutil
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from PIL import Image

from fabrique_kit.clock import FakeClock
from fabrique_kit.project import run_project

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def preview(folder: Path, tmp_path: Path):
    """Copy an example (examples stay clean) and draw its frame, like `fabrique preview`."""
    project = tmp_path / folder.name
    shutil.copytree(folder, project)
    png = tmp_path / "frame.png"
    kit = run_project(project, mode="preview", png=png, network=False, quiet=True, simulate=True)
    return kit, Image.open(png).convert("RGB")


def dark_pixels(image: Image.Image, box) -> int:
    """How many dark (text) pixels a region holds."""
    region = image.crop(box).convert("L")
    return sum(1 for value in region.get_flattened_data() if value < 100)


def test_every_example_folder_is_listed_in_the_readme():
    readme = (EXAMPLES / "README.md").read_text(encoding="utf-8")
    for folder in sorted(p for p in EXAMPLES.iterdir() if p.is_dir()):
        assert folder.name in readme


def test_01_five_lines(tmp_path):
    script = (EXAMPLES / "01_ecran_en_cinq_lignes" / "main.py").read_text()
    code = [line for line in script.splitlines() if line.strip() and not line.startswith("#")]
    assert len(code) <= 5
    kit, image = preview(EXAMPLES / "01_ecran_en_cinq_lignes", tmp_path)
    assert image.size == (1920, 1080)
    assert dark_pixels(image, (0, 0, 1920, 1000)) > 2000  # the text is drawn


def test_02_schedule_follows_the_file(tmp_path):
    kit, image = preview(EXAMPLES / "02_planning_du_jour", tmp_path)
    sessions = kit.semainier().today()  # the source the example made (same file: the same object)
    assert sessions, "the example's file has a session every day of the week"
    assert all(s.place == "Espace Social Commun Villejean" for s in sessions)
    assert dark_pixels(image, (0, 150, 1920, 1000)) > 2000


def test_03_message_and_qr(tmp_path):
    kit, image = preview(EXAMPLES / "03_message_et_qr", tmp_path)
    assert kit.message["text"].startswith("Permanence exceptionnelle")
    # a QR code: a large square region with many black and white modules
    grey = image.convert("L")
    blacks = sum(1 for v in grey.get_flattened_data() if v < 40)
    assert blacks > 20_000


def test_04_buttons_drive_the_counter(tmp_path):
    project = tmp_path / "p"
    shutil.copytree(EXAMPLES / "04_ticket_et_boutons", project)
    kit = run_project(project, mode="load", network=False, quiet=True, simulate=True)
    ids = {c["label"]: c["id"] for c in kit.web.controls()}
    assert {"Prendre un ticket", "Appeler le suivant", "Voyant d'appel"} <= set(ids)
    queue = kit.counter("attente")
    before = queue.status().last_ticket or 0
    kit.web.press(ids["Prendre un ticket"])
    kit.web.release(ids["Prendre un ticket"])
    kit.web.press(ids["Appeler le suivant"])
    kit.web.release(ids["Appeler le suivant"])
    status = queue.status()
    assert status.last_ticket == before + 1
    assert status.called == before + 1
    frame = kit.render(force=True)
    assert frame.image.size == (1920, 1080)
    kit.close()
    assert kit.web.controls() == []  # every device released


def test_05_keys_change_the_help_topic(tmp_path):
    project = tmp_path / "p"
    shutil.copytree(EXAMPLES / "05_makey_makey", project)
    kit = run_project(project, mode="load", network=False, quiet=True, simulate=True)
    first = kit.render(force=True).image.copy()
    assert kit.state.get("aide") == 0
    kit.web.press_key("right")
    assert kit.state.get("aide") == 1
    frame = kit.renderer.render()
    assert frame is not None, "a key press changes the screen"
    assert frame.image.tobytes() != first.tobytes()
    kit.close()


class FeedHandler(BaseHTTPRequestHandler):
    body = b""

    def do_GET(self):  # noqa: N802 - http.server's name
        self.send_response(200)
        self.send_header("Content-Type", "application/rss+xml; charset=utf-8")
        self.send_header("Content-Length", str(len(self.body)))
        self.end_headers()
        self.wfile.write(self.body)

    def log_message(self, *args):
        pass


@pytest.fixture
def feed_server():
    FeedHandler.body = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Espace numérique</title>
<item><title>Atelier « Se protéger des arnaques »</title><link>https://example.org/1</link>
<description>&lt;p&gt;Jeudi à 14h, &lt;b&gt;sans rendez-vous&lt;/b&gt;&lt;/p&gt;</description></item>
<item><title>&lt;script&gt;alert(1)&lt;/script&gt;Nouvelles permanences</title><link>https://example.org/2</link></item>
</channel></rss>""".encode()
    server = ThreadingHTTPServer(("127.0.0.1", 0), FeedHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/feed"
    server.shutdown()
    server.server_close()


def test_06_feed_without_code(tmp_path, feed_server):
    project = tmp_path / "p"
    shutil.copytree(EXAMPLES / "06_actualites", project)
    config = project / "fabrique.toml"
    config.write_text(config.read_text().replace("https://www.espacenumeriqueesc.fr/feed/", feed_server))
    kit = run_project(project, mode="preview", png=tmp_path / "a.png", network=False, quiet=True, simulate=True)
    titles = [item.title for item in kit.feed().latest(5)]  # kit.feed(): the [[flux]] source of fabrique.toml
    assert titles[0] == "Atelier « Se protéger des arnaques »"
    assert "Nouvelles permanences" in titles[1]  # markup in a title stays plain text
    image = Image.open(tmp_path / "a.png")
    assert image.size == (1920, 1080)


def test_06_feed_unreachable_still_draws(tmp_path):
    project = tmp_path / "p"
    shutil.copytree(EXAMPLES / "06_actualites", project)
    config = project / "fabrique.toml"
    config.write_text(config.read_text().replace("https://www.espacenumeriqueesc.fr/feed/", "http://127.0.0.1:9/feed"))
    kit = run_project(project, mode="preview", png=tmp_path / "a.png", network=False, quiet=True, simulate=True)
    assert kit.state.value("actus").error  # the failure is noted, the screen is drawn
    assert (tmp_path / "a.png").exists()


def test_examples_use_a_fixed_clock_safely(tmp_path):
    """Example 2 at a fixed time shows the Wednesday appointment slot."""
    from fabrique_kit import Kit
    from fabrique_kit.run_options import run_options

    project = tmp_path / "p"
    shutil.copytree(EXAMPLES / "02_planning_du_jour", project)
    with run_options(project_dir=project, simulate=True, quiet=True, network=False):
        kit = Kit(clock=FakeClock("2026-11-25 10:00"))
        planning = kit.semainier("semainier.json")
        sessions = planning.today()
    assert [s.service for s in sessions] == ["Informaticien public (ARCS)"]
    assert sessions[0].drop_in is False
    kit.close()
