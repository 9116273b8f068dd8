"""PeerClient and Follower against real servers on loopback (no multicast needed)."""

import socket
import time

import pytest

from fabrique_kit.errors import FabriqueError
from fabrique_kit.i18n import use_language
from fabrique_kit.net import Follower, Peer, PeerClient
from fabrique_kit.state import State
from tests.net.standin_kit import StandinKit, serve
from tests.waiting import wait_until

KEY = "cle-de-test-0123456789"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_client_reads_and_acts(api_kit):
    client = PeerClient(api_kit.url, KEY)
    assert client.info()["id"] == api_kit.id
    assert client.counter("attente").take_ticket() == 1
    assert client.value("attente")["waiting"] == 1
    assert client.counter("attente").call_next(desk=3) == 1
    assert client.state()["values"]["attente"]["value"]["desk"] == 3
    assert client.actions("test").set(key="message", value="Fermé lundi") is True
    assert api_kit.state.get("message") == "Fermé lundi"


def test_client_errors_say_what_to_do(api_kit):
    with pytest.raises(FabriqueError, match="demande la clé de site") as missing:
        PeerClient(api_kit.url).counter("attente").take_ticket()
    assert "fabrique pair" in missing.value.problems[0].hint
    # a wrong key: the kit cannot prove ours, so nothing is sent to it
    with pytest.raises(FabriqueError, match="non vérifié"):
        PeerClient(api_kit.url, "mauvaise-cle-012345").counter("attente").take_ticket()
    with pytest.raises(FabriqueError, match="Personne n'attend") as refused:
        PeerClient(api_kit.url, KEY).counter("attente").call_next()
    assert refused.value.problems[0].field == "attente"
    with pytest.raises(FabriqueError, match="ne répond pas"):
        PeerClient(f"http://127.0.0.1:{free_port()}", KEY, timeout=1).value("attente")
    gone = Peer(id="k9", name="Médiation", addresses=["127.0.0.1"], port=api_kit.port, gone=True)
    with pytest.raises(FabriqueError, match="a quitté le réseau"):
        PeerClient(gone, KEY).value("attente")
    assert api_kit.counter["last_ticket"] == 0


def test_client_errors_in_english(api_kit):
    with use_language("en"), pytest.raises(FabriqueError, match="not verified"):
        PeerClient(api_kit.url, "mauvaise-cle-012345").counter("attente").take_ticket()


def test_follower_copies_the_value_and_its_changes(api_kit):
    local = State()
    with Follower("Accueil", "attente", local, api_kit.url) as follower:
        wait_until(lambda: local.get("attente") is not None)
        assert local.value("attente").owner == "Accueil"
        assert follower.connected.is_set()
        api_kit.take_ticket()
        started = time.monotonic()
        wait_until(lambda: local.get("attente")["last_ticket"] == 1, timeout=2, step=0.005)
        assert time.monotonic() - started < 0.5
        assert local.value("attente").error is None


def test_follower_marks_a_lost_owner_then_resynchronises():
    owner = StandinKit(site_key=KEY)
    port = free_port()
    server = serve(owner, port=port)
    local = State()
    follower = Follower("Accueil", "attente", local, f"http://127.0.0.1:{port}").start()
    try:
        wait_until(lambda: local.get("attente") is not None)
        owner.take_ticket()
        wait_until(lambda: local.get("attente")["last_ticket"] == 1)
        server.close()  # the owner stops: the follower must say so
        item = wait_until(
            lambda: local.value("attente").error and local.value("attente"), timeout=5
        )
        assert "« Accueil » injoignable depuis" in item.error
        assert item.value["last_ticket"] == 1  # the last good value stays
        restarted = StandinKit(site_key=KEY)  # a new life: the counter starts again
        restarted.take_ticket()
        restarted.take_ticket()
        server = serve(restarted, port=port)
        item = wait_until(
            lambda: local.value("attente").error is None and local.value("attente"), timeout=8
        )
        assert item.value["last_ticket"] == 2
    finally:
        follower.stop()
        server.close()


def test_follower_says_when_the_owner_has_no_such_value(api_kit):
    local = State()
    with Follower("Accueil", "nulle-part", local, api_kit.url):
        item = wait_until(lambda: local.value("nulle-part"))
        assert "n'a pas de valeur « nulle-part »" in item.error


def test_follower_stop_interrupts_a_long_poll(api_kit):
    local = State()
    follower = Follower("Accueil", "attente", local, api_kit.url, wait=25).start()
    wait_until(lambda: local.get("attente") is not None)
    time.sleep(0.2)  # now inside a 25 s long-poll
    started = time.monotonic()
    follower.stop()
    assert time.monotonic() - started < 1.0
    assert follower._thread is None


def test_follower_copies_the_owner_error(api_kit):
    local = State()
    api_kit.state.fail("attente", "base illisible")
    with Follower("Accueil", "attente", local, api_kit.url):
        item = wait_until(
            lambda: (
                local.value("attente") and local.value("attente").error and local.value("attente")
            )
        )
        assert item.error == "« Accueil » : base illisible"


def test_follower_gives_discovery_time_then_says_the_owner_is_not_found():
    from fabrique_kit.net import Peers

    nobody = Peers()  # not started: it never finds anyone
    local = State()
    with Follower("Accueil", "attente", local, nobody, grace=1.0):
        time.sleep(0.7)
        assert local.value("attente") is None  # discovery may still find it
        item = wait_until(lambda: local.value("attente"), timeout=4)
        assert item.error.startswith("« Accueil » introuvable sur le réseau depuis")
