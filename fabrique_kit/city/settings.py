"""The ``[ville]`` section as the city client uses it: the broker's address split into
host, port and TLS, the place's identifier, its account and files.

Example::

    settings = city_settings(config)          # None without [ville]
    settings.host, settings.port, settings.tls   # ('courtier.ville.example', 8883, True)
    settings.place                            # 'maurepas'
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import urlsplit

from fabrique_kit.city.topics import is_id, place_id
from fabrique_kit.config import KitConfig
from fabrique_kit.errors import FabriqueError
from fabrique_kit.i18n import _

SCHEMES = {"mqtt": (1883, False), "mqtts": (8883, True)}


@dataclass(frozen=True)
class CitySettings:
    """Where the broker is and who this place is on it (never printed with its password)."""

    host: str
    port: int
    tls: bool
    place: str
    user: str | None = None
    password: str | None = None
    certificate: Path | None = None
    certificate_key: Path | None = None
    ca: Path | None = None
    transport: str = ""
    place_name: str = ""

    @property
    def url(self) -> str:
        """The broker's address, without any secret: ``mqtts://host:8883``."""
        return f"{'mqtts' if self.tls else 'mqtt'}://{self.host}:{self.port}"


def parse_broker_url(url: str) -> tuple[str, int, bool]:
    """``"mqtts://courtier.example:8883"`` → ``("courtier.example", 8883, True)``.

    Raises a French :class:`FabriqueError` for another scheme, no host, a bad port, or
    a user and password written in the address (they go in their own keys).
    """
    parts = urlsplit(url.strip())
    hint = _("Écrivez par exemple « mqtts://courtier.ville.example » ou « mqtt://192.168.1.10:1883 ».")
    if parts.scheme not in SCHEMES or not parts.hostname:
        raise FabriqueError(_("« {value} » n'est pas l'adresse d'un courtier MQTT.", value=url), hint=hint)
    if parts.username or parts.password:
        raise FabriqueError(
            _("N'écrivez pas l'identifiant ni le mot de passe dans l'adresse du courtier."),
            hint=_("Utilisez les clés « utilisateur » et « mot_de_passe » de [ville]."),
        )
    try:
        port = parts.port or SCHEMES[parts.scheme][0]
    except ValueError:
        raise FabriqueError(_("« {value} » n'est pas l'adresse d'un courtier MQTT.", value=url), hint=hint) from None
    return parts.hostname, port, SCHEMES[parts.scheme][1]


def _file(config: KitConfig, value: str | None) -> Path | None:
    if not value:
        return None
    path = (config.project_dir / value).resolve()
    if not path.is_file():
        raise FabriqueError(
            _("Le fichier {file} est introuvable.", file=value),
            hint=_("Placez-le à côté de fabrique.toml ou donnez son chemin."),
        )
    return path


def settings_from(config: KitConfig, where: list | None = None) -> CitySettings | None:
    """The city settings of ``config``, or None when it has no ``[ville] courtier``.

    ``where`` (a list) receives the key being read, so the caller can locate an error.
    """
    where = where if where is not None else []
    if not config.city_broker:
        return None
    where[:] = ["courtier"]
    host, port, tls = parse_broker_url(config.city_broker)
    where[:] = ["identifiant"]
    place = config.city_place or place_id(config.place or config.name)
    if not is_id(place):
        raise FabriqueError(
            _("« {value} » ne peut pas être l'identifiant d'un lieu de la ville.", value=place),
            hint=_("Utilisez des lettres minuscules sans accent, des chiffres et des tirets (par exemple « maurepas »)."),
        )
    files = {}
    for key, value in (("certificat", config.city_certificate), ("cle_certificat", config.city_certificate_key),
                       ("autorite", config.city_ca)):
        where[:] = [key]
        files[key] = _file(config, value)
    where[:] = []
    return CitySettings(
        host=host, port=port, tls=tls, place=place,
        user=config.city_user or (None if files["certificat"] else place),
        password=config.city_password,
        certificate=files["certificat"], certificate_key=files["cle_certificat"], ca=files["autorite"],
        transport=config.city_transport, place_name=config.place or config.name,
    )


def tool_settings(project: str | Path | None, broker: str | None = None, user: str | None = None,
                  password: str | None = None) -> CitySettings:
    """The settings a command uses: a project's ``[ville]``, or an address and an account given.

    Example: ``tool_settings(None, "mqtt://127.0.0.1:1883", "coordination", "…").url``
    """
    from fabrique_kit.config import load_config

    settings = None
    if project is not None and (Path(project) / "fabrique.toml").exists():
        settings = settings_from(load_config(Path(project) / "fabrique.toml"))
    if broker:
        host, port, tls = parse_broker_url(broker)
        base = settings or CitySettings(host=host, port=port, tls=tls, place=user or "outil")
        settings = replace(base, host=host, port=port, tls=tls)
    if settings is None:
        raise FabriqueError(
            _("Pas de courtier de la ville : ni [ville] courtier dans fabrique.toml, ni --courtier."),
            hint=_("Ajoutez par exemple --courtier mqtts://courtier.ville.example --utilisateur coordination."),
        )
    if user or password:
        settings = replace(settings, user=user or settings.user,
                           password=password if password is not None else settings.password)
    return settings
