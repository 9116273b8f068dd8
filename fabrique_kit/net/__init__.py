"""Kits on a site: find each other (zeroconf), read each other, send actions.

Example::

    from fabrique_kit.net import Peers, PeerClient, Follower
    peers = Peers(exclude_id=kit.id).start()
    accueil = PeerClient(peers.wait_for("Accueil"), site_key)
    accueil.counter("attente").call_next(desk=1)
    Follower("Accueil", "attente", kit.state, peers).start()
"""

from fabrique_kit.net.browser import Browser, discover
from fabrique_kit.net.client import ActionGroup, PeerClient
from fabrique_kit.net.discovery import SERVICE_TYPE, Advertiser, open_zeroconf
from fabrique_kit.net.follow import Follower
from fabrique_kit.net.keys import HEADER, generate_site_key, keys_match
from fabrique_kit.net.kit_api import KitApi
from fabrique_kit.net.peer import Peer
from fabrique_kit.net.peers import PeerNotFound, Peers
from fabrique_kit.net.presence import Presence

__all__ = [
    "HEADER",
    "SERVICE_TYPE",
    "ActionGroup",
    "Advertiser",
    "Browser",
    "Follower",
    "KitApi",
    "Peer",
    "PeerClient",
    "PeerNotFound",
    "Peers",
    "Presence",
    "discover",
    "generate_site_key",
    "keys_match",
    "open_zeroconf",
]
