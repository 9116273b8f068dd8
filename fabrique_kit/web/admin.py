"""Admin pages for mediators: home, message banner, waiting counters, statistics.

Every page needs the mediators' PIN (see :mod:`fabrique_kit.web.auth`); every change
goes through the kit's actions, like a button or another kit would.

Example::

    POST /admin/message   text=« Fermé lundi »  until=2026-11-30T18:00
        -> kit.actions.run("message.post", text="Fermé lundi", until="2026-11-30T18:00:00+01:00")
"""

from __future__ import annotations

import csv
import dataclasses
import io
import re
from datetime import datetime

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for

from fabrique_kit.clock import PARIS
from fabrique_kit.errors import FabriqueError
from fabrique_kit.i18n import _
from fabrique_kit.model import as_dict
from fabrique_kit.web.auth import login_required
from fabrique_kit.web.context import web_context

admin = Blueprint("admin", __name__, url_prefix="/admin")


def tell_kit_about_setup(context) -> None:
    """Tell the kit whether its hall screen must show the first-run invitation (and its code)."""
    note = getattr(context.kit, "note_setup", None)
    if note is not None:
        note(None if context.pins.has_pin() else context.pins.setup_code())


@admin.record_once
def _setup_at_start(setup_state) -> None:
    tell_kit_about_setup(setup_state.app.extensions["fabrique"])


@admin.after_app_request
def _setup_after_choice(response):
    """After a try on the first-PIN page, the hall screen follows (code renewed or gone)."""
    context = web_context()
    if request.endpoint == "auth.setup" and request.method == "POST":
        tell_kit_about_setup(context)
    elif request.path.startswith("/admin") and getattr(context.kit, "setup_invitation", lambda: None)():
        tell_kit_about_setup(context)  # a PIN chosen some other way: the invitation goes
    return response

MAX_MESSAGE_LENGTH = 280
MAX_DESK = 20


def _run_action(name: str, success: str, **params) -> bool:
    """Run a kit action; flash ``success`` or the action's own error message."""
    try:
        web_context().kit.actions.run(name, **params)
    except FabriqueError as error:
        for problem in error.problems:
            flash(problem.message + (f" → {problem.hint}" if problem.hint else ""), "error")
        return False
    flash(success, "success")
    return True


def current_message() -> dict | None:
    """The banner shown now, as ``{"text", "until"}`` (from the state value ``message``).

    An expired message counts as none; ``until`` is given as « 01/12/2026 18:00 ».
    """
    value = web_context().kit.state.get("message")
    if not value:
        return None
    if isinstance(value, str):
        return {"text": value, "until": None}
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
                return None  # expired: the screen no longer shows it
            until = end.strftime("%d/%m/%Y %H:%M")
    return {"text": str(value["text"]), "until": until}


@admin.get("/")
def home_with_slash():
    """``/admin/`` typed by hand leads to ``/admin``."""
    return redirect(url_for("admin.home"))


@admin.get("")
@login_required
def home():
    """The mediators' home page: what they can change on this kit."""
    kit = web_context().kit
    return render_template("admin_home.html", kit=kit, message=current_message(),
                           counters=kit.counters())


# -- message banner ------------------------------------------------------------------


