"""Which kits on the network prove the site key, and which names are taken twice.

``fabrique discover`` shows it: a kit that cannot prove the key (a wrong key, no key, a
device that only took a kit's name) is « non vérifié »; two kits with one name, or a
name that differs from the advertised instance (``accueil-2`` saying ``accueil``), are
flagged.

Example::

    checks = verify_peers(discover(timeout=3), site_key)
    checks[0]     # {"verified": True, "verified_id": "3f9c2a71b0d4", "duplicate_name": False}
"""

from __future__ import annotations

from collections import Counter
from concurrent.futures import ThreadPoolExecutor

from fabrique_kit.net.discovery import SERVICE_TYPE
from fabrique_kit.net.kit_api import KitApi, NotVerified, Unreachable
from fabrique_kit.net.peer import Peer


def _prove(peer: Peer, key: str | None) -> str | None:
    if not key or not peer.addresses:
        return None
    api = KitApi(key, timeout=3.0)
    for url in peer.urls():
        try:
            return api.prove(url, expect_id=peer.id).id
        except (NotVerified, Unreachable):
            continue
    return None


def instance_of(peer: Peer) -> str:
    """The instance label a kit is advertised under (``accueil-2``), or its name.

    Example: ``instance_of(Peer(id="k", name="a", service="a-2._fabrique._tcp.local."))`` → ``'a-2'``
    """
    suffix = "." + SERVICE_TYPE
    return peer.service[: -len(suffix)] if peer.service.endswith(suffix) else peer.name


def verify_peers(peers: list[Peer], key: str | None) -> list[dict]:
    """For each peer: ``verified`` (it proved ``key`` for its advertised id),
    ``duplicate_name`` (another kit has its name, or its name is not its instance's).

    Example: ``verify_peers(peers, None)[0]["verified"]`` → ``False``
    """
    names = Counter(p.name.casefold() for p in peers)
    with ThreadPoolExecutor(max_workers=max(1, min(8, len(peers)))) as pool:
        proven = list(pool.map(lambda p: _prove(p, key), peers))
    return [
        {
            "verified": proof == peer.id,
            "duplicate_name": names[peer.name.casefold()] > 1 or instance_of(peer) != peer.name,
            "instance": instance_of(peer),
        }
        for peer, proof in zip(peers, proven, strict=True)
    ]
