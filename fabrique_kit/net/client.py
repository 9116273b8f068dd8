"""Talk to another kit: read its state, send it actions (with the site key).

Example::

    accueil = PeerClient(peers["accueil"], site_key)     # or PeerClient("http://192.168.1.20:8080", key)
    accueil.value("attente")                             # {'called': 12, ...}
    accueil.counter("attente").call_next(desk=1)         # POST /api/actions/attente.call_next
    accueil.action("message.post", text="Fermé à 16 h")
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from fabrique_kit.errors import FabriqueError
from fabrique_kit.i18n import _
from fabrique_kit.net.kit_api import Answer, KitApi
from fabrique_kit.net.peer import Peer


class ActionGroup:
    """The actions of one object on a kit, as methods: ``group.take_ticket()``.

    Any method name becomes the action ``<prefix>.<method>``.

    Example::

        counter = client.counter("attente")
        counter.take_ticket()            # action "attente.take_ticket"
        counter.call_next(desk=2)        # action "attente.call_next"
    """

    def __init__(self, client: PeerClient, prefix: str):
        self._client = client
        self._prefix = prefix

    def __getattr__(self, action: str):
        if action.startswith("_"):
            raise AttributeError(action)

        def run(**params: Any) -> Any:
            return self._client.action(f"{self._prefix}.{action}", **params)

        run.__name__ = action
        return run

    def take_ticket(self) -> Any:
        """Take the next ticket (action ``<name>.take_ticket``)."""
        return self._client.action(f"{self._prefix}.take_ticket")

    def call_next(self, desk: int | None = None) -> Any:
        """Call the next person, to ``desk`` if given (action ``<name>.call_next``)."""
        params = {} if desk is None else {"desk": desk}
        return self._client.action(f"{self._prefix}.call_next", **params)


class PeerClient(KitApi):
    """A client for another kit's API; errors are FabriqueError in plain French.

    ``peer`` is a :class:`Peer`, a kit name or id (then ``peers`` finds it, each time,
    so a kit that moved is still found) or a base URL ``http://host:port``.
    """

    def __init__(
        self,
        peer: Peer | str,
        site_key: str | None = None,
        *,
        peers=None,
        timeout: float = 5.0,
    ):
        super().__init__(site_key, timeout)
        self.peer = peer
        self.peers = peers

    # -- where ------------------------------------------------------------------
    @property
    def label(self) -> str:
        """The other kit's name, or its address when it has none.

        Example: ``client.label`` → ``'accueil'``
        """
        if isinstance(self.peer, Peer):
            return self.peer.name
        return self.peer

    def _urls(self) -> list[str]:
        peer = self.peer
        if isinstance(peer, str) and peer.startswith(("http://", "https://")):
            return [peer.rstrip("/")]
        if isinstance(peer, str):
            if self.peers is None:
                raise FabriqueError(
                    _(
                        "Pour joindre le kit « {name} » par son nom, il faut la liste des kits.",
                        name=peer,
                    ),
                    hint=_(
                        'Utilisez kit.peers.client("{name}", cle) ou donnez son adresse http://…',
                        name=peer,
                    ),
                )
            peer = self.peers[peer]
        elif self.peers is not None:
            peer = self.peers.get(peer.id) or peer  # the freshest address and port
        if peer.gone:
            raise FabriqueError(
                _(
                    "Le kit « {name} » a quitté le réseau (vu il y a {seconds} s).",
                    name=peer.name,
                    seconds=int(peer.seen_ago()),
                ),
                hint=_("Vérifiez qu'il est allumé et branché, puis réessayez."),
            )
        return peer.urls()

    # -- reading ----------------------------------------------------------------
    def info(self) -> dict:
        """The kit's identity: id, name, place, template, version, port.

        Example: ``PeerClient(peer).info()["place"]`` → ``'Le Blosne — accueil'``
        """
        return self._request("GET", "/api/info")

    def state(self) -> dict:
        """The kit's whole state: ``{"version": N, "values": {name: {...}}}``."""
        return self._request("GET", "/api/state")

    def value(self, name: str) -> Any:
        """The current value of ``name`` on that kit (its JSON form)."""
        return self._request("GET", f"/api/state/{quote(name, safe='')}")["value"]

    # -- writing ----------------------------------------------------------------
    def action(self, name: str, /, **params: Any) -> Any:
        """Run the action ``name`` on that kit with ``params``; returns its result."""
        body = self._request("POST", f"/api/actions/{quote(name, safe='')}", json=params)
        return body.get("result")

    def counter(self, name: str) -> ActionGroup:
        """The actions of the waiting counter ``name``: ``.take_ticket()``, ``.call_next(desk=1)``."""
        return ActionGroup(self, name)

    def actions(self, prefix: str) -> ActionGroup:
        """The actions starting with ``prefix.``, as methods."""
        return ActionGroup(self, prefix)

    def __enter__(self) -> PeerClient:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- plumbing ---------------------------------------------------------------
    def _request(self, method: str, path: str, json: Any = None) -> Any:
        import requests

        urls = self._urls()
        last_error: Exception | None = None
        for url in urls:
            try:
                answer = self.send(method, url + path, json=json)
            except requests.RequestException as error:  # a timeout too: try the next address
                last_error = error
                continue
            return self._answer(answer)
        raise FabriqueError(
            _(
                "Le kit « {name} » ne répond pas ({url}).",
                name=self.label,
                url=urls[0] if urls else "?",
            ),
            hint=_("Vérifiez qu'il est allumé et sur le même réseau, puis réessayez."),
        ) from last_error

    def _answer(self, answer: Answer) -> Any:
        body = answer.body
        if answer.ok and body is not None:
            return body
        if body is None:
            raise FabriqueError(
                _(
                    "Réponse inattendue du kit « {name} » (code {status}).",
                    name=self.label,
                    status=answer.status,
                ),
                hint=_("Ce kit a peut-être une autre version de fabrique-kit : mettez-les à jour."),
            )
        message = answer.reason()
        hint = answer.hint()
        if answer.status == 401:
            raise FabriqueError(
                _(
                    "Le kit « {name} » demande la clé de site : {reason}",
                    name=self.label,
                    reason=message,
                ),
                hint=_(
                    "Mettez la clé de site dans fabrique.toml ([site] cle = …) : « fabrique pair --show » sur l'autre kit l'affiche."
                ),
            )
        if answer.status == 403:
            raise FabriqueError(
                _(
                    "Le kit « {name} » a refusé l'action : {reason}",
                    name=self.label,
                    reason=message,
                ),
                hint=hint
                or _(
                    "Les deux kits doivent avoir la même clé de site : « fabrique pair --show » sur l'un, « fabrique pair --key … » sur l'autre."
                ),
            )
        raise FabriqueError(
            _("Le kit « {name} » a répondu : {reason}", name=self.label, reason=message),
            field=body.get("field"),
            hint=hint,
        )
