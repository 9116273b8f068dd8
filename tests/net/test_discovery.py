"""Kits as separate processes find each other, follow values and send actions.

Real multicast, in the tests' own network namespace (see tests/netns.py); no mocked
zeroconf.
"""

import secrets
import time

import pytest
from zeroconf import ServiceBrowser

from fabrique_kit.errors import FabriqueError
from fabrique_kit.net import SERVICE_TYPE, Advertiser, Follower, PeerClient, Peers, open_zeroconf
from fabrique_kit.net.addresses import local_ipv4_addresses
from fabrique_kit.net.discovery import PUBLIC_FIELDS
from fabrique_kit.state import State
from tests.waiting import wait_until

pytestmark = [pytest.mark.multicast, pytest.mark.slow]
KEY = "cle-du-lieu-maurepas-0123456789"
RUN = secrets.token_hex(3)  # other test runs may share this network: names are unique
ACCUEIL, MEDIATION, TESTS = f"Accueil {RUN}", f"Médiation {RUN}", f"Tests {RUN}"
ATELIER, BUREAU = f"Atelier {RUN}", f"Bureau {RUN}"


@pytest.fixture(scope="module")
def here(multicast_module):
    """This test process as a kit « Tests »: advertised, and browsing the others."""
    zeroconf = open_zeroconf()
    info = {
        "id": f"kit-tests-{RUN}",
        "name": TESTS,
        "place": "Labo",
        "template": "test",
        "version": "0",
    }
    advertiser = Advertiser(info, 9, zeroconf=zeroconf)
    peers = Peers(zeroconf=zeroconf, exclude_id=f"kit-tests-{RUN}").start()
    advertiser.start()
    yield peers
    peers.stop()
    advertiser.stop()
    zeroconf.close()


def test_kits_discover_each_other_both_ways(here, kit_processes):
    accueil = kit_processes(ACCUEIL, key=KEY)
    mediation = kit_processes(MEDIATION, key=KEY)
    accueil.wait_ready(), mediation.wait_ready()

    found = here.wait_for(ACCUEIL, timeout=5)
    assert (found.id, found.place, found.template, found.port) == (
        accueil.id,
        "ESC Maurepas",
        "ticket",
        accueil.port,
    )
    assert found.addresses and set(found.addresses) <= set(local_ipv4_addresses())
    assert not found.gone
    assert here.wait_for(MEDIATION.lower(), timeout=5).id == mediation.id  # case does not matter
    assert f"kit-tests-{RUN}" not in {p.id for p in here}  # a kit never lists itself

    # and from their side: each process lists the others, including this one
    def seen_by(kit):
        return set(PeerClient(kit.url).value("peers") or [])

    wait_until(lambda: seen_by(accueil) >= {MEDIATION, TESTS}, timeout=5, step=0.2)
    wait_until(lambda: seen_by(mediation) >= {ACCUEIL, TESTS}, timeout=5, step=0.2)


def test_actions_need_the_site_key_between_kits(here, kit_processes):
    accueil = kit_processes(ACCUEIL, key=KEY).wait_ready()
    peer = here.wait_for(ACCUEIL, timeout=5)
    with pytest.raises(FabriqueError, match="demande la clé de site"):
        PeerClient(peer).counter("attente").take_ticket()
    with pytest.raises(FabriqueError, match="non vérifié"):  # it cannot prove our (wrong) key
        PeerClient(peer, "pas-la-bonne-cle-0123456789").counter("attente").take_ticket()
    assert PeerClient(peer, KEY).value("attente")["last_ticket"] == 0
    client = here.client(ACCUEIL, KEY)
    assert client.counter("attente").take_ticket() == 1
    assert client.counter("attente").call_next(desk=2) == 1
    assert PeerClient(accueil.url).value("attente")["desk"] == 2


def test_follower_survives_a_power_cut_of_the_owner(here, kit_processes):
    accueil = kit_processes(ACCUEIL, key=KEY, kit_id=f"kit-accueil-{RUN}").wait_ready()
    here.wait_for(ACCUEIL, timeout=5)
    local = State()
    follower = Follower(ACCUEIL, "attente", local, here).start()
    try:
        wait_until(lambda: local.get("attente") is not None, timeout=5)
        here.client(ACCUEIL, KEY).counter("attente").take_ticket()
        wait_until(lambda: local.get("attente")["last_ticket"] == 1, timeout=1)

        accueil.kill()  # power cut: no goodbye
        item = wait_until(
            lambda: local.value("attente").error and local.value("attente"), timeout=5
        )
        assert f"« {ACCUEIL} » injoignable depuis" in item.error
        assert item.value["last_ticket"] == 1  # the screen keeps the last good value

        back = kit_processes(ACCUEIL, key=KEY, kit_id=f"kit-accueil-{RUN}").wait_ready()
        assert back.port != accueil.port  # it came back elsewhere: discovery tells
        PeerClient(back.url, KEY).counter("attente").take_ticket()
        PeerClient(back.url, KEY).counter("attente").take_ticket()
        resynced = wait_until(
            lambda: (
                local.value("attente").error is None and local.get("attente")["last_ticket"] == 2
            ),
            timeout=8,
            step=0.05,
        )
        assert resynced
        assert local.value("attente").owner == ACCUEIL
    finally:
        follower.stop()


