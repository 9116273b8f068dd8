"""The admin page of the hall screen's message: its kind (information, fermeture, alerte),
an optional start and end, how much of it the hall screen really shows, a preview of the
frame, and the list of the messages shown now and planned.

Every change goes through the kit's actions (``message.post``, ``message.clear``,
``message.cancel``), like a button or another kit would.

Example::

    POST /admin/message   text=« Coupure d'eau » kind=alerte until=2026-12-02T12:00
        -> kit.actions.run("message.post", text="Coupure d'eau", kind="alerte",
                           until="2026-12-02T12:00:00+01:00", start=None)
    GET  /admin/message/mesure?text=…   -> {"visible": 150, "total": 212, "capacity": 156}
"""

from __future__ import annotations

import base64
import dataclasses
from datetime import datetime

from flask import Blueprint, flash, jsonify, redirect, render_template, request, url_for

from fabrique_kit.clock import PARIS
from fabrique_kit.errors import FabriqueError
from fabrique_kit.i18n import _
from fabrique_kit.model import as_dict
from fabrique_kit.web.auth import login_required
from fabrique_kit.web.context import web_context

messages = Blueprint("messages", __name__, url_prefix="/admin/message")

MAX_MESSAGE_LENGTH = 280
KINDS = ("information", "fermeture", "alerte")
PLANNED_STATE = "messages_prevus"  # where the kit keeps the planned messages (kit/message.py)


def kind_label(kind: str) -> str:
    """The name of a kind of message, for people."""
    return {"information": _("Information"), "fermeture": _("Fermeture"), "alerte": _("Alerte")}.get(kind, kind)


def run_action(name: str, success: str, **params) -> bool:
    """Run a kit action; flash ``success`` or the action's own error message."""
    try:
        web_context().kit.actions.run(name, **params)
    except FabriqueError as error:
        for problem in error.problems:
            flash(problem.message + (f" → {problem.hint}" if problem.hint else ""), "error")
        return False
    flash(success, "success")
    return True


def _shown(moment) -> str | None:
    """« 01/12/2026 18:00 » for an ISO date and time (None stays None)."""
    if not moment:
        return None
    try:
        when = datetime.fromisoformat(str(moment))
    except ValueError:
        return str(moment)
    return (when if when.tzinfo else when.replace(tzinfo=PARIS)).strftime("%d/%m/%Y %H:%M")


def current_message() -> dict | None:
    """The banner shown now, as ``{"text", "until", "kind", "from"}`` (dates for people).

    An ended message counts as none.
    """
    value = web_context().kit.state.get("message")
    if not value:
        return None
    if isinstance(value, str):
        return {"text": value, "until": None, "kind": "information", "from": None}
    if dataclasses.is_dataclass(value):
        value = as_dict(value)
    if not isinstance(value, dict) or not value.get("text"):
        return None
    until = value.get("until")
    if until:
        try:
            end = datetime.fromisoformat(str(until))
        except ValueError:
            end = None
        if end is not None:
            end = end if end.tzinfo else end.replace(tzinfo=PARIS)
            if end <= web_context().kit.state.clock.now():
                return None  # ended: the screen no longer shows it
    return {"text": str(value["text"]), "until": _shown(until), "kind": value.get("kind") or "information",
            "from": _shown(value.get("from"))}


def planned_messages() -> list[dict]:
    """The messages waiting for their start, soonest first (dates for people)."""
    planned = web_context().kit.state.get(PLANNED_STATE) or []
    return [{"id": m.get("id"), "text": m.get("text"), "kind": m.get("kind") or "information",
             "from": _shown(m.get("from")), "until": _shown(m.get("until"))}
            for m in planned if isinstance(m, dict)]


def parse_moment(text: str, now: datetime, past_message: str | None = None) -> datetime | None:
    """The date and time typed in the form (``2026-11-30T18:00``, Paris time), or None if empty.

    Raises ValueError with a French message when it is unreadable (or past, with ``past_message``).
    """
    text = (text or "").strip()
    if not text:
        return None
    try:
        when = datetime.fromisoformat(text)
    except ValueError:
        raise ValueError(_("Date illisible : utilisez le sélecteur de date et d'heure.")) from None
    if when.tzinfo is None:
        when = when.replace(tzinfo=PARIS)
    if past_message and when <= now:
        raise ValueError(past_message)
    return when


