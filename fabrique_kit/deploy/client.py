"""Send a project to a kit from a laptop, follow the deployment, go back by hand.

The kit is found by discovery (its name) or given as an address; the deploy API is on
the supervisor's port, the kit's port + 1 (8001 when the kit shows on 8000).

Example::

    client = DeployClient("http://192.168.1.20:8001", site_key)
    result = deploy_project("mon-afficheur", client)   # waits for the kit's verdict
    result["state"]                                    # "ok", "rolled_back" or "failed"
    client.rollback(wait=True)                         # back to the previous version
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from fabrique_kit.deploy.bundle import CONFIG_NAME, Bundle, make_bundle
from fabrique_kit.errors import FabriqueError
from fabrique_kit.i18n import _
from fabrique_kit.net.kit_api import KitApi, NotVerified, Unreachable

DEPLOY_TIMEOUT = 180.0  # seconds to wait for the kit's verdict (restart + health check)
FINAL = ("ok", "rolled_back", "failed")


class DeployRefused(FabriqueError):
    """The kit's deploy API said no; ``status`` is the HTTP code it answered with."""

    def __init__(self, message: str, *, status: int, hint: str | None = None, problems=None):
        super().__init__(message, hint=hint, problems=problems)
        self.status = status


def deploy_url_for(peer) -> str:
    """The deploy API's address of a discovered kit: its address, port + 1."""
    from fabrique_kit.net.peer import url_for

    if not peer.addresses:
        raise FabriqueError(_("Le kit « {name} » n'a pas d'adresse connue.", name=peer.name))
    return url_for(peer.addresses[0], int(peer.port) + 1)


def find_kit(name: str, timeout: float = 4.0, key: str | None = None) -> str:
    """The deploy address of the kit called ``name`` on the local network (discovery).

    With ``key``, only a kit whose supervisor proves the site key (for the id it
    advertises) is chosen: a device that took the name is never sent anything.
    """
    from fabrique_kit.net.browser import discover

    peers = discover(timeout=timeout)
    matching = [p for p in peers if p.matches(name)]
    if matching and key is None:
        return deploy_url_for(matching[0])
    proven = []
    for peer in matching:
        url = deploy_url_for(peer)
        try:
            KitApi(key, timeout=5.0).prove(url, expect_id=peer.id)
        except (NotVerified, Unreachable):
            continue
        proven.append(url)
    if len(proven) == 1:
        return proven[0]
    if len(proven) > 1:
        raise FabriqueError(
            _("Plusieurs kits « {name} » ont la clé de site : lequel choisir ?", name=name),
            hint=_("Donnez son adresse : --url {urls}", urls=" ou --url ".join(proven)),
        )
    if matching:
        raise FabriqueError(
            _("Le kit « {name} » trouvé sur le réseau n'a pas prouvé qu'il a la clé de site : rien n'est envoyé.",
              name=name),
            hint=_("Vérifiez la clé de site du projet (« fabrique pair --show » sur le kit) ; "
                   "un appareil inconnu porte peut-être ce nom."),
        )
    names = ", ".join(sorted(p.name for p in peers)) or _("aucun")
    raise FabriqueError(
        _("Aucun kit « {name} » trouvé sur le réseau.", name=name),
        hint=_("Kits trouvés : {names}. Ou donnez son adresse : --url http://ADRESSE:8001", names=names),
    )


def project_site_key(project_dir: str | Path) -> str | None:
    """The ``[site] cle`` of the project's fabrique.toml (the key the kits of the site share)."""
    config = Path(project_dir) / CONFIG_NAME
    if not config.is_file():
        return None
    from fabrique_kit.net.keys import read_site_key

    return read_site_key(config)


