"""Changing a semainier document for the admin pages: closures, cancellations, one-off
sessions, and taking one of them away again.

The functions work on the JSON document (the dict read from ``semainier.json``), in the
file's own French keys (``fermetures``, ``annulations``, ``seances_exceptionnelles``),
so that a change made from a phone reads like one written by hand. They never save:
the caller saves the result with :func:`~fabrique_kit.sources.semainier.file.save_semainier`
(checked first, written atomically, the previous version kept as ``.bak``), and the
semainier says what is wrong, located, when it refuses it.

Example::

    from fabrique_kit.sources.semainier.edit import add_closure, list_exceptions
    document = {"lieux": [{"nom": "Maurepas", "creneaux": []}]}
    add_closure(document, 0, date(2026, 12, 8), reason="Formation de l'équipe")
    list_exceptions(document, 0, today=date(2026, 12, 1))[0]["reason"]    # 'Formation de l'équipe'
"""

from __future__ import annotations

import json
from datetime import date, time
from pathlib import Path
from typing import Any, NoReturn

from fabrique_kit.errors import DataError, Problem
from fabrique_kit.i18n import _
from fabrique_kit.sources.semainier.queries import matches, simplify

KINDS = ("fermeture", "annulation", "seance")
"""What a mediator adds: a closure (a day, or holidays from … to …), a cancelled session,
an extra session."""

KEYS = {"fermeture": "fermetures", "annulation": "annulations", "seance": "seances_exceptionnelles"}
MAX_TEXT = 200


def _text(value: Any) -> str:
    return " ".join(str(value or "").split())[:MAX_TEXT]


def _refuse(message: str, field: str, hint: str | None = None) -> NoReturn:
    raise DataError(problems=[Problem(message, field=field, hint=hint)])


def place_index(document: dict, name: str | None) -> int | None:
    """The index of the place called ``name`` (exact name first, else a part of it).

    Example::

        place_index({"lieux": [{"nom": "ESC Maurepas"}]}, "maurepas")    # 0
    """
    places = document.get("lieux") if isinstance(document, dict) else None
    if not name or not isinstance(places, list):
        return None
    names = [str(p.get("nom", "")) if isinstance(p, dict) else "" for p in places]
    for i, place in enumerate(names):
        if simplify(place) == simplify(name):
            return i
    for i, place in enumerate(names):
        if place and (matches(place, name) or matches(name, place)):
            return i
    return None


def _place(document: dict, index: int) -> dict:
    places = document.get("lieux")
    if not isinstance(places, list) or not 0 <= index < len(places) or not isinstance(places[index], dict):
        _refuse(_("Ce lieu n'existe pas dans le semainier."), f"lieux[{index}]")
    return places[index]


def _items(holder: dict, key: str) -> list:
    items = holder.setdefault(key, [])
    if not isinstance(items, list):
        _refuse(_("« {key} » devrait être une liste.", key=key), key)
    return items


def add_closure(document: dict, index: int | None, first: date, last: date | None = None,
                reason: str = "", everywhere: bool = False) -> dict:
    """Close a place (or every place: ``everywhere``) on ``first``, or from ``first`` to ``last``.

    Returns the entry added. A reason is required: the hall screen shows it.

    Example::

        add_closure(document, 0, date(2026, 12, 24), date(2026, 12, 26), "Fêtes de fin d'année")
    """
    reason = _text(reason)
    if not reason:
        _refuse(_("Écrivez le motif : l'écran du hall l'affiche."), "motif")
    if last is not None and last < first:
        _refuse(_("La fin de la fermeture est avant son début."), "au")
    holder = document if everywhere or index is None else _place(document, index)
    if last is None or last == first:
        entry = {"date": first.isoformat(), "motif": reason}
    else:
        entry = {"du": first.isoformat(), "au": last.isoformat(), "motif": reason}
    _items(holder, "fermetures").append(entry)
    return entry


