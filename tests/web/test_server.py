"""The waitress server: real port with port=0, clean stop, clear error on a busy port."""

from __future__ import annotations

import socket
import threading
import time

import pytest
import requests

from fabrique_kit.errors import FabriqueError
from fabrique_kit.web import WebServer, create_app


def test_port_zero_gives_a_real_port_served_by_waitress(server):
    assert server.port > 0
    answer = requests.get(f"http://127.0.0.1:{server.port}/", timeout=5)
    assert answer.status_code == 200
    assert answer.headers["Server"] == "fabrique-kit"  # waitress with our ident, not Werkzeug


def test_stop_closes_the_port_quickly_even_during_a_long_poll(app, kit):
    server = WebServer(app, port=0).start()
    port = server.port
    results = []

    def long_poll():
        try:
            results.append(requests.get(f"{server.url}/frame/wait?since={kit.frame_number}",
                                        timeout=10).status_code)
        except requests.RequestException as error:
            results.append(error)

    waiter = threading.Thread(target=long_poll)
    waiter.start()
    time.sleep(0.3)
    started = time.monotonic()
    server.stop()
    assert time.monotonic() - started < 1.5
    waiter.join(5)
    assert not waiter.is_alive()
    with pytest.raises(OSError), socket.create_connection(("127.0.0.1", port), timeout=1):
        pass


def test_busy_port_is_a_french_error_saying_what_to_do(app):
    blocker = socket.socket()
    blocker.bind(("127.0.0.1", 0))
    blocker.listen()
    port = blocker.getsockname()[1]
    try:
        with pytest.raises(FabriqueError) as caught:
            WebServer(app, port=port).start()
    finally:
        blocker.close()
    text = str(caught.value)
    assert f"Le port {port} est déjà utilisé" in text
    assert "choisissez un autre port" in text


def test_server_restarts_on_the_same_port(kit):
    first = WebServer(create_app(kit), port=0).start()
    port = first.port
    first.stop()
    second = WebServer(create_app(kit), port=port).start()
    try:
        assert requests.get(f"{second.url}/kiosk", timeout=5).status_code == 200
    finally:
        second.stop()
