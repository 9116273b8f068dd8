"""The ``transports`` source: next departures at one stop, from the STAR open data.

The STAR network publishes its real-time departures as JSON (datasets
``tco-bus-circulation-passages-tr`` and ``tco-metro-circulation-passages-tr``); each
record has ``nomcourtligne`` (C4, a, ...), ``destination``, ``nomarret``, ``depart``
(an ISO date-time) and ``precision`` (« Temps réel » or « Applicable »).

It builds on fabrique-kit's ``JsonSource``: the last good departures are cached on disk
and stay on screen without network, and failed refreshes are retried with growing delays.

Example::

    source = TransportsSource("République", url="http://127.0.0.1:8000/passages.json")
    source.refresh(state)
    source.next(3)    # [{"ligne": "C4", "destination": "...", "depart": "...", ...}, ...]
"""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from urllib.parse import urlencode

from fabrique_kit.clock import SYSTEM_CLOCK
from fabrique_kit.sources.http.fetch import FetchError
from fabrique_kit.sources.http.json_source import JsonSource

STAR = "https://data.explore.star.fr/api/explore/v2.1/catalog/datasets/{dataset}/records"
DATASETS = {"bus": "tco-bus-circulation-passages-tr", "metro": "tco-metro-circulation-passages-tr"}


def star_url(stop: str, network: str = "bus", limit: int = 20) -> str:
    """The address of the next departures at ``stop`` (``network``: "bus" or "metro")."""
    query = urlencode({"where": f'nomarret="{stop}"', "order_by": "depart", "limit": limit,
                       "timezone": "Europe/Paris"})
    return STAR.format(dataset=DATASETS[network]) + "?" + query


def departure(record: dict) -> dict | None:
    """One STAR record as a small departure, or None when it has no usable time."""
    try:
        when = datetime.fromisoformat(str(record["depart"]))
    except (KeyError, ValueError):
        return None
    if when.tzinfo is None:
        return None
    return {
        "ligne": str(record.get("nomcourtligne") or record.get("idligne") or "?"),
        "destination": str(record.get("destination") or ""),
        "depart": when.isoformat(),
        "temps_reel": record.get("precision") == "Temps réel",
    }


class TransportsSource(JsonSource):
    """The departures of ``arret`` (a stop's name), refreshed every ``every`` seconds."""

    kind = "transports"

    def __init__(self, arret: str, url: str | None = None, reseau: str = "bus", name: str = "transports",
                 every: float = 60.0, cache_dir: Path | str | None = None, clock=SYSTEM_CLOCK):
        if reseau not in DATASETS:
            raise ValueError(f"réseau « {reseau} » inconnu : bus ou metro")
        self.arret = arret
        super().__init__(url or star_url(arret, reseau), path="results", name=name, every=every,
                         cache_dir=cache_dir, clock=clock)

    def parse(self, result) -> list[dict]:
        records = super().parse(result)  # the "results" list of the answer
        if not isinstance(records, list):
            raise FetchError("« results » n'est pas une liste de passages")
        found = [d for d in (departure(r) for r in records if isinstance(r, dict)) if d]
        return sorted(found, key=lambda d: d["depart"])

    def next(self, count: int = 4, now: datetime | None = None) -> list[dict]:
        """The ``count`` next departures (those of the last 30 seconds are still shown)."""
        departures = self.value(default=[]) or []
        now = now or self.clock.now()
        since = now - timedelta(seconds=30)
        return [d for d in departures if datetime.fromisoformat(d["depart"]) >= since][:count]


def make_source(kit, arret: str, url: str | None = None, reseau: str = "bus", name: str = "transports",
                every: float = 60.0) -> TransportsSource:
    """What ``kit.source("transports", arret=...)`` calls."""
    return TransportsSource(arret, url=url, reseau=reseau, name=name, every=every,
                            cache_dir=Path(kit.data_dir) / "cache", clock=kit.clock)
