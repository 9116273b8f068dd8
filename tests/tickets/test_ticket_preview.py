"""A kit with ``[imprimante]`` in simulation: each ticket taken is drawn as a PNG, that the
preview shows, through the real web server."""

from __future__ import annotations

import io
import json
import urllib.request

from PIL import Image

from fabrique_kit.project import new_project, run_project
from fabrique_kit.web import WebServer, create_app
from tests.waiting import wait_until


def get(port: int, path: str) -> tuple[int, bytes, str]:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=10) as answer:
        return answer.status, answer.read(), answer.headers.get("Content-Type", "")


def test_a_ticket_taken_is_drawn_and_the_preview_shows_it(tmp_path):
    project = new_project("compteur", tmp_path / "accueil")
    config = project / "fabrique.toml"
    config.write_text(config.read_text(encoding="utf-8") + '\n[imprimante]\ntype = "usb"\nadresse = "04b8:0202"\n',
                      encoding="utf-8")
    kit = run_project(project, mode="load", network=False, quiet=True, simulate=True)
    try:
        with WebServer(create_app(kit.web), host="127.0.0.1", port=0) as server:
            status, _body, _type = get(server.port, "/media.json")
            assert json.loads(_body)["ticket"] is None  # nothing printed yet
            number = kit.counter("attente").take_ticket()
            png = kit.data_dir / "tickets" / "ticket.png"
            wait_until(png.exists)
            status, body, kind = get(server.port, "/ticket.png")
            assert (status, kind) == (200, "image/png")
            picture = Image.open(io.BytesIO(body)).convert("L")
            assert picture.width == 384 and picture.height > 300  # a 58 mm ticket
            # the number's band is dark where the big digits are
            dark = sum(1 for v in picture.crop((0, 60, 384, 260)).get_flattened_data() if v < 128)
            assert dark > 3000
            media = json.loads(get(server.port, "/media.json")[1])
            assert media["ticket"]["last"] == number and media["ticket"]["problem"] is None
            page = get(server.port, "/")[1].decode("utf-8")
            assert 'id="ticket"' in page and "media.js" in page
            status, wav, kind = get(server.port, "/sons/bravo.wav")
            assert status == 200 and wav.startswith(b"RIFF")
    finally:
        kit.close()


def test_an_unplugged_printer_is_on_the_status_page_and_the_ticket_is_taken(tmp_path):
    from fabrique_kit.devices.printer import TicketPrinter, TicketWatcher

    project = new_project("compteur", tmp_path / "accueil")
    kit = run_project(project, mode="load", network=False, quiet=True, simulate=True)

    def unplugged():
        raise OSError("[Errno 19] No such device")

    watcher = kit.add_source(TicketWatcher(kit.state, "attente", TicketPrinter(kit.state, "usb", "04b8:0202",
                                                                               opener=unplugged)))
    try:
        with WebServer(create_app(kit.web), host="127.0.0.1", port=0) as server:
            queue = kit.counter("attente")
            number = queue.take_ticket()
            assert queue.status().last_ticket == number  # taken, printed or not
            assert watcher.printer.wait_idle()
            status = json.loads(get(server.port, "/status.json")[1])["status"]
            problem = next(v for v in status["values"] if v["name"] == "imprimante")["error"]
            assert "L'imprimante de tickets ne répond pas" in problem and str(number) in problem
    finally:
        kit.close()
