"""The OpenAPI document matches the blueprint; Presence wires discovery in order."""

import re
import secrets
import threading
import time
from pathlib import Path

import pytest
from flask import Flask

from fabrique_kit.net import Advertiser, Peers, Presence, discover
from fabrique_kit.net.addresses import local_ipv4_addresses
from fabrique_kit.web.api import api_blueprint
from tests.net.standin_kit import StandinKit
from tests.waiting import wait_until

OPENAPI = Path(__file__).resolve().parents[2] / "docs" / "api.openapi.yaml"


def documented_operations() -> set[tuple[str, str]]:
    operations, path = set(), None
    for line in OPENAPI.read_text(encoding="utf-8").splitlines():
        if match := re.match(r"^  (/api/\S*):$", line):
            path = match.group(1)
        elif path and (match := re.match(r"^    (get|post|put|delete|patch):$", line)):
            operations.add((match.group(1).upper(), path))
        elif re.match(r"^\S", line):
            path = None
    return operations


def test_openapi_documents_every_route_of_the_blueprint():
    app = Flask("t")
    app.register_blueprint(api_blueprint(StandinKit()))
    served = set()
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/api/"):
            path = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule)
            served |= {(m, path) for m in rule.methods - {"HEAD", "OPTIONS"}}
    assert served and documented_operations() == served


@pytest.mark.multicast
def test_a_kit_started_where_an_asyncio_loop_runs_still_announces_itself(multicast):
    """In Jupyter (or beside a Playwright session) a loop runs in the kit's thread: zeroconf
    once borrowed it, and the kit's announcement was never sent."""
    import asyncio

    name = f"Carnet {secrets.token_hex(3)}"

    async def in_a_notebook():
        with Presence({"id": f"kit-{name[-6:]}", "name": name, "version": "1"}, 8092):
            return {p.name for p in discover(timeout=3)}

    found: list[set] = []  # a thread of its own (started inside the test's network) runs the loop
    notebook = threading.Thread(target=lambda: found.append(asyncio.run(in_a_notebook())))
    notebook.start()
    notebook.join(30)
    assert found and name in found[0]


@pytest.mark.multicast
def test_presence_advertises_browses_and_says_goodbye(multicast):
    name = f"Présence {secrets.token_hex(3)}"
    presence = Presence({"id": f"kit-{name[-6:]}", "name": name, "version": "1"}, 8090)
    assert presence.peers.get(name) is None  # usable before start
    with presence:
        assert presence.advertiser.service_name.startswith(name)
        found = {p.name: p for p in discover(timeout=3)}
        assert found[name].port == 8090
        assert name not in presence.peers  # it does not list itself
    assert presence.advertiser is None and presence._zeroconf is None
    watcher = Presence({"id": "kit-watcher", "name": f"Veilleur {name[-6:]}"}, 8091)
    with watcher:
        again = Presence({"id": f"kit-{name[-6:]}", "name": name}, 8090).start()
        wait_until(lambda: name in watcher.peers, timeout=5)
        again.stop()
        wait_until(lambda: watcher.peers.get(name).gone, timeout=3)


@pytest.mark.multicast
def test_presence_in_background_and_a_new_address(multicast):
    name = f"Nomade {secrets.token_hex(3)}"
    watcher = Peers().start()
    presence = Presence({"id": f"kit-{name[-6:]}", "name": name}, 8092)
    try:
        presence.start(background=True)  # returns at once; advertised soon after
        assert presence.ready.wait(5)
        assert wait_until(lambda: watcher.get(name), timeout=5).addresses == local_ipv4_addresses()
        # as if DHCP had given the kit another address: the others must learn it
        presence.advertiser.addresses = ["198.18.0.77"]
        assert presence.check_addresses() is True
        assert presence.check_addresses() is False  # nothing new the second time
        moved = Advertiser(
            {"id": f"kit-m-{name[-6:]}", "name": f"{name} bis"}, 8093, addresses=["198.18.0.77"]
        )
        with moved:
            wait_until(lambda: watcher.get(f"{name} bis"), timeout=5)
            assert watcher.get(f"{name} bis").addresses == ["198.18.0.77"]
            moved.update_addresses(local_ipv4_addresses())
            # the new address arrives at once; the old one is flushed a second later,
            # unless it was refreshed within that second (RFC 6762 §10.2): then it
            # lingers until its record expires, and clients simply try both
            wait_until(
                lambda: set(local_ipv4_addresses()) <= set(watcher.get(f"{name} bis").addresses),
                timeout=8,
            )
    finally:
        presence.stop()
        watcher.stop()
    assert not presence.ready.is_set()


@pytest.mark.multicast
def test_presence_stop_interrupts_a_registration_quickly(multicast):
    presence = Presence({"id": f"kit-{secrets.token_hex(3)}", "name": "Pressé"}, 8094)
    presence.start(background=True)
    time.sleep(0.3)  # zeroconf is probing the name now
    started = time.monotonic()
    presence.stop()
    assert time.monotonic() - started < 0.8  # the registration is cancelled, not awaited
    assert not presence.ready.is_set() and presence.advertiser is None
