"""The kit on the city network (``[ville]`` in ``fabrique.toml``): a source that publishes
this place's offer, live status and kits' health, and keeps what the other places say in
the state (``ville``: the fleet; ``ville.ailleurs``: the hall screen's panel).

Without ``[ville]`` nothing is created. Under ``fabrique preview`` the kit only reads
(it never publishes a status computed at a chosen time). Messages from the coordinator
for this place go to the banner (the state's ``message``, with its kind).

Example::

    attach_city(kit, parts)        # in Kit.__init__, after the config's sources
    kit.state.get("ville.ailleurs")["lieux"][0]["nom"]
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

from fabrique_kit.city.client import CityClient
from fabrique_kit.city.fleet import new_messages, publish_messages
from fabrique_kit.city.nearby import elsewhere
from fabrique_kit.city.offer import build_offer, build_status, pick_place
from fabrique_kit.city.settings import CitySettings, settings_from
from fabrique_kit.city.topics import (
    COORDINATOR,
    bilan_topic,
    kit_topic,
    offer_topic,
    place_id,
    status_topic,
)
from fabrique_kit.city.view import CityView, Coalesced
from fabrique_kit.config import located
from fabrique_kit.errors import FabriqueError
from fabrique_kit.i18n import _

if TYPE_CHECKING:
    from fabrique_kit.kit.facade import Kit
    from fabrique_kit.kit.parts import KitParts

HEARTBEAT_S = 300.0  # status and health again, even unchanged, so others see it is alive
BILAN_EVERY_S = 3600.0  # the year's figures, at most once an hour (SQL over the counters' files)
UPDATE_DELAY_S = 0.05  # received messages are worked out together, this long after the first
PREVIEW_WAIT_S = 3.0  # a preview waits at most this long for the retained messages


def attach_city(kit: Kit, parts: KitParts) -> CitySource | None:
    """Add the city source to ``kit`` when its config has ``[ville] courtier``."""
    where: list = []
    try:
        settings = settings_from(kit.config, where)
    except Exception:
        with located(kit.config, ("ville", *where)):
            raise
    if settings is None:
        return None
    source = CitySource(kit, parts, settings)
    parts.sources.add(source)
    return source


class CitySource:
    """The sources' contract (``name``, ``every``, ``refresh``, ``close``) over a CityClient."""

    name = "ville"
    every = 30.0

    def __init__(self, kit: Kit, parts: KitParts, settings: CitySettings):
        self.kit, self.parts, self.settings = kit, parts, settings
        # a network source (no secret in it): the status line says « hors ligne » and the
        # age, never « fichier illisible », when the broker is away
        self.url = settings.url
        self.view = CityView()
        self.kit_name = place_id(kit.name) or "kit"
        self.coordinator = settings.user == COORDINATOR  # reads all, writes only the messages
        self.client = CityClient(settings, self.kit_name, on_message=self._message, on_problem=self._problem,
                                 will=not self.coordinator)
        if self.coordinator:
            kit.actions.register("ville.message", self.send_message, _("Envoyer un message aux lieux"))
        self.published: dict[str, dict] = {}
        self._last_sent: dict[str, float] = {}
        self._lock = threading.Lock()
        self._frame: tuple[int, str | None] = (0, None)
        self._applied: set[str] = set()
        self._unsubscribe = None
        self.own_status: dict | None = None
        self._later = Coalesced(UPDATE_DELAY_S, self._received)
        self._bilan_sent = -1e12
        self.read_only = False  # a preview: read the city, publish nothing

    # -- the sources' contract ---------------------------------------------------------
    def refresh(self, state) -> float | None:
        options = self.kit.options
        if options.mode == "preview":  # no server of its own, but it reads the city as a feed is read
            self._read_once()
            return None
        if not options.network or options.mode == "load":
            return None
        if self._unsubscribe is None:
            self._unsubscribe = state.subscribe(self._state_changed)
            self.client.start()
        self.publish_all(force=False)
        if self.kit.clock.monotonic() - self._bilan_sent >= BILAN_EVERY_S:
            self.publish_bilan()
        self._update_state()
        return None

    def close(self) -> None:
        self._later.cancel()
        if self._unsubscribe is not None:
            self._unsubscribe()
        self.client.stop(farewell=None if self.coordinator else self._health(online=False))

    def send_message(self, text: str, kind: str = "information", start: str | None = None,
                     end: str | None = None, places: str = "") -> dict:
        """The coordinator's action ``ville.message``: a message for all places, or some
        (``places``: identifiers separated by commas), shown from ``start`` to ``end``."""
        if not self.client.connected.is_set():
            raise FabriqueError(self.client.problem or _("Le kit n'est pas connecté au courtier de la ville."))
        chosen = [p.strip() for p in str(places or "").split(",") if p.strip()]
        message, data = new_messages(self.view.messages, text, kind=kind, start=start or None, end=end or None,
                                     places=chosen, now=self.kit.clock.now())
        publish_messages(self.client, data)
        return message

    # -- publishing ----------------------------------------------------------------------
    def _place_data(self):
        semainier = self.kit.state.get("semainier")
        if semainier is None or not getattr(semainier, "places", None):
            return None, None
        return semainier, pick_place(semainier, self.kit.config.semainier_place or self.kit.place)

    def _health(self, online: bool = True) -> dict:
        number = self.parts.frames.number
        if number != self._frame[0]:
            self._frame = (number, self.kit.clock.now().isoformat(timespec="seconds"))
        from fabrique_kit import __version__

        errors = [f"{v.name} : {v.error}"[:300] for v in self.kit.state.snapshot().values()
                  if v.error and v.name != self.name][:10]
        return {"lieu": self.settings.place, "kit": self.kit.name[:80], "en_ligne": online,
                "version": __version__, "derniere_image": self._frame[1], "erreurs": errors,
                "publie": self.kit.clock.now().isoformat(timespec="seconds")}

    def _send(self, topic: str, data: dict, force: bool) -> None:
        now = self.kit.clock.monotonic()
        with self._lock:
            same = self.published.get(topic) == data
            if same and not force and now - self._last_sent.get(topic, -1e9) < HEARTBEAT_S:
                return
            sent = self.client.publish(topic, {**data, "publie": self.kit.clock.now().isoformat(timespec="seconds")})
            if sent is not None:
                self.published[topic] = data
                self._last_sent[topic] = now

    def publish_all(self, force: bool = False) -> None:
        """Publish what changed (all of it with ``force``, as after a reconnection)."""
        if self.coordinator or self.read_only:
            return
        place = self.settings.place
        semainier, chosen = self._place_data()
        now = self.kit.clock.now()
        if chosen is not None:
            offer = build_offer(semainier, chosen, now, self.settings.transport)
            self._send(offer_topic(place), {"lieu": place, **offer}, force)
            queues = [c.status() for c in self.parts.sources.counters.values()]
            self.own_status = build_status(semainier, chosen, now, queues)
            self._send(status_topic(place), {"lieu": place, **self.own_status}, force)
        health = self._health()
        health.pop("publie")
        self._send(kit_topic(place, self.kit_name), health, force)

    def publish_bilan(self) -> None:
        """This place's anonymous figures of the year (the counters' bilan), for the city's sum."""
        counters = list(self.parts.sources.counters.values())
        if self.coordinator or not counters:
            return
        try:
            from fabrique_kit.sources.counters.bilan import compute
        except ImportError:  # a kit without the counters' bilan: nothing to add up
            return
        now = self.kit.clock.now()
        try:
            total = compute([c.db_path for c in counters], now.year, today=now.date()).total()
        except FabriqueError:
            return
        figures = {
            "tickets": total.tickets, "recus": total.received, "refus": total.turned_away, "absents": total.absent,
            "sans_aide": total.left_without_help, "seances": total.session_count,
            "attente_somme_min": round(total.wait_sum_min), "attentes": total.wait_count,
            "attente_max_min": round(total.wait_max_min or 0),
        }
        place = self.settings.place
        self._send(bilan_topic(place), {"lieu": place, "periode": str(now.year), "chiffres": figures}, force=True)
        self._bilan_sent = self.kit.clock.monotonic()

    def _state_changed(self, names: set[str]) -> None:
        if "semainier" in names or names & set(self.parts.sources.counters):
            self.publish_all()
            self._update_state()

    # -- receiving -------------------------------------------------------------------------
    def _message(self, topic: str, raw: bytes) -> None:
        if self.view.receive(topic, raw, self.kit.clock.now()):
            self._later.poke()  # a burst of messages (a reconnection) is worked out once

    def _received(self) -> None:
        self._update_state()

    def _problem(self, problem: str | None) -> None:
        state = self.kit.state
        if problem is None:
            state.touch(self.name)
            self.publish_all(force=True)  # after a broker restart, say it all again
        else:
            state.fail(self.name, problem)

    def _update_state(self) -> None:
        state, now = self.kit.state, self.kit.clock.now()
        fleet = self.view.fleet(now)
        fleet["connecte"] = self.client.connected.is_set()
        state.set("ville", fleet)
        if self.client.problem:
            state.fail("ville", self.client.problem)
        if self.own_status is None:
            self._place_data_status(now)
        state.set("ville.ailleurs", elsewhere(fleet, self.settings.place, now, self.own_status))
        self.apply_messages()

    def _place_data_status(self, now) -> None:
        semainier, chosen = self._place_data()
        if chosen is not None:
            queues = [c.status() for c in self.parts.sources.counters.values()]
            self.own_status = build_status(semainier, chosen, now, queues)

    def apply_messages(self) -> None:
        """Show the coordinator's messages meant for this place, once each, from their start."""
        now = self.kit.clock.now()
        for message in self.view.messages:
            places = message.get("lieux") or []
            if message["id"] in self._applied or (places and self.settings.place not in places):
                continue
            if message.get("du") and _moment(message["du"], now) > now:
                continue
            if message.get("au") and _moment(message["au"], now) <= now:
                continue
            self._applied.add(message["id"])
            self.kit.state.set("message", {"text": message["texte"], "until": message.get("au"),
                                           "kind": message["type"], "from": message.get("du"), "source": "ville"})

    def _read_once(self) -> None:
        """Preview: connect, take the retained messages, disconnect (nothing published)."""
        client = self.client
        self.read_only = True
        client.client.will_clear()  # nor mark the running kit of this place offline
        client.start()
        for _step in range(int(PREVIEW_WAIT_S / 0.05)):  # until subscribed, refused or unreachable
            if client.subscribed.wait(0.05) or client.problem is not None:
                break
        if client.subscribed.is_set():
            threading.Event().wait(0.5)  # the retained messages follow the subscription at once
        client.stop()
        self._update_state()


def _moment(text: str, now):
    from datetime import datetime

    moment = datetime.fromisoformat(text)
    return moment if moment.tzinfo else moment.replace(tzinfo=now.tzinfo)
