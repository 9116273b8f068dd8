"""The message banner: a text the mediators post (from a button, the admin page, another
kit), of a kind (information, fermeture, alerte), shown from a date (or now) until a date
(or until cleared).

The state value ``message`` is the one shown now: ``{"text", "until", "kind", "from",
"id"}``. Messages planned for later wait in the state value ``messages_prevus`` (a list,
soonest first). No one polls: a small thread sleeps until the next change (a planned
message starts, the shown one ends), then updates the state, which redraws the screen.
Kept in a file (:meth:`MessageBanner.keep_in`, :mod:`fabrique_kit.kit.message_store`),
the messages survive a restart and a power cut.

Example::

    banner = MessageBanner(state, actions, clock, initial="Fermé lundi")
    banner.post("Atelier annulé", until="2026-12-01T18:00", kind="fermeture")
    banner.post("Coupure d'eau", kind="alerte", start="2026-12-02T09:00", until="2026-12-02T12:00")
    banner.current()["kind"]          # 'fermeture'
    [m["text"] for m in banner.planned()]     # ["Coupure d'eau"]
    banner.keep_in(Path(".fabrique/messages.json"))   # saved at each change, read back now
"""

from __future__ import annotations

import secrets
import threading
import weakref
from datetime import datetime
from pathlib import Path

from fabrique_kit.actions import Actions
from fabrique_kit.clock import Clock
from fabrique_kit.errors import FabriqueError
from fabrique_kit.i18n import _
from fabrique_kit.state import State

KINDS = ("information", "fermeture", "alerte")
PLANNED = "messages_prevus"
MAX_PLANNED = 20
MAX_TEXT = 500


