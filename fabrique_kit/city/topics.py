"""The city network's topic tree and names: one prefix, one branch per place, one
topic per kind of message, and the identifiers that may appear in a topic.

Every place writes only under ``fabrique/v1/lieux/<its id>/`` (the broker's ACL); every
account reads the whole tree. The coordinator alone writes ``fabrique/v1/coordination/``.

Example::

    offer_topic("maurepas")          # 'fabrique/v1/lieux/maurepas/offre'
    parse_topic("fabrique/v1/lieux/maurepas/kits/hall")   # ('kit', 'maurepas', 'hall')
    place_id("Espace Social Commun Maurepas")   # 'espace-social-commun-maurepas'
"""

from __future__ import annotations

import re
import unicodedata

PREFIX = "fabrique/v1"
ALL = f"{PREFIX}/#"
MESSAGES = f"{PREFIX}/coordination/messages"
COORDINATOR = "coordination"  # the coordinator's account on the broker
ID_PATTERN = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$")
KINDS = ("offre", "statut", "bilan")


def place_id(text: str) -> str:
    """A topic-safe identifier from a place's name: lower case ASCII letters, digits and ``-``.

    Example: ``place_id("Le Blosne — Espace Social")`` → ``'le-blosne-espace-social'``
    """
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:40].rstrip("-")


def is_id(text: str) -> bool:
    """True when ``text`` can name a place or a kit in a topic (no ``/``, ``+``, ``#``).

    Example: ``is_id("maurepas")`` → ``True``; ``is_id("a/b")`` → ``False``
    """
    return bool(ID_PATTERN.match(text or "")) and text != COORDINATOR


def place_root(place: str) -> str:
    return f"{PREFIX}/lieux/{place}"


def offer_topic(place: str) -> str:
    """The retained weekly offer of ``place``."""
    return f"{place_root(place)}/offre"


def status_topic(place: str) -> str:
    """The retained live status of ``place`` (open, waiting, estimated wait)."""
    return f"{place_root(place)}/statut"


def bilan_topic(place: str) -> str:
    """The retained anonymous figures of ``place``."""
    return f"{place_root(place)}/bilan"


def kit_topic(place: str, kit: str) -> str:
    """The retained health of one kit of ``place`` (also its last will: offline)."""
    return f"{place_root(place)}/kits/{kit}"


def parse_topic(topic: str) -> tuple[str, str | None, str | None] | None:
    """``(kind, place, kit)`` of a topic of the tree, or None for any other topic.

    ``kind`` is ``"offre"``, ``"statut"``, ``"bilan"``, ``"kit"`` or ``"messages"``.

    Example: ``parse_topic("fabrique/v1/lieux/villejean/statut")`` → ``('statut', 'villejean', None)``
    """
    if topic == MESSAGES:
        return "messages", None, None
    parts = topic.split("/")
    if len(parts) < 5 or "/".join(parts[:3]) != f"{PREFIX}/lieux" or not is_id(parts[3]):
        return None
    place = parts[3]
    if len(parts) == 5 and parts[4] in KINDS:
        return parts[4], place, None
    if len(parts) == 6 and parts[4] == "kits" and is_id(parts[5]):
        return "kit", place, parts[5]
    return None