def parse_until(text: str, now: datetime) -> datetime | None:
    """The end time typed in the form (``2026-11-30T18:00``, Paris time), or None if empty.

    Raises ValueError with a French message when it is unreadable or already past.
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
    if when <= now:
        raise ValueError(_("Cette heure de fin est déjà passée."))
    return when


@admin.route("/message", methods=["GET", "POST"])
@login_required
def message():
    """Post a banner message with an optional end time."""
    kit = web_context().kit
    errors: dict[str, str] = {}
    form = {"text": "", "until": ""}
    if request.method == "POST":
        form = {"text": request.form.get("text", "").strip(), "until": request.form.get("until", "")}
        if not form["text"]:
            errors["text"] = _("Écrivez le message à afficher.")
        elif len(form["text"]) > MAX_MESSAGE_LENGTH:
            errors["text"] = _("Le message est trop long ({count} caractères au plus).",
                               count=MAX_MESSAGE_LENGTH)
        try:
            until = parse_until(form["until"], kit.state.clock.now())
        except ValueError as error:
            errors["until"] = str(error)
        if not errors:
            posted = _run_action(
                "message.post", _("Message affiché."), text=form["text"],
                until=until.isoformat() if until else None,
            )
            if posted:
                return redirect(url_for("admin.message"))
    return render_template(
        "message.html", current=current_message(), form=form, errors=errors,
        max_length=MAX_MESSAGE_LENGTH,
    ), (400 if errors else 200)


@admin.post("/message/effacer")
@login_required
def clear_message():
    """Remove the banner message."""
    _run_action("message.clear", _("Message effacé."))
    return redirect(url_for("admin.message"))


# -- waiting counters ------------------------------------------------------------------


def _counter_name(name: str) -> str:
    if name not in web_context().kit.counters():
        abort(404)
    return name


def counter_summary(name: str) -> dict:
    """What a counter shows now (number called, desk, people waiting), as plain data."""
    value = web_context().kit.state.get(name)
    if dataclasses.is_dataclass(value):
        value = as_dict(value)
    value = value if isinstance(value, dict) else {}
    return {
        "name": name,
        "called": value.get("called"),
        "desk": value.get("desk"),
        "waiting": value.get("waiting"),
        "estimated_wait_min": value.get("estimated_wait_min"),
        "open": value.get("open", True),
    }


@admin.get("/compteurs")
@login_required
def counters():
    """Every waiting counter of the kit with its buttons."""
    names = web_context().kit.counters()
    return render_template("counters.html", counters=[counter_summary(n) for n in names],
                           max_desk=MAX_DESK)


@admin.post("/compteurs/<name>/appeler")
@login_required
def call_next(name: str):
    """Call the next ticket to a desk."""
    name = _counter_name(name)
    desk = request.form.get("desk", default=1, type=int) or 1
    if not 1 <= desk <= MAX_DESK:
        flash(_("Le numéro de guichet doit être entre 1 et {count}.", count=MAX_DESK), "error")
    else:
        _run_action(f"{name}.call_next", _("Personne suivante appelée au guichet {desk}.", desk=desk),
                    desk=desk)
    return redirect(url_for("admin.counters") + f"#compteur-{name}")


@admin.post("/compteurs/<name>/clore")
@login_required
def close_session(name: str):
    """Close the counter's session (the people still waiting count as not received)."""
    name = _counter_name(name)
    _run_action(f"{name}.close_session", _("Session close."))
    return redirect(url_for("admin.counters") + f"#compteur-{name}")


@admin.route("/compteurs/<name>/remise-a-zero", methods=["GET", "POST"])
@login_required
def reset_counter(name: str):
    """Reset a counter, after an explicit confirmation."""
    name = _counter_name(name)
    if request.method == "POST":
        if request.form.get("confirm") != "oui":
            flash(_("Cochez la case pour confirmer la remise à zéro."), "error")
            return redirect(url_for("admin.reset_counter", name=name))
        _run_action(f"{name}.reset", _("Compteur remis à zéro."))
        return redirect(url_for("admin.counters") + f"#compteur-{name}")
    return render_template("counter_reset.html", counter=counter_summary(name))


def read_csv_rows(text: str) -> list[list[str]]:
    """The rows of a CSV text, with ``,`` or ``;`` between cells (spreadsheets in French
    use ``;``), without the byte-order mark that some spreadsheets need.

    Example::

        read_csv_rows("\ufeffdate;recus\n2026-11-24;18\n")   # [['date', 'recus'], ['2026-11-24', '18']]
    """
    text = text.lstrip("\ufeff")
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    return [row for row in csv.reader(io.StringIO(text), delimiter=delimiter) if row]


@admin.get("/compteurs/<name>/statistiques")
@login_required
def statistics(name: str):
    """The counter's anonymous figures as a table."""
    name = _counter_name(name)
    rows = read_csv_rows(web_context().kit.stats_csv(name) or "")
    return render_template("statistics.html", name=name, header=rows[0] if rows else [],
                           rows=rows[1:])


@admin.get("/compteurs/<name>/statistiques.csv")
@login_required
def statistics_csv(name: str):
    """The counter's figures as a CSV file, for a spreadsheet."""
    name = _counter_name(name)
    filename = re.sub(r"[^A-Za-z0-9_-]", "_", name) or "compteur"
    return Response(
        web_context().kit.stats_csv(name) or "",
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="statistiques-{filename}.csv"'},
    )