def test_a_kit_that_leaves_or_loses_power_is_marked_gone(here, kit_processes):
    ttl = 6  # short records, so the test sees them expire; long enough to be refreshed under load
    atelier = kit_processes(ATELIER, ttl=ttl)
    bureau = kit_processes(BUREAU)
    atelier.wait_ready(), bureau.wait_ready()
    here.wait_for(ATELIER, timeout=5), here.wait_for(BUREAU, timeout=5)
    time.sleep(ttl + 1)  # longer than Atelier's records live: they must have been refreshed
    assert not here.get(ATELIER).gone

    bureau.stop()  # clean stop: goodbye
    wait_until(lambda: here.get(BUREAU).gone, timeout=3)
    atelier.kill()  # no goodbye: gone once its records expire unrefreshed (within about ttl)
    wait_until(lambda: here.get(ATELIER).gone, timeout=ttl + 4, step=0.1)
    assert ATELIER not in here and here.get(ATELIER, include_gone=False) is None


def test_advertised_records_hold_only_public_fields(multicast):
    info = {
        "id": f"kit-pub-{RUN}",
        "name": f"Accueil.Maurepas {RUN}",
        "site_key": "SECRET",
        "cle": "SECRET",
        "version": "1",
    }
    with Advertiser(info, 8080) as advertiser:
        assert advertiser.service_name == f"Accueil Maurepas {RUN}._fabrique._tcp.local."
        zeroconf = open_zeroconf()
        try:
            service = zeroconf.get_service_info(SERVICE_TYPE, advertiser.service_name, timeout=3000)
        finally:
            zeroconf.close()
    props = service.decoded_properties
    assert set(props) == set(PUBLIC_FIELDS)
    assert "SECRET" not in str(props)
    assert props["port"] == "8080" and service.port == 8080
    assert service.parsed_addresses() == local_ipv4_addresses()


def test_same_name_is_renamed_not_refused(multicast):
    # A kit that browses (shares its zeroconf with its Advertiser, as the kit does)
    # knows the names in use and renames itself at once. A fresh one relies on the
    # other kit's answer to its probe, which zeroconf sends by unicast to port 5353
    # when the records were multicast recently: on ONE machine that answer may reach
    # another socket sharing the port (SO_REUSEPORT), so this test shares zeroconf.
    first = Advertiser({"id": f"kit-a-{RUN}", "name": ACCUEIL}, 8081)
    seen = []
    zeroconf = open_zeroconf()
    browser = ServiceBrowser(
        zeroconf, SERVICE_TYPE, handlers=[lambda **kw: seen.append(kw["name"])]
    )
    second = Advertiser({"id": f"kit-b-{RUN}", "name": ACCUEIL}, 8082, zeroconf=zeroconf)
    try:
        first.start()
        wait_until(lambda: first.service_name in seen, timeout=5)
        second.start()
        assert first.service_name == f"{ACCUEIL}._fabrique._tcp.local."
        assert second.service_name == f"{ACCUEIL}-2._fabrique._tcp.local."
        wait_until(lambda: second.service_name in seen, timeout=5)
    finally:
        browser.cancel()  # clean order: browsers, then unregister, then close
        second.stop(), first.stop()
        zeroconf.close()


def test_no_network_for_multicast_is_told_as_such(multicast):
    """In a namespace whose multicast route is gone, the kit says there is no network
    (not the avahi hint, which is for a port held by another mDNS stack)."""
    multicast.ip("route", "del", "224.0.0.0/4", "dev", "lo")
    multicast.ip("address", "del", "198.18.0.1/32", "dev", "lo")
    with pytest.raises(FabriqueError) as caught:
        zc = open_zeroconf()
        zc.close()  # pragma: no cover - only reached if the kernel still had a route
    message = str(caught.value)
    assert "5353" in message and "aucun réseau" in message
    assert "disallow-other-stacks" not in message
