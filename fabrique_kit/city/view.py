"""What a kit knows of the city: the last checked message of each place and kit, when it
arrived, and the questions the screens and the fleet view ask of it.

Messages are kept by topic (retained ones arrive again after a reconnection and replace
them). A payload that fails its check is dropped and counted; the place keeps its last
good one. Values are kept in memory only, bounded by the number of places.

Example::

    view = CityView()
    view.receive("fabrique/v1/lieux/villejean/statut", raw, now)    # True: it changed
    view.fleet(now)["lieux"]["villejean"]["statut"]["attente_min"]   # 10
"""

from __future__ import annotations

import threading
from datetime import datetime

from fabrique_kit.city.payloads import PayloadError, decode
from fabrique_kit.city.topics import parse_topic

MAX_PLACES = 2000
MAX_KITS_PER_PLACE = 20


class CityView:
    """The received state of the city network (thread-safe)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._places: dict[str, dict] = {}
        self.messages: list[dict] = []
        self.messages_at: datetime | None = None
        self.rejected = 0  # payloads dropped because they failed their check
        self.rejected_from: dict[str, int] = {}

    def receive(self, topic: str, raw: bytes, now: datetime) -> bool:
        """Check and keep one message; True when what is known changed."""
        parsed = parse_topic(topic)
        if parsed is None:
            return False
        kind, place, kit = parsed
        if not raw:  # an empty retained message deletes the topic
            return self._forget(kind, place, kit)
        try:
            data = decode(kind, raw)
        except PayloadError:
            with self._lock:
                self.rejected += 1
                key = place or "coordination"
                self.rejected_from[key] = self.rejected_from.get(key, 0) + 1
            return False
        with self._lock:
            if kind == "messages":
                changed = data["messages"] != self.messages
                self.messages, self.messages_at = data["messages"], now
                return changed
            assert place is not None
            if place not in self._places and len(self._places) >= MAX_PLACES:
                return False
            entry = self._places.setdefault(place, {"kits": {}, "recu": {}})
            if kind == "kit":
                assert kit is not None
                if kit not in entry["kits"] and len(entry["kits"]) >= MAX_KITS_PER_PLACE:
                    return False
                changed = entry["kits"].get(kit, {}).get("data") != data
                entry["kits"][kit] = {"data": data, "recu": now}
            else:
                changed = entry.get(kind) != data
                entry[kind] = data
                entry["recu"][kind] = now
            return changed

    def _forget(self, kind: str, place: str | None, kit: str | None) -> bool:
        with self._lock:
            if kind == "messages":
                changed, self.messages = bool(self.messages), []
                return changed
            entry = self._places.get(place or "")
            if entry is None:
                return False
            if kind == "kit":
                return entry["kits"].pop(kit, None) is not None
            entry["recu"].pop(kind, None)
            return entry.pop(kind, None) is not None

    def status(self, place: str) -> dict | None:
        """The last checked live status of ``place``, or None."""
        with self._lock:
            return (self._places.get(place) or {}).get("statut")

    def places(self) -> list[str]:
        with self._lock:
            return sorted(self._places)

    def fleet(self, now: datetime) -> dict:
        """Every place and kit, as JSON-ready data for the state (``ville``) and the fleet page.

        Each place: ``nom``, ``offre``, ``statut``, ``bilan`` (or None), ``recu`` (ISO
        times of arrival) and ``kits`` (health, ``recu``).
        """
        with self._lock:
            places = {}
            for place, entry in sorted(self._places.items()):
                kits = {
                    name: {**item["data"], "recu": item["recu"].isoformat()}
                    for name, item in sorted(entry["kits"].items())
                }
                name = (entry.get("statut") or entry.get("offre") or {}).get("nom") or place
                places[place] = {
                    "nom": name, "offre": entry.get("offre"), "statut": entry.get("statut"),
                    "bilan": entry.get("bilan"), "kits": kits,
                    "recu": {k: v.isoformat() for k, v in entry["recu"].items()},
                }
            return {"lieux": places, "messages": list(self.messages), "refuses": self.rejected}


class Coalesced:
    """Run ``function`` once, ``delay`` seconds after the first of a burst of ``poke()`` calls.

    After a (re)connection the broker sends every retained message at once (five per
    place); the panel and the fleet are worked out once for the burst, not per message.

    Example: ``update = Coalesced(0.1, refresh_panel); update.poke(); update.poke()``
    """

    def __init__(self, delay: float, function):
        self.delay, self.function = delay, function
        self._lock = threading.Lock()
        self._timer: threading.Timer | None = None

    def poke(self) -> None:
        with self._lock:
            if self._timer is not None:
                return
            self._timer = threading.Timer(self.delay, self._run)
            self._timer.daemon = True
            self._timer.start()

    def _run(self) -> None:
        with self._lock:
            self._timer = None
        self.function()

    def cancel(self) -> None:
        with self._lock:
            if self._timer is not None:
                self._timer.cancel()
                self._timer = None
