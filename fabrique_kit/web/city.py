"""The coordinator's fleet view of the city network: ``/ville`` lists every place and kit
(online or not, last seen, version, errors, queue and wait) from what this kit received;
on a coordinator's kit, logged-in mediators send a message to all or some places.

Reading is public, like the kits' API; sending needs the mediators' login and the
action ``ville.message`` (only a kit whose ``[ville]`` account is ``coordination`` has it).

Example::

    GET  /ville             the fleet (JSON with ?format=json)
    POST /ville/message     text, kind, start, end, places → shown on those places' screens
"""

from __future__ import annotations

from flask import Blueprint, flash, jsonify, redirect, render_template, request, url_for

from fabrique_kit.errors import FabriqueError
from fabrique_kit.i18n import _
from fabrique_kit.web.auth import is_logged_in, login_required
from fabrique_kit.web.context import web_context

city = Blueprint("city", __name__, url_prefix="/ville")
KINDS = ("information", "fermeture", "alerte")


@city.get("")
def fleet():
    # imported here: paho-mqtt is loaded only by kits on the city network
    from fabrique_kit.city.fleet import city_bilan, fleet_rows

    kit = web_context().kit
    value = kit.state.value("ville")
    now = kit.state.clock.now()
    data = value.value if value is not None and isinstance(value.value, dict) else {}
    rows = fleet_rows(data, now)
    if request.args.get("format") == "json":
        return jsonify({"lieux": rows, "bilan": city_bilan(data), "erreur": value.error if value is not None else None})
    return render_template(
        "city.html", rows=rows, error=value.error if value is not None else None,
        configured=value is not None, messages=data.get("messages") or [],
        can_send="ville.message" in kit.actions and is_logged_in(), kinds=KINDS,
        places=sorted((data.get("lieux") or {}).items()), bilan=city_bilan(data),
    )


@city.post("/message")
@login_required
def send():
    kit = web_context().kit
    if "ville.message" not in kit.actions:
        flash(_("Seul le kit de la coordination envoie des messages aux lieux."), "error")
        return redirect(url_for("city.fleet"), 303)
    form = request.form
    try:
        kit.actions.run("ville.message", text=form.get("text", ""), kind=form.get("kind", "information"),
                        start=form.get("start") or None, end=form.get("end") or None,
                        places=",".join(form.getlist("places")))
    except FabriqueError as error:
        flash(error.problems[0].message if error.problems else str(error), "error")
        return redirect(url_for("city.fleet"), 303)
    flash(_("Message envoyé."), "ok")
    return redirect(url_for("city.fleet"), 303)
