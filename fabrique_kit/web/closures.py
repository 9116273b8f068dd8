"""Admin pages for the semainier's exceptions: close a day (or holidays from … to …),
cancel a session, add an extra one — from a phone, for the kit's own place by default.

Each reason is what the hall screen shows. Before saving, « Voir l'aperçu » draws the
hall screen of that day with the change; after saving, the same page shows it live.
Saving goes through ``kit.save_semainier`` (checked, atomic, previous version kept as
``.bak``) and can be undone for a minute (:mod:`fabrique_kit.web.undo`).

Example::

    GET  /admin/semainier/exceptions?lieu=0&jour=2026-12-08
    POST /admin/semainier/exceptions   type=fermeture date=2026-12-08 motif=Inventaire
"""

from __future__ import annotations

import base64
import copy
from datetime import date, time, timedelta

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for

from fabrique_kit.errors import DataError, FabriqueError, Problem
from fabrique_kit.i18n import _
from fabrique_kit.sources.semainier import edit
from fabrique_kit.web.auth import login_required
from fabrique_kit.web.context import web_context
from fabrique_kit.web.slot_form import place_name
from fabrique_kit.web.undo import offer_undo, save_with_undo

closures = Blueprint("closures", __name__, url_prefix="/admin/semainier/exceptions")

FORM_FIELDS = ("type", "date", "au", "portee", "creneau", "debut", "fin", "service", "motif")
FIELD_OF_PROBLEM = {"motif": "motif", "note": "motif", "au": "au", "du": "date", "date": "date",
                    "debut": "debut", "fin": "fin", "service": "service"}


def kit_place_index(document: dict | None) -> int:
    """The kit's own place in the semainier (its ``[semainier] lieu``), else the first one."""
    kit = web_context().kit
    wanted = getattr(kit, "semainier_place", lambda: kit.place)()
    found = edit.place_index(document or {}, wanted)
    return found if found is not None else 0


def chosen_place(document: dict | None) -> int:
    """The place asked with ``?lieu=N`` (another place, behind a choice), else the kit's own."""
    places = (document or {}).get("lieux") or []
    asked = request.values.get("lieu", type=int)
    if asked is not None and 0 <= asked < len(places):
        return asked
    return kit_place_index(document)


def _day(text: str | None) -> date | None:
    try:
        return date.fromisoformat((text or "").strip())
    except ValueError:
        return None


def _clock(text: str | None) -> time | None:
    try:
        return time.fromisoformat((text or "").strip()) if text and text.strip() else None
    except ValueError:
        return None


def apply_form(document: dict, index: int, form) -> dict:
    """Add the exception described by ``form`` to ``document``; DataError with the field's problem."""
    kind = form.get("type", "fermeture")
    first, last = _day(form.get("date")), _day(form.get("au"))
    if first is None:
        raise DataError(problems=[Problem(_("Choisissez le jour."), field="date")])
    reason = form.get("motif", "")
    if kind == "fermeture":
        return edit.add_closure(document, index, first, last, reason, everywhere=form.get("portee") == "tous")
    if kind == "annulation":
        start_text, _sep, service = (form.get("creneau") or "").partition("|")
        return edit.add_cancellation(document, index, first, _clock(start_text) or _clock(form.get("debut")),
                                     service, reason)
    if kind == "seance":
        start, end = _clock(form.get("debut")), _clock(form.get("fin"))
        if start is None or end is None:
            raise DataError(problems=[Problem(_("Donnez l'heure de début et de fin."), field="debut")])
        return edit.add_extra_session(document, index, first, start, end, form.get("service", ""), reason)
    raise DataError(problems=[Problem(_("Type d'exception inconnu : « {kind} ».", kind=kind), field="type")])


def sort_problems(problems) -> tuple[dict[str, list[str]], list[str]]:
    """The problems by form field (``{"motif": [...]}``) and the others, located."""
    by_field: dict[str, list[str]] = {}
    others: list[str] = []
    for problem in problems:
        text = problem.message + (f" → {problem.hint}" if problem.hint else "")
        last = (problem.field or "").rsplit(".", 1)[-1]
        if last in FIELD_OF_PROBLEM and "creneaux" not in (problem.field or ""):
            by_field.setdefault(FIELD_OF_PROBLEM[last], []).append(text)
        else:
            others.append(str(problem))
    return by_field, others


