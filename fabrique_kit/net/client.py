"""Talk to another kit: read its state, send it actions (signed with the site key).

With a site key, the kit must prove it holds the key before anything it says is
believed or any action is sent (net/kit_api.py); its id is then pinned, so a device
that takes the same name later is never spoken to. Without a key, reading is public and
nothing is verified; actions are refused.

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
from fabrique_kit.net.kit_api import Answer, KitApi, NotVerified, Unreachable
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
        self.pinned_id: str | None = None  # the kit's id, once it proved the site key

    # -- where ------------------------------------------------------------------
    @property
    def label(self) -> str:
        """The other kit's name, or its address when it has none.

        Example: ``client.label`` → ``'accueil'``
        """
        if isinstance(self.peer, Peer):
            return self.peer.name
        return self.peer

    def _targets(self) -> list[tuple[list[str], str | None]]:
        """Where the kit may be: ``[(urls, advertised id)]``, the pinned kit first."""
        peer = self.peer
        if isinstance(peer, str) and peer.startswith(("http://", "https://")):
            return [([peer.rstrip("/")], None)]
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
            found = [p for p in self.peers.all(include_gone=True) if p.matches(peer)] or [self.peers[peer]]
        elif self.peers is not None:
            found = [self.peers.get(peer.id) or peer]  # the freshest address and port
        else:
            found = [peer]
        if self.pinned_id is not None:
            found = [p for p in found if p.id == self.pinned_id] or found[:1]
        alive = [p for p in found if not p.gone]
        if not alive:
            first = found[0]
            raise FabriqueError(
                _(
                    "Le kit « {name} » a quitté le réseau (vu il y a {seconds} s).",
                    name=first.name,
                    seconds=int(first.seen_ago()),
                ),
                hint=_("Vérifiez qu'il est allumé et branché, puis réessayez."),
            )
        return [(p.urls(), p.id) for p in alive]

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
        signed = method != "GET"
        if signed and not self.site_key:
            raise FabriqueError(
                _("Le kit « {name} » demande la clé de site : cette action doit être signée.", name=self.label),
                hint=_(
                    "Mettez la clé de site dans fabrique.toml ([site] cle = …) : « fabrique pair --show » sur l'autre kit l'affiche."
                ),
            )
        last_error: Exception | None = None
        tried: list[str] = []
        for urls, advertised in self._targets():
            expect = self.pinned_id or advertised
            for url in urls:
                tried.append(url)
                try:
                    answer = self.send(method, url + path, json=json, signed=signed,
                                       expect_id=expect if signed else None)
                except Unreachable as error:  # a timeout too: try the next address
                    last_error = error
                    continue
                except NotVerified as error:  # not the kit we pinned, or no proof: never believed
                    last_error = error
                    continue
                if self.site_key and not signed:
                    proof = answer.proof
                    if proof is None or (expect is not None and proof.id != expect):
                        last_error = NotVerified(_("Le kit {url} n'a pas prouvé qu'il a la clé de site : "
                                                   "il est « non vérifié ».", url=url))
                        continue
                if answer.proof is not None and self.pinned_id is None:
                    self.pinned_id = answer.proof.id
                return self._answer(answer)
        if isinstance(last_error, NotVerified):
            raise FabriqueError(
                _("Le kit « {name} » n'a pas prouvé qu'il a la clé de site : il est « non vérifié ».",
                  name=self.label),
                hint=_("Rien ne lui a été envoyé. Vérifiez la clé de site des deux kits "
                       "(« fabrique pair --show ») ; un appareil inconnu porte peut-être le même nom."),
            ) from last_error
        raise FabriqueError(
            _(
                "Le kit « {name} » ne répond pas ({url}).",
                name=self.label,
                url=tried[0] if tried else "?",
            ),
            hint=_("Vérifiez qu'il est allumé et sur le même réseau, puis réessayez."),
        ) from last_error

    def _answer(self, answer: Answer) -> Any:
        body = answer.body_or_raise(self.label)
        if answer.ok:
            return body
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
