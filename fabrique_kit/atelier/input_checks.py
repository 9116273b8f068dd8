"""Did the team press a button? Read the running kit's ``/api/state`` to find out.

Two traces count: a waiting counter's ``last_ticket`` grew (what the afficheur's
button does), or the ``entrees`` value (every input's value, by control id) changed.

Example::

    ctx = StepContext(folder=Path("mon-afficheur"))
    wait_for_input(ctx, "En attente…")     # first call: remembers how things are
    wait_for_input(ctx, "En attente…")     # later: ok once a ticket was taken
"""

from __future__ import annotations

from dataclasses import dataclass

from fabrique_kit.atelier import local_kit
from fabrique_kit.atelier.context import CheckResult, StepContext
from fabrique_kit.i18n import _


@dataclass(frozen=True)
class InputEvidence:
    """What the kit's state says about its inputs: tickets per counter, the inputs' value."""

    tickets: dict
    inputs_version: int
    active_now: bool


def input_evidence(state: dict) -> InputEvidence:
    """Read ``/api/state``: each counter's ``last_ticket`` and the ``entrees`` value.

    Example::

        input_evidence({"values": {"attente": {"value": {"last_ticket": 3}}}}).tickets
        # {'attente': 3}
    """
    values = state.get("values") or {}
    tickets = {}
    for name, item in values.items():
        value = item.get("value") if isinstance(item, dict) else None
        if isinstance(value, dict) and "last_ticket" in value:
            tickets[name] = value.get("last_ticket") or 0
    entrees = values.get("entrees")
    inputs = entrees if isinstance(entrees, dict) else {}
    value_now = inputs.get("value")
    current = value_now if isinstance(value_now, dict) else {}
    active = any(v is True or (isinstance(v, int | float) and not isinstance(v, bool) and v >= 1)
                 for v in current.values())
    version_sent = inputs.get("version")
    version = version_sent if isinstance(version_sent, int) else 0
    return InputEvidence(tickets=tickets, inputs_version=version, active_now=active)


def wait_for_input(ctx: StepContext, waiting: str) -> CheckResult:
    """Passed when an input was used since the step began (``waiting`` is the message otherwise).

    With ``ctx.once`` (``--une-fois``) there is no "before": a ticket taken today, or an
    input pressed right now, is the proof.
    """
    state = local_kit.read_json(local_kit.kit_url(ctx.port, "/api/state"))
    if state is None:
        return CheckResult(False, _("L'aperçu ne répond pas : lancez fabrique run {folder}.", folder=ctx.shown_folder))
    now = input_evidence(state)
    if ctx.once:
        taken = max(now.tickets.values(), default=0)
        if taken:
            return CheckResult(True, _("Un ticket a été pris aujourd'hui (dernier : n°{n}).", n=taken))
        if now.active_now:
            return CheckResult(True, _("Une entrée est appuyée en ce moment."))
        return CheckResult(False, waiting)
    before: InputEvidence | None = ctx.memory.get("avant")
    if before is None or now.inputs_version < before.inputs_version:  # first look, or the kit restarted
        ctx.memory["avant"] = now
        before = now
    for name, ticket in now.tickets.items():
        if ticket > before.tickets.get(name, 0):
            return CheckResult(True, _("Ticket n°{n} pris : le bouton marche !", n=ticket))
    if now.inputs_version > before.inputs_version or now.active_now:
        return CheckResult(True, _("Le kit a vu l'entrée bouger : elle marche !"))
    return CheckResult(False, waiting)
