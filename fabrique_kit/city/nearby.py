"""« Ailleurs aujourd'hui »: the other places open now or later today, from what the city
network said, ready for the hall screen's widget (plain values, no network object).

Example::

    panel = elsewhere(fleet, "maurepas", now, own_status)
    panel["lieux"][0]["nom"], panel["en_avant"]      # ('Espace Social Commun Villejean', True)
"""

from __future__ import annotations

from datetime import datetime
from urllib.parse import quote

from fabrique_kit.sources.semainier.queries import paris_time

STALE_S = 15 * 60  # older than this, a place is shown with the age of what is known
DROP_S = 60 * 60  # older than this, it is not shown at all
MAX_SHOWN = 4


def map_link(name: str, address: str | None) -> str:
    """A map address for a phone (OpenStreetMap search of the place's address).

    Example: ``map_link("ESC Villejean", "Dalle Kennedy, 35000 Rennes")``
    """
    return "https://www.openstreetmap.org/search?query=" + quote(address or name)


def _entry(place: str, info: dict, now: datetime) -> dict | None:
    status = info.get("statut")
    received = (info.get("recu") or {}).get("statut")
    if not status or not received:
        return None
    age = (now - datetime.fromisoformat(received)).total_seconds()
    if age > DROP_S:
        return None
    hhmm = now.strftime("%H:%M")
    ranges = status.get("aujourdhui") or []
    # today's hours say whether it is open now (the status was worked out when it was sent)
    current = next((r for r in ranges if r[0] <= hhmm < r[1]), None)
    open_now = current is not None and not status.get("ferme_pourquoi") if ranges else status.get("ouvert")
    if open_now:
        state, start, end = "ouvert", None, current[1] if current else None
    else:
        later = next((r for r in ranges if r[0] > hhmm), None)
        if later is None or status.get("ferme_pourquoi"):
            return None
        state, start, end = "plus_tard", later[0], later[1]
    offer = info.get("offre") or {}
    return {
        "lieu": place,
        "nom": status.get("nom") or info.get("nom") or place,
        "etat": state,
        "ouvre_a": start,
        "ferme_a": end,
        "horaires": [list(r) for r in ranges],
        "attente": status.get("attente") if state == "ouvert" else None,
        "attente_min": status.get("attente_min") if state == "ouvert" else None,
        "transport": offer.get("transport"),
        "adresse": offer.get("adresse"),
        "qr": map_link(status.get("nom") or place, offer.get("adresse")),
        "recu": received,
    }


def elsewhere(fleet: dict, own: str, now: datetime, own_status: dict | None) -> dict:
    """The panel's data: other places (open first, shortest wait first), and whether to
    show it prominently (this place is closed, or its queue will not be served today).
    """
    now = paris_time(now)
    entries = [
        entry for place, info in (fleet.get("lieux") or {}).items() if place != own
        for entry in [_entry(place, info, now)] if entry is not None
    ]

    def order(entry: dict):
        wait = entry["attente_min"] if entry["attente_min"] is not None else 999
        return (entry["etat"] != "ouvert", entry["ouvre_a"] or "", wait, entry["nom"])

    entries.sort(key=order)
    prominent = own_status is not None and (not own_status.get("ouvert") or not own_status.get("servable", True))
    return {"lieux": entries[:MAX_SHOWN], "en_avant": bool(prominent and entries)}