def _slots_of(document: dict, index: int) -> list[dict]:
    place = (document.get("lieux") or [])[index]
    slots = place.get("creneaux") if isinstance(place, dict) else None
    return [s for s in slots or [] if isinstance(s, dict) and s.get("debut")]


def _preview_png(frame) -> str | None:
    if frame is None:
        return None
    return "data:image/png;base64," + base64.b64encode(frame.png()).decode()


def _page(document, index, form, problems=(), draft_frame=None, status=200):
    kit = web_context().kit
    today = kit.state.clock.now().date()
    by_field, others = sort_problems(problems)
    places = (document or {}).get("lieux") or []
    day = _day(form.get("date")) or today + timedelta(days=1)
    return render_template(
        "closures.html", place_index=index, place_name=place_name(places[index], index) if places else "",
        places=[(i, place_name(p, i)) for i, p in enumerate(places)], own_index=kit_place_index(document),
        exceptions=edit.list_exceptions(document, index, today) if places else [],
        slots=_slots_of(document, index) if places else [], form=form, field_errors=by_field,
        other_errors=others, day=day, draft_preview=_preview_png(draft_frame), undo=offer_undo(),
        frame_number=kit.frame_number, has_day_preview=hasattr(kit, "day_preview"),
    ), status


def _document() -> dict:
    from fabrique_kit.web.semainier import read_document

    document, problems = read_document()
    if problems:  # the slots page gives the located problem, in the admin layout
        abort(redirect(url_for("semainier.slots")))
    if not isinstance(document, dict) or not document.get("lieux"):
        flash(_("Aucun semainier n'est chargé sur ce kit."), "error")
        abort(redirect(url_for("semainier.slots")))
    return copy.deepcopy(document)


@closures.route("", methods=["GET", "POST"])
@login_required
def exceptions():
    """The exceptions of one place, the form to add one, and the screen of the chosen day."""
    context = web_context()
    with context.edit_lock:
        document = _document()
        index = chosen_place(document)
        if request.method == "GET":
            form = {"type": request.args.get("type", "fermeture"), "date": request.args.get("jour", "")}
            return _page(document, index, form)
        form = {name: request.form.get(name, "").strip() for name in FORM_FIELDS}
        changed = copy.deepcopy(document)
        try:
            apply_form(changed, index, form)
            if request.form.get("action") == "apercu":
                preview = getattr(context.kit, "day_preview", None)
                frame = preview(_day(form["date"]), changed) if preview is not None else None
                return _page(document, index, form, draft_frame=frame)
            save_with_undo(changed, document, url_for("closures.exceptions", lieu=index))
        except FabriqueError as error:
            return _page(document, index, form, error.problems or [Problem(str(error))], status=400)
    flash(_("Enregistré : l'écran du hall l'affichera ce jour-là."), "success")
    return redirect(url_for("closures.exceptions", lieu=index, jour=form["date"]) + "#apercu")


@closures.route("/<int:scope>/<kind>/<int:number>/supprimer", methods=["GET", "POST"])
@login_required
def remove(scope: int, kind: str, number: int):
    """Ask for confirmation, then take an exception away (``scope`` -1: the whole file's)."""
    context = web_context()
    with context.edit_lock:
        document = _document()
        index = chosen_place(document)
        changed = copy.deepcopy(document)
        try:
            removed = edit.remove_exception(changed, None if scope < 0 else scope, kind, number)
        except FabriqueError as error:
            for problem in error.problems:
                flash(problem.message, "error")
            return redirect(url_for("closures.exceptions", lieu=index))
        if request.method == "GET":
            return render_template("closure_delete.html", removed=removed, kind=kind, scope=scope,
                                   number=number, place_index=index)
        try:
            save_with_undo(changed, document, url_for("closures.exceptions", lieu=index))
        except FabriqueError as error:
            for problem in error.problems:
                flash(str(problem), "error")
            return redirect(url_for("closures.exceptions", lieu=index))
    flash(_("Exception supprimée."), "success")
    return redirect(url_for("closures.exceptions", lieu=index))


@closures.get("/apercu.png")
@login_required
def day_preview():
    """The hall screen of ``?jour=`` as the kit would draw it (PNG)."""
    kit = web_context().kit
    day = _day(request.args.get("jour")) or kit.state.clock.now().date()
    if not hasattr(kit, "day_preview"):
        abort(404)
    frame = kit.day_preview(day)  # type: ignore[attr-defined]  # checked above (KitPreviews)
    response = Response(frame.png(), mimetype="image/png")
    response.headers["Cache-Control"] = "no-store"
    return response