class DeployClient(KitApi):
    """The deploy API of one kit (errors are FabriqueError in plain French).

    The HTTP part (signatures, proof of the kit, language) is the kits' one client,
    :class:`KitApi`: every request is signed (the bundle with it) for the kit that first
    proved the site key at that address, and its answers must be signed by it.

    Example: ``DeployClient("http://192.168.1.20:8001", site_key).status()["current"]``
    """

    def __init__(self, url: str, site_key: str | None, timeout: float = 30.0):
        super().__init__(site_key, timeout)
        self.url = url.rstrip("/")

    def _request(self, method: str, path: str = "", data: bytes | None = None) -> dict:
        try:
            answer = self.send(method, f"{self.url}/api/deploy{path}", data=data, signed=True,
                               content_type="application/zip" if data is not None else None)
        except Unreachable as error:
            raise FabriqueError(
                _("Le kit ne répond pas ({url}).", url=self.url),
                hint=_("Vérifiez qu'il est allumé, sur le même réseau, et installé comme service."),
            ) from error
        body = answer.body_or_raise()
        if answer.ok:
            return body
        problems = answer.problems()
        raise DeployRefused(_("Le kit a refusé : {reason}", reason=answer.reason()), status=answer.status,
                            hint=answer.hint(), problems=problems[1:] if len(problems) > 1 else None)

    def upload(self, bundle: Bundle | bytes) -> dict:
        """Send a bundle; returns ``{"id", "version", "state": "pending"}``."""
        data = bundle.data if isinstance(bundle, Bundle) else bundle
        return self._request("POST", data=data)

    def status(self) -> dict:
        """``{"current", "versions", "status"}`` of the kit."""
        return self._request("GET")

    def rollback(self, wait: bool = True, timeout: float = DEPLOY_TIMEOUT) -> dict:
        """Ask the kit to go back to its previous version."""
        ask = self._request("POST", "/rollback")
        return self.wait(ask["id"], timeout) if wait else ask

    def wait(self, request_id: str, timeout: float = DEPLOY_TIMEOUT, every: float = 0.5) -> dict:
        """Wait for the verdict of the request ``request_id``; returns its final status."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                status = self.status().get("status") or {}
            except FabriqueError:
                status = {}  # the kit may be restarting
            if status.get("id") == request_id and status.get("state") in FINAL:
                return status
            if time.monotonic() > deadline:
                raise FabriqueError(
                    _("Le kit n'a pas donné de résultat après {seconds} s.", seconds=int(timeout)),
                    hint=_("Regardez « fabrique service logs » sur le kit, ou réessayez."),
                )
            time.sleep(every)


def deploy_project(project_dir: str | Path, client: DeployClient, *, wait: bool = True,
                   timeout: float = DEPLOY_TIMEOUT, announce=None) -> dict:
    """Check and bundle ``project_dir``, send it, and (by default) wait for the kit's verdict.

    ``announce(bundle)`` is called just before sending (the CLI says what it sends).
    """
    from fabrique_kit.project.check import check_project

    errors = [p for p in check_project(project_dir) if p.severity == "error"]
    if errors:
        raise FabriqueError(
            _("Le projet a des erreurs : rien n'a été envoyé."), problems=errors,
            hint=_("Corrigez-les (« fabrique check ») puis relancez « fabrique deploy »."),
        )
    bundle = make_bundle(project_dir)
    if announce is not None:
        announce(bundle)
    ask = client.upload(bundle)
    if not wait:
        return ask
    return client.wait(ask["id"], timeout)


def send_to_kit(kit: str | None, directory: str | Path = ".", *, url: str | None = None,
                key: str | None = None, rollback: bool = False, timeout: float = DEPLOY_TIMEOUT,
                say: Callable[[str], object] = print) -> dict:
    """What ``fabrique deploy`` does: find the kit, take the site key, send (or roll back), wait.

    ``kit`` is a kit's name (found by discovery) unless ``url`` gives the deploy API's
    address; ``key`` defaults to the project's ``[site] cle``. ``say`` receives what the
    person is told on the way. Returns the kit's final status.

    Example: ``send_to_kit("Accueil", "mon-afficheur")["state"]`` → ``'ok'``
    """
    directory = Path(directory)
    if url and kit and directory == Path("."):
        directory, kit = Path(kit), None  # fabrique deploy --url http://… mon-afficheur
    if not url and not kit:
        raise FabriqueError(_("Dites à quel kit envoyer le projet : fabrique deploy NOM_DU_KIT [DOSSIER]."),
                            hint=_("« fabrique discover » liste les kits du réseau."))
    key = key or project_site_key(directory)
    if not key:
        raise FabriqueError(_("Pas de clé de site : le kit refuserait l'envoi."),
                            hint=_("Mettez la clé du lieu dans fabrique.toml ([site] cle = …) ou passez --key."))
    if url is None:
        say(_("Recherche du kit « {name} » sur le réseau…", name=kit))
        url = find_kit(str(kit), key=key)
    client = DeployClient(url, key)
    if rollback:
        say(_("Retour à la version précédente demandé à {url}…", url=url))
        return client.rollback(timeout=timeout)

    def announce(bundle: Bundle) -> None:
        say(_("Envoi de {n} fichiers ({size} Ko) à {url}…", n=len(bundle.files),
              size=max(1, bundle.size // 1024), url=url))

    return deploy_project(directory, client, timeout=timeout, announce=announce)
