"""The kit's one connection to the city broker, with paho-mqtt (threaded, like the kit).

paho's own thread (``loop_start``) connects, reconnects after a broker restart with a
growing delay (1 s to 30 s), and calls back on each message. The last will marks the kit
offline when it vanishes. A refused login or an unreachable broker is told in French
through ``on_problem``; nothing is published until the broker accepts the login.

Example::

    client = CityClient(settings, "hall", on_message=lambda topic, raw: ..., on_problem=print)
    client.start()
    client.publish(status_topic("maurepas"), {"ouvert": True, ...})
    client.stop()
"""

from __future__ import annotations

import logging
import ssl
import threading
from collections.abc import Callable

import paho.mqtt.client as mqtt
from paho.mqtt.enums import CallbackAPIVersion
from paho.mqtt.properties import Properties
from paho.mqtt.reasoncodes import ReasonCode

from fabrique_kit.city.payloads import encode
from fabrique_kit.city.settings import CitySettings
from fabrique_kit.city.topics import ALL, kit_topic
from fabrique_kit.i18n import _

log = logging.getLogger("fabrique_kit.city")
KEEPALIVE_S = 30
RECONNECT = (1, 30)  # seconds: first and longest delay between two attempts
BAD_LOGIN = (134, 135)  # MQTT 5: bad user name or password, not authorised


def login_problem(settings: CitySettings, code: int) -> str:
    """The French sentence for a login the broker refused (``code`` of its CONNACK)."""
    if code in BAD_LOGIN:
        return _("Le courtier de la ville refuse l'identifiant ou le mot de passe du lieu « {user} » : "
                 "rien n'est publié. Vérifiez [ville] dans fabrique.toml.", user=settings.user or settings.place)
    return _("Le courtier de la ville refuse la connexion (code {code}).", code=code)


def unreachable(settings: CitySettings) -> str:
    return _("Courtier de la ville injoignable ({url}) : les écrans gardent les dernières informations reçues, "
             "le kit réessaie tout seul.", url=settings.url)


def new_paho_client(settings: CitySettings, client_id: str) -> mqtt.Client:
    """A paho client (MQTT 5) with the account, TLS and reconnection delays of ``settings``."""
    client = mqtt.Client(CallbackAPIVersion.VERSION2, client_id=client_id, protocol=mqtt.MQTTv5)
    if settings.user:
        client.username_pw_set(settings.user, settings.password)
    if settings.tls:
        client.tls_set(
            ca_certs=str(settings.ca) if settings.ca else None,
            certfile=str(settings.certificate) if settings.certificate else None,
            keyfile=str(settings.certificate_key) if settings.certificate_key else None,
            cert_reqs=ssl.CERT_REQUIRED,
        )
    client.reconnect_delay_set(*RECONNECT)
    client.max_queued_messages_set(200)  # bounded while the broker is away
    return client


