"""The message banner: a text the mediators post (from a button, the admin page, another
kit), shown until a date or until cleared.

Example::

    banner = MessageBanner(state, actions, clock, initial="Fermé lundi")
    banner.post("Atelier annulé", until="2026-12-01T18:00")
    banner.current()          # {'text': 'Atelier annulé', 'until': '2026-12-01T18:00:00+01:00'}
"""

from __future__ import annotations

from datetime import datetime

from fabrique_kit.actions import Actions
from fabrique_kit.clock import Clock
from fabrique_kit.errors import FabriqueError
from fabrique_kit.i18n import _
from fabrique_kit.state import State


class MessageBanner:
    """The ``message`` value of the state, and its ``message.post`` / ``message.clear`` actions."""

    def __init__(self, state: State, actions: Actions, clock: Clock, initial: str = ""):
        self.state, self.clock = state, clock
        state.set("message", {"text": initial, "until": None} if initial else None)
        actions.register("message.post", self.post, _("Afficher un message"))
        actions.register("message.clear", self.clear, _("Effacer le message"))

    def post(self, text: str, until: str | None = None) -> dict:
        text = str(text).strip()[:500]
        if not text:
            raise FabriqueError(_("Le message est vide."), field="text")
        if until:
            try:
                end = datetime.fromisoformat(str(until))
            except ValueError:
                raise FabriqueError(
                    _("« {value} » n'est pas une date et heure.", value=until),
                    field="until",
                    hint=_("Écrivez par exemple 2026-12-01T18:00."),
                ) from None
            if end.tzinfo is None:
                end = end.replace(tzinfo=self.clock.tz)
            until = end.isoformat()
        value = {"text": text, "until": until}
        self.state.set("message", value)
        return value

    def clear(self) -> None:
        self.state.set("message", None)

    def current(self) -> dict | None:
        value = self.state.get("message")
        if not value:
            return None
        if value.get("until") and datetime.fromisoformat(value["until"]) <= self.clock.now():
            return None
        return value
