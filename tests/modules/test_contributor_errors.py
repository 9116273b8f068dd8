"""A contributor's mistake is visible to its author: the traceback, in the log and in the
terminal (and always with FABRIQUE_DEBUG=1), while the hall screen goes on."""

from __future__ import annotations

import json
import logging
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from fabrique_kit.modules.testing import make_kit
from fabrique_kit.project.messages import told_once

MODULE = '''
from fabrique_kit import JsonSource, Widget


class Departs(JsonSource):
    def parse(self, result):
        data = super().parse(result)
        return data["prochain_bus"]          # the answer has no such key: KeyError


def make_source(kit, url, **options):
    return Departs(url, name="departs", cache_dir=kit.data_dir / "cache", clock=kit.clock, **options)


class Bloc(Widget):
    kind = "casse"

    def content(self, now):
        return 1

    def paint(self, canvas):
        canvas.write(str(1 / 0), role="text.body")   # ZeroDivisionError
'''


class Answer(BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802
        body = json.dumps({"arrets": []}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Answer)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_port}/departs.json"
    httpd.shutdown()


def _broken_module(fake_dist):
    fake_dist.add("fabrique-casse", "1.0", {
        "fabrique_kit.widgets": {"casse": "fabrique_casse:Bloc"},
        "fabrique_kit.sources": {"casse": "fabrique_casse:make_source"},
    }, {"fabrique_casse/__init__.py": MODULE})


@pytest.mark.parametrize("debug", [False, True])
def test_a_broken_source_and_widget_leave_their_traceback(fake_dist, tmp_path, server, caplog, capsys,
                                                          monkeypatch, debug):
    if debug:
        monkeypatch.setenv("FABRIQUE_DEBUG", "1")
    _broken_module(fake_dist)
    caplog.set_level(logging.WARNING, logger="fabrique_kit")
    with told_once(), make_kit(tmp_path) as kit:
        source = kit.source("casse", server)
        kit.refresh_all()
        assert "KeyError" in kit.state.value("departs").error  # the public error stays short

        @kit.screen
        def hall(screen):
            screen.header("Espace Social Commun Kléber")
            screen.widget("casse")

        frame = kit.render()
        assert source is not None
    # the screen went on: the header is drawn, the broken block is told among the frame's errors
    assert frame.display.texts("header.place") == ["Espace Social Commun Kléber"]
    failures = [r for r in caplog.records if r.exc_info]
    kinds = {r.exc_info[0].__name__ for r in failures}
    assert {"KeyError", "ZeroDivisionError"} <= kinds
    assert any("fabrique_casse" in logging.Formatter().formatException(r.exc_info) for r in failures)
    printed = capsys.readouterr().err
    # the author reads where: the traceback reaches the terminal (the journal on a Pi)
    assert "Traceback" in printed and 'data["prochain_bus"]' in printed and "1 / 0" in printed
