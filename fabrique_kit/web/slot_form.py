"""Editing one slot of the semainier through a form (no JSON by hand).

The semainier document is treated generically: places are ``document["lieux"]``,
their weekly slots ``lieu["creneaux"]``; a form edits the known fields of one slot
and keeps every other key as it was.

Example::

    slot = slot_from_form({"jour": "mardi", "debut": "14:00", "fin": "17:00",
                           "service": "Permanence numérique"}, original={"id": "p1"})
    # {'id': 'p1', 'jour': 'mardi', 'debut': '14:00', 'fin': '17:00',
    #  'service': 'Permanence numérique', 'sur_rendez_vous': False}
"""

from __future__ import annotations

import hashlib
import json
import re
from typing import Any

from fabrique_kit.errors import Problem
from fabrique_kit.i18n import _

TEXT_FIELDS = ("jour", "debut", "fin", "service", "animateur", "salle", "public", "note")
CHECKBOX_FIELD = "sur_rendez_vous"
SLOT_FIELDS = (*TEXT_FIELDS, CHECKBOX_FIELD)
DAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
MAX_FIELD_LENGTH = 500
# Other names the semainier accepts for the same thing: « qui » for « animateur », and
# « libre » (drop-in) for the opposite of « sur_rendez_vous ». A slot keeps its own word.
ALIASES = {"qui": "animateur", "libre": "sur_rendez_vous"}


def field_label(name: str) -> str:
    """The label of a slot field, for people."""
    labels = {
        "jour": _("Jour"),
        "debut": _("Début"),
        "fin": _("Fin"),
        "service": _("Service"),
        "animateur": _("Animé par"),
        "salle": _("Salle"),
        "public": _("Public"),
        "sur_rendez_vous": _("Sur rendez-vous"),
        "note": _("Note"),
    }
    return labels.get(name, name)


def place_name(place: Any, index: int) -> str:
    """The name of a place of the semainier, or « Lieu 1 » when it has none."""
    if isinstance(place, dict):
        for key in ("nom", "name", "lieu", "titre"):
            if place.get(key):
                return str(place[key])
    return _("Lieu {number}", number=index + 1)


def places_with_slots(document: dict | None) -> list[dict]:
    """Every place with its slots, ready for the list page.

    Each item: ``{"index", "name", "slots": [{"index", "values"}]}`` (see :func:`form_values`).
    """
    places = (document or {}).get("lieux") or []
    result = []
    for i, place in enumerate(places if isinstance(places, list) else []):
        slots = place.get("creneaux") if isinstance(place, dict) else None
        slots = slots if isinstance(slots, list) else []
        result.append(
            {
                "index": i,
                "name": place_name(place, i),
                "slots": [
                    {"index": j, "values": form_values(slot)}
                    for j, slot in enumerate(slots)
                    if isinstance(slot, dict)
                ],
            }
        )
    return result


def slot_fingerprint(slot: dict | None) -> str:
    """A short digest of a slot, to notice that someone else changed it meanwhile."""
    text = json.dumps(slot or {}, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def form_values(slot: dict | None) -> dict:
    """What the form shows for a slot: one value per field of :data:`SLOT_FIELDS`.

    Example::

        form_values({"qui": "Nadia", "libre": False})["animateur"]        # 'Nadia'
        form_values({"qui": "Nadia", "libre": False})["sur_rendez_vous"]  # True
    """
    slot = slot or {}
    texts = {name: "" if slot.get(name) is None else str(slot[name]) for name in TEXT_FIELDS}
    if not texts["animateur"] and slot.get("qui") is not None:
        texts["animateur"] = str(slot["qui"])
    for name in ("debut", "fin"):
        match = re.fullmatch(r"([0-9]{1,2}):([0-5][0-9])", texts[name])
        if match:
            texts[name] = f"{int(match[1]):02d}:{match[2]}"
    values: dict[str, str | bool] = dict(texts)
    if CHECKBOX_FIELD in slot:
        values[CHECKBOX_FIELD] = slot[CHECKBOX_FIELD] is True
    else:
        values[CHECKBOX_FIELD] = slot.get("libre") is False
    return values


def slot_from_form(form, original: dict | None = None) -> dict:
    """The slot as edited in ``form``: known fields replaced, unknown keys kept.

    An empty text field removes its key (the semainier then says if it was needed).
    """
    original = original or {}
    slot = dict(original)
    for name in TEXT_FIELDS:
        key = name
        if name == "animateur" and "qui" in original and "animateur" not in original:
            key = "qui"
        value = str(form.get(name, "") or "").strip()[:MAX_FIELD_LENGTH]
        if value:
            slot[key] = value
        else:
            slot.pop(key, None)
    checked = form.get(CHECKBOX_FIELD) in ("on", "1", "true", "oui")
    if "libre" in original and CHECKBOX_FIELD not in original:
        slot["libre"] = not checked
    else:
        slot[CHECKBOX_FIELD] = checked
    return slot


def is_clock_time(value: Any) -> bool:
    """True for ``"14:00"``-like values (the form then offers a time picker)."""
    return value in (None, "") or bool(re.fullmatch(r"[0-2][0-9]:[0-5][0-9]", str(value)))


def _path_parts(field: str | None) -> tuple[int | None, int | None, str | None]:
    """``"lieux[0].creneaux[2].debut"`` -> ``(0, 2, "debut")``."""
    tokens = re.findall(r"[A-Za-z_]+|\d+", field or "")
    place = slot = None
    for k, token in enumerate(tokens[:-1]):
        if tokens[k + 1].isdigit():
            if token == "lieux":
                place = int(tokens[k + 1])
            elif token == "creneaux":
                slot = int(tokens[k + 1])
    names = [t for t in tokens if not t.isdigit()]
    return place, slot, (names[-1] if names else None)


def sort_problems(
    problems: list[Problem], place_index: int, slot_index: int | None
) -> tuple[dict[str, list[str]], list[str]]:
    """Split the semainier's problems into those of the form's fields and the others.

    ``slot_index`` is None for a new slot (it will be the last of its place).
    Returns ``({"debut": ["message → hint"]}, ["other problems"])``.
    """
    by_field: dict[str, list[str]] = {}
    others: list[str] = []
    for problem in problems:
        text = problem.message + (f" → {problem.hint}" if problem.hint else "")
        place, slot, name = _path_parts(problem.field)
        if name is not None:
            name = ALIASES.get(name, name)
        same_slot = (place is None or place == place_index) and (
            slot is None or slot_index is None or slot == slot_index
        )
        if name in SLOT_FIELDS and same_slot:
            by_field.setdefault(name, []).append(text)
        else:
            where = problem.where()
            others.append(f"{where} : {text}" if where else text)
    return by_field, others
