"""The preview page in headless Chromium shows the paper ticket drawn in simulation."""

from __future__ import annotations

import pytest

from fabrique_kit.project import new_project, run_project
from fabrique_kit.web import WebServer, create_app
from tests.waiting import wait_until

pytestmark = pytest.mark.browser


def test_the_preview_shows_the_ticket_just_taken(page, tmp_path):
    project = new_project("compteur", tmp_path / "accueil")
    config = project / "fabrique.toml"
    config.write_text(config.read_text(encoding="utf-8") + '\n[imprimante]\ntype = "usb"\nadresse = "04b8:0202"\n',
                      encoding="utf-8")
    kit = run_project(project, mode="load", network=False, quiet=True, simulate=True)
    kit.start()
    try:
        with WebServer(create_app(kit.web), host="127.0.0.1", port=0) as server:
            with page.expect_response(lambda answer: "/media.json" in answer.url):
                page.goto(f"http://127.0.0.1:{server.port}/")
            assert page.locator("#ticket").is_hidden()  # no ticket yet
            number = kit.counter("attente").take_ticket()
            wait_until(lambda: (kit.data_dir / "tickets" / "ticket.png").exists())
            page.locator("#ticket img").wait_for(state="visible", timeout=15_000)
            picture = page.locator("#ticket img")
            assert picture.get_attribute("src") == "/ticket.png?n=1"
            wait_until(lambda: page.evaluate("() => document.querySelector('#ticket img').naturalWidth") == 384)
            assert kit.state.get("imprimante")["last"] == number
    finally:
        kit.close()
