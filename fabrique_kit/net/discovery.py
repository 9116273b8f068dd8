"""Kits find each other on the local network with zeroconf (mDNS / DNS-SD).

Each kit *advertises* the service ``_fabrique._tcp.local.`` with its name, place,
template, version and port, and *browses* for the others (see browser.py). Nobody
types an IP address.

Network choices, for real sites:

- IPv4 only: every box and Wi-Fi of the social centres does IPv4; IPv6 multicast
  cannot use zeroconf's default interface and would double the traffic.
- ``InterfaceChoice.Default``: one socket on the interface of the default route, so no
  packet is repeated on every interface (docker bridges, a second card...). A kit on
  two networks can pass its addresses instead: ``Advertiser(info, port, ["192.168.1.20"])``.
- Only the real interfaces' addresses are announced, never 127.0.0.1 (a kit with no
  IPv4 address announces none until it gets one); loopback addresses another device
  announces are ignored, so a kit never follows itself by mistake.
- The TXT ``name`` always matches the advertised instance: a second « accueil » renamed
  ``accueil-2`` by zeroconf says ``name=accueil-2``.
- Records live 60 s: a kit that vanished without a goodbye (power cut) is marked gone
  within about a minute; one that stops cleanly, at once.
- zeroconf shares port 5353 with avahi (SO_REUSEADDR/SO_REUSEPORT): both can run on
  a Raspberry Pi. Questions are multicast (QM) so that no answer is lost to the other
  program holding the port.

Example::

    from fabrique_kit.net import Advertiser, discover
    with Advertiser({"id": "k1", "name": "Accueil"}, 8080):
        for peer in discover(timeout=3):
            print(peer.name, peer.base_url)
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import errno
import logging
import re
import socket
from typing import Any

from zeroconf import (
    InterfaceChoice,
    IPVersion,
    NonUniqueNameException,
    ServiceInfo,
    Zeroconf,
)

from fabrique_kit.errors import FabriqueError
from fabrique_kit.i18n import _
from fabrique_kit.net.addresses import local_ipv4_addresses
from fabrique_kit.net.peer import Peer

log = logging.getLogger(__name__)

SERVICE_TYPE = "_fabrique._tcp.local."
PUBLIC_FIELDS = ("id", "name", "place", "template", "version", "port")
REGISTER_TIMEOUT = 15.0  # seconds; registering takes about 1.5 s on a working network
RECORD_TTL = 60  # seconds; other kits ask again before it ends, so a live kit stays fresh


def open_zeroconf(interfaces: Any = InterfaceChoice.Default) -> Zeroconf:
    """A zeroconf instance on IPv4, on the default interface unless told otherwise.

    ``interfaces`` may be a list of the kit's own IPv4 addresses, to use only those
    networks (a kit with a Wi-Fi and a wired network, for instance).
    """
    try:
        # Always zeroconf's own thread and loop: the kit calls it from plain threads, and an
        # asyncio loop that merely exists in this thread (Jupyter, a Playwright session)
        # would otherwise be borrowed, and the kit's announcement never sent.
        return Zeroconf(interfaces=interfaces, ip_version=IPVersion.V4Only, use_asyncio=False)
    except OSError as error:
        if error.errno in (errno.ENODEV, errno.ENETUNREACH, errno.EADDRNOTAVAIL):
            hint = _("Cet ordinateur n'est relié à aucun réseau où envoyer du multicast : "
                     "branchez le câble ou connectez le Wi-Fi, puis relancez le kit.")
        else:
            hint = _(
                "Si avahi est installé, vérifiez « disallow-other-stacks=no » dans "
                "/etc/avahi/avahi-daemon.conf, puis relancez le kit."
            )
        raise FabriqueError(
            _("Impossible d'écouter le réseau local (mDNS, port 5353) : {error}", error=error),
            hint=hint,
        ) from error


def instance_label(name: str) -> str:
    """The kit's name as a DNS-SD instance label: no dots, at most 63 bytes."""
    label = re.sub(r"[.\x00-\x1f]", " ", name or "").strip() or "fabrique"
    while len(label.encode("utf-8")) > 63:
        label = label[:-1]
    return label.strip()


def _host_label(kit_id: str) -> str:
    slug = re.sub(r"[^a-z0-9-]+", "-", str(kit_id).lower()).strip("-")[:40] or "kit"
    return f"fabrique-{slug}.local."


def txt_properties(info: dict) -> dict[str, str]:
    """The public fields of ``kit.info()`` as TXT properties (never anything else)."""
    props = {}
    for key in PUBLIC_FIELDS:
        value = "" if info.get(key) is None else str(info[key])
        props[key] = value.encode("utf-8")[: 250 - len(key)].decode("utf-8", "ignore")
    return props


