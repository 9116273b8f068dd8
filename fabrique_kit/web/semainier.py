"""Admin pages of the semainier: list the slots of each place, edit, add, delete one.

Each change saves the whole document through ``kit.save_semainier(document)``; when
the semainier refuses it (:class:`~fabrique_kit.errors.DataError`), the form comes
back with each message next to its field, and nothing is changed.

Example::

    GET  /admin/semainier                      the places and their slots
    POST /admin/semainier/0/creneaux/2         save the third slot of the first place
"""

from __future__ import annotations

import copy

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for

from fabrique_kit.errors import FabriqueError
from fabrique_kit.i18n import _
from fabrique_kit.web.auth import login_required
from fabrique_kit.web.context import web_context
from fabrique_kit.web.slot_form import (
    DAYS,
    SLOT_FIELDS,
    field_label,
    form_values,
    is_clock_time,
    place_name,
    places_with_slots,
    slot_fingerprint,
    slot_from_form,
    sort_problems,
)

semainier = Blueprint("semainier", __name__, url_prefix="/admin/semainier")


def read_document() -> tuple[dict | None, list[str]]:
    """The semainier document, or None and the located problems (« ligne 20, colonne 11… »)."""
    try:
        document = web_context().kit.semainier_document()
    except FabriqueError as error:
        return None, [str(problem) for problem in error.problems] or [str(error)]
    return (document if isinstance(document, dict) else None), []


def _document() -> dict:
    document, problems = read_document()
    if problems:
        abort(redirect(url_for("semainier.slots")))
    if not isinstance(document, dict):
        flash(_("Aucun semainier n'est chargé sur ce kit."), "error")
        abort(redirect(url_for("semainier.slots")))
    return copy.deepcopy(document)


def _slots_url(place_index: int) -> str:
    """The slots page of ``place_index`` (the kit's own place needs no ``?lieu=``)."""
    from fabrique_kit.web.closures import kit_place_index

    own = kit_place_index(read_document()[0])
    if place_index == own:
        return url_for("semainier.slots") + f"#lieu-{place_index}"
    return url_for("semainier.slots", lieu=place_index) + f"#lieu-{place_index}"


def _place(document: dict, place_index: int) -> dict:
    places = document.get("lieux")
    if not isinstance(places, list) or not 0 <= place_index < len(places):
        abort(404)
    if not isinstance(places[place_index], dict):
        abort(404)
    return places[place_index]


def _slots(place: dict) -> list:
    slots = place.setdefault("creneaux", [])
    if not isinstance(slots, list):
        abort(404)
    return slots


def _save(document: dict, previous: dict | None = None, back_to: str = "") -> list | None:
    """Save the document; the semainier's problems when it refuses it, else None.

    With ``previous``, the page offers to put it back for a minute (:mod:`.undo`).
    """
    from fabrique_kit.web.undo import save_with_undo

    try:
        if previous is None:
            web_context().kit.save_semainier(document)
        else:
            save_with_undo(document, previous, back_to)
    except FabriqueError as error:
        return error.problems or [error]
    return None


def _form_page(place_index, slot_index, place, slot, problems=None, status=200, problem_index=None):
    """The slot form; ``problem_index`` is where the semainier sees the slot (new ones)."""
    where = slot_index if problem_index is None else problem_index
    by_field, others = sort_problems(problems or [], place_index, where)
    return (
        render_template(
            "slot_form.html",
            place_index=place_index,
            slot_index=slot_index,
            place_name=place_name(place, place_index),
            values=form_values(slot),
            fingerprint=slot_fingerprint(slot) if slot_index is not None else "",
            days=DAYS,
            fields=SLOT_FIELDS,
            field_label=field_label,
            is_clock_time=is_clock_time,
            field_errors=by_field,
            other_errors=others,
            is_new=request.endpoint == "semainier.add_slot",
        ),
        status,
    )