class MessageBanner:
    """The ``message`` value of the state, the planned ones, and their actions
    (``message.post``, ``message.clear``, ``message.cancel``)."""

    def __init__(self, state: State, actions: Actions, clock: Clock, initial: str = ""):
        self.state, self.clock, self.initial = state, clock, initial
        self._path: Path | None = None
        state.set("message", {"text": initial, "until": None, "kind": "information"} if initial else None)
        actions.register("message.post", self.post, _("Afficher un message"))
        actions.register("message.clear", self.clear, _("Effacer le message"))
        actions.register("message.cancel", self.cancel, _("Retirer un message prévu"))
        self._lock = threading.RLock()
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    # -- actions ---------------------------------------------------------------------
    def _moment(self, value, field: str) -> datetime | None:
        if not value:
            return None
        try:
            moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
        except ValueError:
            raise FabriqueError(
                _("« {value} » n'est pas une date et heure.", value=value), field=field,
                hint=_("Écrivez par exemple 2026-12-01T18:00."),
            ) from None
        return moment if moment.tzinfo else moment.replace(tzinfo=self.clock.tz)

    def post(self, text: str, until: str | None = None, kind: str = "information",
             start: str | None = None) -> dict:
        """Show ``text`` now (or from ``start``) until ``until`` (or until cleared).

        Example: ``banner.post("Coupure d'eau", kind="alerte", until="2026-12-02T12:00")``
        """
        text = str(text).strip()[:MAX_TEXT]
        if not text:
            raise FabriqueError(_("Le message est vide."), field="text")
        kind = kind or "information"
        if kind not in KINDS:
            raise FabriqueError(_("Type de message inconnu : « {kind} ».", kind=kind), field="kind",
                                hint=_("Choisissez parmi : {choices}.", choices=", ".join(KINDS)))
        begin, end = self._moment(start, "start"), self._moment(until, "until")
        now = self.clock.now()
        if end is not None and begin is not None and end <= begin:
            raise FabriqueError(_("La fin du message est avant son début."), field="until")
        value = {"text": text, "until": end.isoformat() if end else None, "kind": kind,
                 "id": secrets.token_hex(4)}
        with self._lock:
            if begin is not None and begin > now:
                value["from"] = begin.isoformat()
                planned = sorted(self.planned() + [value], key=lambda m: m["from"])[:MAX_PLANNED]
                self.state.set(PLANNED, planned)
            else:
                if begin is not None:
                    value["from"] = begin.isoformat()
                self.state.set("message", value)
            self._save()
        self._schedule()
        return value

    def clear(self) -> None:
        """Remove the message shown now (the planned ones stay).

        Example: ``banner.clear()``
        """
        with self._lock:
            self.state.set("message", None)
            self._save()

    def cancel(self, id: str) -> bool:  # noqa: A002 - the action's parameter, as the API sends it
        """Remove the planned message ``id``; True when it was there.

        Example: ``banner.cancel("3fa2b1c0")``
        """
        with self._lock:
            planned = self.planned()
            kept = [m for m in planned if m.get("id") != id]
            if len(kept) == len(planned):
                return False
            self.state.set(PLANNED, kept)
            self._save()
        self._schedule()
        return True

    # -- reading -----------------------------------------------------------------------
    def current(self) -> dict | None:
        """The message shown now, or None (an ended one is already none).

        Example: ``banner.current()`` → ``{'text': 'Fermé lundi', 'kind': 'information', ...}``
        """
        value = self.state.get("message")
        if not value:
            return None
        if value.get("until") and datetime.fromisoformat(value["until"]) <= self.clock.now():
            return None
        return {"kind": "information", **value}

    def planned(self) -> list[dict]:
        """The messages waiting for their start, soonest first.

        Example: ``[m["from"] for m in banner.planned()]``
        """
        return [dict(m) for m in self.state.get(PLANNED) or []]

    def next_change(self) -> datetime | None:
        """When the banner changes next by itself (a start or an end), or None."""
        moments = []
        value = self.state.get("message")
        if value and value.get("until"):
            moments.append(datetime.fromisoformat(value["until"]))
        moments += [datetime.fromisoformat(m["from"]) for m in self.planned()]
        return min(moments) if moments else None

    def tick(self) -> None:
        """Apply what is due now: end the shown message, start a planned one.

        Example: ``banner.tick()`` (the banner's thread does it at each change)
        """
        now = self.clock.now()
        with self._lock:
            changed = False
            value = self.state.get("message")
            if value and value.get("until") and datetime.fromisoformat(value["until"]) <= now:
                self.state.set("message", None)
                changed = True
            planned = self.planned()
            due = [m for m in planned if datetime.fromisoformat(m["from"]) <= now]
            if due:
                self.state.set(PLANNED, [m for m in planned if m not in due])
                live = [m for m in due if not m.get("until") or datetime.fromisoformat(m["until"]) > now]
                if live:
                    self.state.set("message", live[-1])
                changed = True
            if changed:
                self._save()

    # -- on disk: a restart or a power cut keeps the messages ------------------------------
    def keep_in(self, path: str | Path) -> None:
        """Save the messages to ``path`` at each change, and take back the ones saved there
        (ended ones dropped, a damaged file set aside: the kit never fails on it).

        Example: ``banner.keep_in(kit.data_dir / "messages.json")``
        """
        from fabrique_kit.kit.message_store import read_messages

        saved = read_messages(Path(path), self.clock.now(), self.clock.tz)
        with self._lock:
            self._path = Path(path)
            if saved is None:
                return
            if saved.current is not None:
                self.state.set("message", saved.current)
            elif saved.initial == self.initial and not saved.initial_shown:
                self.state.set("message", None)  # the mediators had cleared the starting one
            self.state.set(PLANNED, saved.planned[:MAX_PLANNED])
        self.tick()  # what started or ended while the kit was off
        if self.next_change() is not None:
            self._schedule()

    def _save(self) -> None:
        """Write the messages to the banner's file (called with the lock held, at each change)."""
        if self._path is None:
            return
        from fabrique_kit.kit.message_store import save_messages

        value = self.state.get("message")
        posted = value if isinstance(value, dict) and value.get("id") else None  # not the config's, not a city's
        shown = bool(self.initial) and isinstance(value, dict) and not value.get("id") \
            and value.get("text") == self.initial
        save_messages(self._path, posted, self.planned(), initial=self.initial, initial_shown=shown)

    # -- the thread that waits for the next change ---------------------------------------
    def _schedule(self) -> None:
        with self._lock:
            self._wake.set()
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=_follow, args=(weakref.ref(self),),
                                                name="fabrique-message", daemon=True)
                self._thread.start()

    def close(self) -> None:
        """Stop waiting for the next change.

        Example: ``banner.close()``
        """
        self._stop.set()
        self._wake.set()


def _follow(reference) -> None:
    """Sleep until the banner's next change, apply it, again; end when nothing is planned.

    It holds the banner only through a weak reference: a kit that is gone ends it.
    """
    while threading.main_thread().is_alive():
        banner = reference()
        if banner is None or banner._stop.is_set():
            return
        banner._wake.clear()  # a post from now on wakes the sleep below
        banner.tick()
        moment = banner.next_change()
        if moment is None:
            with banner._lock:
                if banner.next_change() is None:
                    banner._thread = None
                    return
            continue
        wake, clock = banner._wake, banner.clock
        seconds = max(0.0, (moment - clock.now()).total_seconds())
        del banner
        clock.sleep(min(seconds, 3600.0), wake)