class Advertiser:
    """Announce this kit on the local network until :meth:`stop`.

    If another kit already uses the same name, zeroconf picks a free one
    (``Accueil-2``); :attr:`service_name` tells which.

    Example::

        ad = Advertiser(kit.info(), port=8080)
        ad.start()
        ...
        ad.stop()     # says goodbye, so the others see it leave at once
    """

    def __init__(
        self,
        info: dict,
        port: int,
        interfaces: Any = InterfaceChoice.Default,
        *,
        addresses: list[str] | None = None,
        zeroconf: Zeroconf | None = None,
        ttl: int = RECORD_TTL,
    ):
        self.port = int(port)  # waitress may give it as text
        self.info = dict(info, port=self.port)
        self.interfaces = interfaces
        if addresses is None:
            addresses = list(interfaces) if isinstance(interfaces, list) else local_ipv4_addresses()
        self.addresses = addresses
        self.ttl = ttl
        self._zeroconf = zeroconf
        self._owns_zeroconf = zeroconf is None
        self._service: ServiceInfo | None = None
        self._pending: concurrent.futures.Future | None = None  # a registration in progress

    @property
    def zeroconf(self) -> Zeroconf | None:
        """The zeroconf instance in use (shared with a Browser, or opened by start())."""
        return self._zeroconf

    @property
    def service_name(self) -> str | None:
        """The registered instance name, e.g. ``Accueil._fabrique._tcp.local.``."""
        return self._service.name if self._service else None

    def _service_info(self, label: str) -> ServiceInfo:
        return ServiceInfo(
            SERVICE_TYPE,
            f"{label}.{SERVICE_TYPE}",
            port=self.port,
            properties=txt_properties(dict(self.info, name=label)),
            server=_host_label(str(self.info.get("id", label))),
            parsed_addresses=self.addresses,
            host_ttl=self.ttl,
            other_ttl=self.ttl,
        )

    def start(self) -> str:
        """Register the service (takes about 1.5 s: zeroconf first checks the name is free)."""
        if self._zeroconf is None:
            self._zeroconf = open_zeroconf(self.interfaces)
        label = instance_label(str(self.info.get("name") or self.info.get("id") or ""))
        service = self._service_info(label)
        zc = self._zeroconf
        loop = zc.loop
        if loop is None:  # cannot happen: Zeroconf() starts its loop in its constructor
            raise RuntimeError("zeroconf has no event loop")

        async def register() -> ServiceInfo:
            announced = await zc.async_register_service(service, allow_name_change=True)
            await announced
            final = service.name[: -len(SERVICE_TYPE) - 1]
            if final == label:
                return service
            renamed = self._service_info(final)  # the TXT name follows the new instance name
            await (await zc.async_update_service(renamed))
            return renamed

        # like zc.register_service(), but stop() can cancel it while it probes the name
        self._pending = asyncio.run_coroutine_threadsafe(register(), loop)
        try:
            service = self._pending.result(timeout=REGISTER_TIMEOUT)
        except NonUniqueNameException as error:
            raise FabriqueError(
                _("Le nom « {name} » est déjà pris sur le réseau.", name=label),
                hint=_("Donnez à ce kit un autre nom dans fabrique.toml."),
            ) from error
        except concurrent.futures.TimeoutError as error:
            self._pending.cancel()
            raise FabriqueError(
                _("Le réseau local ne répond pas : ce kit n'a pas pu s'annoncer."),
                hint=_("Vérifiez le câble ou le Wi-Fi, puis relancez le kit."),
            ) from error
        finally:
            self._pending = None
        self._service = service
        log.info("advertised %s on %s port %s", service.name, self.addresses, self.port)
        return service.name

    def update_addresses(self, addresses: list[str]) -> bool:
        """Announce new addresses (the kit got a new IP); True if they changed.

        Example::

            ad.update_addresses(local_ipv4_addresses())
        """
        service = self._service
        if service is None or self._zeroconf is None or addresses == self.addresses:
            return False
        self.addresses = list(addresses)
        service.addresses = [socket.inet_aton(a) for a in self.addresses]
        self._zeroconf.update_service(service)
        log.info("now advertised on %s", self.addresses)
        return True

    def stop(self) -> None:
        """Say goodbye on the network, then close zeroconf if this object opened it.

        Called while :meth:`start` is still probing the name, it cancels the
        registration (``start`` then raises ``concurrent.futures.CancelledError``).
        """
        pending = self._pending
        if pending is not None:
            pending.cancel()
        service, self._service = self._service, None
        zc = self._zeroconf
        if zc is None:
            return
        if service is not None:
            try:
                zc.unregister_service(service)
            except Exception as error:  # the network may already be down at shutdown
                log.warning("could not unregister %s: %s", service.name, error)
        if self._owns_zeroconf:
            zc.close()
            self._zeroconf = None

    def __enter__(self) -> Advertiser:
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


def peer_from_service(service: ServiceInfo) -> Peer | None:
    """A :class:`Peer` from a resolved zeroconf service, or None if it is not a kit."""
    props = service.decoded_properties
    kit_id = props.get("id")
    if not kit_id or not service.port:
        return None
    addresses = [a for a in service.parsed_addresses(IPVersion.V4Only) if not a.startswith("127.")]
    return Peer(
        id=kit_id,
        name=props.get("name") or kit_id,
        place=props.get("place") or "",
        template=props.get("template") or "",
        version=props.get("version") or "",
        addresses=addresses,
        port=service.port,
        service=service.name,
    )