def parse_until(text: str, now: datetime) -> datetime | None:
    """The end time typed in the form, or None; ValueError when unreadable or already past."""
    return parse_moment(text, now, _("Cette heure de fin est déjà passée."))


def fit(text: str, kind: str) -> dict | None:
    """How much of ``text`` the hall screen shows (None when the kit cannot measure it)."""
    measure = getattr(web_context().kit, "message_fit", None)
    return measure(text, kind) if measure is not None else None


def _preview(text: str, kind: str) -> str | None:
    draw = getattr(web_context().kit, "message_preview", None)
    if draw is None or not text:
        return None
    return "data:image/png;base64," + base64.b64encode(draw(text, kind).png()).decode()


def _read_form(now: datetime) -> tuple[dict, dict, datetime | None, datetime | None]:
    form = {name: request.form.get(name, "").strip() for name in ("text", "kind", "start", "until")}
    form["kind"] = form["kind"] if form["kind"] in KINDS else "information"
    errors: dict[str, str] = {}
    if not form["text"]:
        errors["text"] = _("Écrivez le message à afficher.")
    elif len(form["text"]) > MAX_MESSAGE_LENGTH:
        errors["text"] = _("Le message est trop long ({count} caractères au plus).", count=MAX_MESSAGE_LENGTH)
    start = until = None
    try:
        start = parse_moment(form["start"], now)
    except ValueError as error:
        errors["start"] = str(error)
    try:
        until = parse_until(form["until"], now)
    except ValueError as error:
        errors["until"] = str(error)
    if start and until and until <= start:
        errors["until"] = _("La fin du message est avant son début.")
    return form, errors, start, until


@messages.route("", methods=["GET", "POST"])
@login_required
def page():
    """Post a message (now or planned), preview it, see the current and planned ones."""
    kit = web_context().kit
    errors: dict[str, str] = {}
    form = {"text": "", "kind": "information", "start": "", "until": ""}
    preview = None
    if request.method == "POST":
        form, errors, start, until = _read_form(kit.state.clock.now())
        if not errors and request.form.get("action") == "apercu":
            preview = _preview(form["text"], form["kind"])
        elif not errors:
            planned = start is not None and start > kit.state.clock.now()
            done = _("Message programmé.") if planned else _("Message affiché.")
            if run_action("message.post", done, text=form["text"], kind=form["kind"],
                          until=until.isoformat() if until else None,
                          **({"start": start.isoformat()} if start else {})):
                return redirect(url_for("messages.page"))
    measured = fit(form["text"], form["kind"]) if form["text"] else None
    capacity = (measured or fit("x", "information") or {}).get("capacity")
    size = getattr(kit, "screen_size", None)
    return render_template(
        "message.html", current=current_message(), planned=planned_messages(), form=form,
        errors=errors, max_length=MAX_MESSAGE_LENGTH, kinds=KINDS, kind_label=kind_label,
        measured=measured, capacity=capacity, screen_size=size, preview=preview,
    ), (400 if errors else 200)


@messages.get("/mesure")
@login_required
def measure():
    """``{"visible", "total", "capacity"}``: the characters of ``?text=`` the hall screen shows."""
    text = request.args.get("text", "")[:MAX_MESSAGE_LENGTH]
    kind = request.args.get("kind", "information")
    result = fit(text, kind if kind in KINDS else "information") or {}
    response = jsonify(result)
    response.headers["Cache-Control"] = "no-store"
    return response


@messages.post("/effacer")
@login_required
def clear():
    """Remove the message shown now (after the page's confirmation)."""
    run_action("message.clear", _("Message effacé."))
    return redirect(url_for("messages.page"))


@messages.post("/prevus/<message_id>/retirer")
@login_required
def cancel(message_id: str):
    """Take a planned message away before it starts."""
    run_action("message.cancel", _("Message prévu retiré."), id=message_id)
    return redirect(url_for("messages.page"))