class CityClient:
    """One kit's connection: subscribe to the whole tree, publish retained JSON.

    ``on_message(topic, payload_bytes)`` runs in paho's thread; ``on_problem(text or
    None)`` is told each change of the connection (None: connected and accepted).
    """

    def __init__(self, settings: CitySettings, kit: str, *, on_message: Callable[[str, bytes], object],
                 on_problem: Callable[[str | None], None], subscribe: str = ALL, will: bool = True):
        self.settings, self.kit = settings, kit
        self.on_message, self.on_problem = on_message, on_problem
        self.connected = threading.Event()
        self.subscribed = threading.Event()
        self.problem: str | None = None
        self.refused: list[tuple[str, int]] = []  # (topic, reason) of publications the broker refused
        self._pending: dict[int, str] = {}
        self._early: dict[int, int] = {}
        self._lock = threading.Lock()
        self._topic = subscribe
        self._started = False
        self.client = new_paho_client(settings, f"fabrique-{settings.place}-{kit}")
        if will:  # the broker marks the kit offline if it vanishes
            self.client.will_set(kit_topic(settings.place, kit), encode({"kit": kit, "en_ligne": False}),
                                 qos=1, retain=True)
        self.client.on_connect = self._connected
        self.client.on_connect_fail = self._failed
        self.client.on_disconnect = self._disconnected
        self.client.on_message = self._message
        self.client.on_subscribe = self._subscribed
        self.client.on_publish = self._published

    # -- running -----------------------------------------------------------------
    def start(self) -> None:
        """Connect in the background (an absent broker is retried, never waited for)."""
        if self._started:
            return
        self._started = True
        self.client.connect_async(self.settings.host, self.settings.port, keepalive=KEEPALIVE_S)
        self.client.loop_start()

    def stop(self, farewell: dict | None = None) -> None:
        """Publish ``farewell`` (the kit's offline health) if connected, then disconnect."""
        if not self._started:
            return
        self._started = False
        if farewell is not None and self.connected.is_set():
            info = self.client.publish(kit_topic(self.settings.place, self.kit), encode(farewell), qos=1, retain=True)
            info.wait_for_publish(1.0)
        self.client.disconnect()
        self.client.loop_stop()

    def publish(self, topic: str, data: dict | bytes, retain: bool = True) -> mqtt.MQTTMessageInfo | None:
        """Queue ``data`` (a dict gets ``"v": 1``) on ``topic``; None when not connected (nothing queued).

        A publication the broker refuses (MQTT 5 PUBACK) is noted in ``refused``.
        """
        if not self.connected.is_set():
            return None
        # never hold our lock while paho works: its thread calls on_publish holding its own
        info = self.client.publish(topic, data if isinstance(data, bytes) else encode(data), qos=1, retain=retain)
        with self._lock:  # the broker's answer may have come before publish() returned
            early = self._early.pop(info.mid, None)
            if early is not None:
                self.refused.append((topic, early))
            else:
                self._pending[info.mid] = topic
            if len(self._pending) > 500:
                self._pending.clear()
        return info if info.rc == mqtt.MQTT_ERR_SUCCESS else None

    # -- paho's callbacks (its thread) ----------------------------------------------
    def _set_problem(self, problem: str | None) -> None:
        if problem != self.problem:
            self.problem = problem
            self.on_problem(problem)

    def _connected(self, client, _userdata, _flags, reason: ReasonCode, _properties) -> None:
        if reason.is_failure:
            self.connected.clear()
            self._set_problem(login_problem(self.settings, reason.value))
            return
        self.connected.set()
        client.subscribe(self._topic, qos=1)
        self.problem = None
        self.on_problem(None)  # each (re)connection: the kit says it all again

    def _failed(self, _client, _userdata) -> None:
        self.connected.clear()
        self._set_problem(unreachable(self.settings))

    def _disconnected(self, _client, _userdata, _flags, reason: ReasonCode, _properties) -> None:
        was = self.connected.is_set()
        self.connected.clear()
        self.subscribed.clear()
        if was and self._started:
            self._set_problem(unreachable(self.settings))

    def _subscribed(self, _client, _userdata, _mid, _codes, _properties) -> None:
        self.subscribed.set()

    def _message(self, _client, _userdata, message: mqtt.MQTTMessage) -> None:
        try:
            self.on_message(message.topic, bytes(message.payload))
        except Exception:  # one bad message never stops the network thread
            log.exception("city message on %s", message.topic)

    def _published(self, _client, _userdata, mid: int, reason: ReasonCode, _properties: Properties) -> None:
        with self._lock:
            topic = self._pending.pop(mid, None)
            if topic is None and reason.is_failure:
                self._early[mid] = reason.value  # publish() has not noted its topic yet
                if len(self._early) > 100:
                    self._early.clear()
            elif topic is not None and reason.is_failure:
                self.refused.append((topic, reason.value))
                del self.refused[:-20]
