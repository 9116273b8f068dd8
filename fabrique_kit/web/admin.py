"""Admin pages for mediators: home, waiting counters, statistics (the message: messages.py).

Every page needs the mediators' PIN (see :mod:`fabrique_kit.web.auth`); every change
goes through the kit's actions, like a button or another kit would.

Example::

    POST /admin/compteurs/attente/appeler   desk=2
        -> kit.actions.run("attente.call_next", desk=2)
"""

from __future__ import annotations

import csv
import dataclasses
import io
import re

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for

from fabrique_kit.errors import FabriqueError
from fabrique_kit.i18n import _
from fabrique_kit.model import as_dict
from fabrique_kit.web.auth import login_required
from fabrique_kit.web.context import web_context
from fabrique_kit.web.messages import current_message, planned_messages, run_action

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


@admin.get("/")
def home_with_slash():
    """``/admin/`` typed by hand leads to ``/admin``."""
    return redirect(url_for("admin.home"))


@admin.get("")
@login_required
def home():
    """The mediators' home page: what they can change on this kit."""
    kit = web_context().kit
    return render_template("admin_home.html", kit=kit, message=current_message(), planned=planned_messages(),
                           counters=kit.counters())


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
    kit = web_context().kit
    names = kit.counters()
    kinds = {n: getattr(kit, "request_kinds", lambda _n: ())(n) for n in names}
    return render_template("counters.html", counters=[counter_summary(n) for n in names],
                           max_desk=MAX_DESK, kinds=kinds, has_bilan=hasattr(kit, "bilan"))


@admin.post("/compteurs/<name>/appeler")
@login_required
def call_next(name: str):
    """Call the next ticket to a desk."""
    name = _counter_name(name)
    desk = request.form.get("desk", default=1, type=int) or 1
    if not 1 <= desk <= MAX_DESK:
        flash(_("Le numéro de guichet doit être entre 1 et {count}.", count=MAX_DESK), "error")
    else:
        run_action(f"{name}.call_next", _("Personne suivante appelée au guichet {desk}.", desk=desk),
                    desk=desk)
    return redirect(url_for("admin.counters") + f"#compteur-{name}")


@admin.route("/compteurs/<name>/clore", methods=["GET", "POST"])
@login_required
def close_session(name: str):
    """Close the counter's session after a confirmation that says how many people are still
    waiting (they will count as left without help)."""
    name = _counter_name(name)
    if request.method == "POST":
        if request.form.get("confirm") != "oui":
            return redirect(url_for("admin.close_session", name=name))
        run_action(f"{name}.close_session", _("Session close."))
        return redirect(url_for("admin.counters") + f"#compteur-{name}")
    return render_template("counter_close.html", counter=counter_summary(name))


@admin.post("/compteurs/<name>/refus")
@login_required
def turn_away(name: str):
    """Note, in one tap, a person the desk could not receive (« refus »), with an optional kind."""
    name = _counter_name(name)
    kind = request.form.get("kind", "").strip() or None
    try:
        count = web_context().kit.actions.run(f"{name}.turn_away", kind=kind)
    except FabriqueError as error:
        for problem in error.problems:
            flash(problem.message + (f" → {problem.hint}" if problem.hint else ""), "error")
    else:
        flash(_("Personne non reçue notée ({count} aujourd'hui).", count=count), "success")
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
        run_action(f"{name}.reset", _("Compteur remis à zéro."))
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
