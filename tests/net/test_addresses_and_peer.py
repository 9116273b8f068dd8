"""Which addresses a kit announces, and the Peer helpers."""

from types import SimpleNamespace

import ifaddr

from fabrique_kit.net import addresses
from fabrique_kit.net.discovery import instance_label, txt_properties
from fabrique_kit.net.peer import Peer


def adapter(name, *ips):
    return SimpleNamespace(
        nice_name=name, ips=[SimpleNamespace(ip=ip, is_IPv4=isinstance(ip, str)) for ip in ips]
    )


def test_only_real_interfaces_are_announced_multicast_one_first(monkeypatch):
    fake = [
        adapter("lo", "127.0.0.1", ("::1", 0, 0)),
        adapter("docker0", "172.17.0.1"),
        adapter("eth0", "192.168.1.20", ("fe80::1", 0, 2)),
        adapter("wlan0", "10.0.0.5"),
        adapter("eth1", "169.254.3.4"),
    ]
    monkeypatch.setattr(ifaddr, "get_adapters", lambda: fake)
    monkeypatch.setattr(addresses, "_multicast_source_address", lambda: "192.168.1.20")
    assert addresses.local_ipv4_addresses() == ["192.168.1.20", "10.0.0.5"]


def test_link_local_then_loopback_when_nothing_else(monkeypatch):
    monkeypatch.setattr(addresses, "_multicast_source_address", lambda: None)
    monkeypatch.setattr(
        ifaddr, "get_adapters", lambda: [adapter("lo", "127.0.0.1"), adapter("eth0", "169.254.3.4")]
    )
    assert addresses.local_ipv4_addresses() == ["169.254.3.4"]
    monkeypatch.setattr(ifaddr, "get_adapters", lambda: [adapter("lo", "127.0.0.1")])
    assert addresses.local_ipv4_addresses() == []  # never 127.0.0.1 (issue 18)


def test_instance_label_and_txt_properties():
    assert instance_label("Accueil.Maurepas\n") == "Accueil Maurepas"
    assert len(instance_label("é" * 100).encode()) <= 63
    assert instance_label("") == "fabrique"
    props = txt_properties(
        {"id": "k1", "name": "Accueil", "port": 8080, "cle": "SECRET", "place": None}
    )
    assert props == {
        "id": "k1",
        "name": "Accueil",
        "place": "",
        "template": "",
        "version": "",
        "port": "8080",
    }
    assert len(txt_properties({"id": "x", "name": "n" * 1000})["name"]) <= 250


def test_peer_helpers():
    peer = Peer(
        id="k2",
        name="Médiation",
        addresses=["192.168.1.21", "fd00::2"],
        port=8080,
        last_seen=1000.0,
    )
    assert peer.base_url == "http://192.168.1.21:8080"
    assert peer.urls()[1] == "http://[fd00::2]:8080"
    assert peer.matches("k2") and peer.matches("MÉDIATION") and not peer.matches("Accueil")
    assert peer.seen_ago(now=1012.5) == 12.5
    data = peer.as_dict()
    assert data["last_seen"].startswith("1970-01-01T00:16:40") and data["base_url"] == peer.base_url
    assert Peer(id="k3", name="Vide").base_url == ""


def test_an_unknown_kit_is_a_clear_error_and_a_key_error():
    import pytest

    from fabrique_kit.errors import FabriqueError
    from fabrique_kit.net import PeerNotFound, Peers

    peers = Peers()  # not started: nobody is known yet
    assert peers.get("accueil") is None and "accueil" not in peers and len(peers) == 0
    with pytest.raises(KeyError):
        peers["accueil"]
    with pytest.raises(FabriqueError, match="Aucun kit « accueil » sur le réseau") as error:
        peers.wait_for("accueil", timeout=0.2)
    assert isinstance(error.value, PeerNotFound)
    assert "même réseau" in error.value.problems[0].hint
    peers.browser._peers["x"] = Peer(
        id="k1", name="Accueil Villejean", addresses=["10.0.0.1"], port=1
    )
    with pytest.raises(PeerNotFound) as near:
        peers["Acceuil Villejean"]
    assert "Accueil Villejean" in near.value.problems[0].hint  # did you mean
    assert peers.get("accueil villejean").id == "k1"
    peers.stop()  # stopping a list that never started is fine