def add_cancellation(document: dict, index: int, day: date, start: time | None = None,
                     service: str = "", reason: str = "") -> dict:
    """Cancel the session of place ``index`` on ``day`` starting at ``start`` (and/or by its service).

    Example::

        add_cancellation(document, 0, date(2026, 12, 8), time(14), reason="Animatrice malade")
    """
    reason, service = _text(reason), _text(service)
    if not reason:
        _refuse(_("Écrivez le motif : l'écran du hall l'affiche."), "motif")
    if start is None and not service:
        _refuse(_("Donnez l'heure de début de la séance annulée."), "debut")
    entry: dict[str, Any] = {"date": day.isoformat()}
    if start is not None:
        entry["debut"] = start.strftime("%H:%M")
    if service:
        entry["service"] = service
    entry["motif"] = reason
    _items(_place(document, index), "annulations").append(entry)
    return entry


def add_extra_session(document: dict, index: int, day: date, start: time, end: time,
                      service: str, note: str = "", room: str = "") -> dict:
    """Add a one-off session (« séance exceptionnelle ») to place ``index``.

    Example::

        add_extra_session(document, 0, date(2026, 12, 9), time(14), time(16), "Atelier CAF")
    """
    service = _text(service)
    if not service:
        _refuse(_("Écrivez le nom de la séance."), "service")
    entry: dict[str, Any] = {"date": day.isoformat(), "debut": start.strftime("%H:%M"),
                             "fin": end.strftime("%H:%M"), "service": service}
    if _text(room):
        entry["salle"] = _text(room)
    if _text(note):
        entry["note"] = _text(note)
    _items(_place(document, index), "seances_exceptionnelles").append(entry)
    return entry


def remove_exception(document: dict, index: int | None, kind: str, number: int) -> dict:
    """Take away the ``number``-th entry of ``kind`` of place ``index`` (None: the whole file's).

    Returns the entry removed; DataError when it does not exist.

    Example::

        remove_exception(document, 0, "fermeture", 0)
    """
    if kind not in KEYS:
        _refuse(_("Type d'exception inconnu : « {kind} ».", kind=kind), "type")
    holder = document if index is None else _place(document, index)
    items = holder.get(KEYS[kind])
    if not isinstance(items, list) or not 0 <= number < len(items):
        _refuse(_("Cette exception n'existe plus : la page était peut-être ancienne."), KEYS[kind])
    return items.pop(number)


def _day(value: Any) -> date | None:
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        return None


def _entries(holder: dict, kind: str, scope: int | None):
    items = holder.get(KEYS[kind]) if isinstance(holder, dict) else None
    for number, entry in enumerate(items if isinstance(items, list) else []):
        if isinstance(entry, dict):
            yield number, entry, scope


def list_exceptions(document: dict, index: int | None, today: date | None = None) -> list[dict]:
    """The closures, cancellations and one-off sessions of place ``index`` (with the file's
    shared closures), from ``today`` on, by date.

    Each item: ``{"kind", "number", "scope" (the place index or None), "first", "last",
    "start", "end", "service", "reason"}`` (dates as ``date``, times as written).

    Example::

        [e["reason"] for e in list_exceptions(document, 0, today=date(2026, 12, 1))]
    """
    found = []
    sources: list[tuple[dict, int | None, tuple[str, ...]]] = [(document, None, ("fermeture",))]
    if index is not None:
        sources.append((_place(document, index), index, KINDS))
    for holder, scope, kinds in sources:
        for kind in kinds:
            for number, entry, where in _entries(holder, kind, scope):
                first = _day(entry.get("date") or entry.get("du"))
                last = _day(entry.get("au")) or first
                if first is None or (today is not None and last is not None and last < today):
                    continue
                found.append({
                    "kind": kind, "number": number, "scope": where, "first": first, "last": last,
                    "start": entry.get("debut"), "end": entry.get("fin"),
                    "service": entry.get("service"),
                    "reason": entry.get("motif") or entry.get("note") or "",
                })
    return sorted(found, key=lambda e: (e["first"], str(e["start"] or ""), e["kind"]))


def previous_version(path: str | Path) -> dict | None:
    """The document kept as ``<file>.bak`` by the last save, or None when there is none.

    Example::

        previous_version("semainier.json")      # the document before the last change
    """
    backup = Path(path).with_name(Path(path).name + ".bak")
    try:
        document = json.loads(backup.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return document if isinstance(document, dict) else None