@semainier.get("")
@login_required
def slots():
    """The slots of one place (the kit's own; another behind a choice), with their buttons.

    A semainier that cannot be read gives its located problem here, in the admin pages.
    """
    from fabrique_kit.web.closures import chosen_place, kit_place_index
    from fabrique_kit.web.undo import offer_undo

    document, problems = read_document()
    places = places_with_slots(document)
    index = chosen_place(document) if places else 0
    return render_template(
        "semainier.html",
        loaded=isinstance(document, dict),
        problems=problems,
        place=places[index] if places else None,
        places=[(p["index"], p["name"]) for p in places],
        place_index=index,
        own_index=kit_place_index(document) if places else 0,
        undo=offer_undo(),
    )


@semainier.route("/<int:place_index>/creneaux/<int:slot_index>", methods=["GET", "POST"])
@login_required
def edit_slot(place_index: int, slot_index: int):
    """Edit one slot; unknown keys of the slot are kept as they are."""
    context = web_context()
    with context.edit_lock:
        document = _document()
        place = _place(document, place_index)
        slots = _slots(place)
        if not 0 <= slot_index < len(slots) or not isinstance(slots[slot_index], dict):
            abort(404)
        original = slots[slot_index]
        if request.method == "GET":
            return _form_page(place_index, slot_index, place, original)
        if request.form.get("fingerprint") != slot_fingerprint(original):
            flash(_("Ce créneau a été modifié entre-temps par quelqu'un d'autre : vérifiez-le."), "error")
            return redirect(url_for("semainier.edit_slot", place_index=place_index, slot_index=slot_index))
        edited = slot_from_form(request.form, original)
        previous = copy.deepcopy(document)
        slots[slot_index] = edited
        problems = _save(document, previous, _slots_url(place_index))
    if problems:
        return _form_page(place_index, slot_index, place, edited, problems, 400)
    flash(_("Créneau enregistré."), "success")
    return redirect(_slots_url(place_index))


@semainier.route("/<int:place_index>/nouveau", methods=["GET", "POST"])
@login_required
def add_slot(place_index: int):
    """Add a slot at the end of a place's slots."""
    context = web_context()
    with context.edit_lock:
        document = _document()
        place = _place(document, place_index)
        slots = _slots(place)
        if request.method == "GET":
            return _form_page(place_index, None, place, {})
        new_slot = slot_from_form(request.form)
        previous = copy.deepcopy(document)
        slots.append(new_slot)
        problems = _save(document, previous, _slots_url(place_index))
    if problems:
        return _form_page(place_index, None, place, new_slot, problems, 400, len(slots) - 1)
    flash(_("Créneau ajouté."), "success")
    return redirect(_slots_url(place_index))


@semainier.route(
    "/<int:place_index>/creneaux/<int:slot_index>/supprimer", methods=["GET", "POST"]
)
@login_required
def delete_slot(place_index: int, slot_index: int):
    """Ask for confirmation, then delete one slot."""
    context = web_context()
    with context.edit_lock:
        document = _document()
        place = _place(document, place_index)
        slots = _slots(place)
        if not 0 <= slot_index < len(slots):
            abort(404)
        slot = slots[slot_index]
        if request.method == "GET":
            return render_template(
                "slot_delete.html",
                place_index=place_index,
                slot_index=slot_index,
                place_name=place_name(place, place_index),
                values=form_values(slot if isinstance(slot, dict) else {}),
                fingerprint=slot_fingerprint(slot),
            )
        if request.form.get("fingerprint") != slot_fingerprint(slot):
            flash(_("Ce créneau a été modifié entre-temps par quelqu'un d'autre : vérifiez-le."), "error")
            return redirect(url_for("semainier.slots"))
        previous = copy.deepcopy(document)
        del slots[slot_index]
        problems = _save(document, previous, _slots_url(place_index))
    if problems:
        for problem in problems:
            flash(str(problem), "error")
    else:
        flash(_("Créneau supprimé."), "success")
    return redirect(_slots_url(place_index))
