"""The typed settings the kit reads: dataclasses filled from the checked ``fabrique.toml``.

Every key of :data:`~fabrique_kit.config.schema.SCHEMA` lands in one attribute, named in
:data:`FIELDS` (a test checks that both cover each other).

Example::

    config = load_config("fabrique.toml")
    config.screen.power_on_before    # 900.0 (seconds, from [ecran] allumage_avance)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

# (section, key) -> attribute: "name" on KitConfig, "screen.theme" on its ScreenConfig,
# and for a [[list]] the attribute of its item's dataclass.
FIELDS: dict[tuple[str, str], str] = {
    ("kit", "nom"): "name",
    ("kit", "lieu"): "place",
    ("kit", "modele"): "template",
    ("kit", "langue"): "lang",
    ("kit", "simulation"): "simulation",
    ("ecran", "taille"): "screen.size",
    ("ecran", "rotation"): "screen.rotation",
    ("ecran", "theme"): "screen.theme",
    ("ecran", "sortie"): "screen.output",
    ("ecran", "disposition"): "screen.layout",
    ("ecran", "voix"): "screen.voice",
    ("ecran", "langues"): "screen.languages",
    ("ecran", "extinction"): "screen.power_off",
    ("ecran", "extinction_moyen"): "screen.power_method",
    ("ecran", "allumage_avance"): "screen.power_on_before",
    ("web", "port"): "port",
    ("web", "adresse"): "host",
    ("web", "ouvrir_navigateur"): "open_browser",
    ("site", "cle"): "site_key",
    ("reseau", "decouverte"): "discovery",
    ("semainier", "fichier"): "semainier",
    ("semainier", "lieu"): "semainier_place",
    ("message", "texte"): "message",
    ("flux", "nom"): "name",
    ("flux", "adresse"): "url",
    ("flux", "toutes_les"): "every",
    ("flux", "max"): "max_items",
    ("compteurs", "nom"): "name",
    ("compteurs", "guichets"): "desks",
    ("compteurs", "demandes"): "request_kinds",
    ("ville", "courtier"): "city_broker",
    ("ville", "utilisateur"): "city_user",
    ("ville", "mot_de_passe"): "city_password",
    ("ville", "certificat"): "city_certificate",
    ("ville", "cle_certificat"): "city_certificate_key",
    ("ville", "autorite"): "city_ca",
    ("ville", "identifiant"): "city_place",
    ("ville", "transport"): "city_transport",
    ("imprimante", "type"): "printer_kind",
    ("imprimante", "adresse"): "printer_address",
    ("imprimante", "compteur"): "printer_counter",
    ("boutons", "broche"): "pin",
    ("boutons", "libelle"): "label",
    ("boutons", "action"): "action",
    ("boutons", "touche"): "key",
}


@dataclass(frozen=True)
class ScreenConfig:
    """``[ecran]``: size, turn, colours, output, and switching off outside opening hours."""

    size: tuple[int, int] = (1920, 1080)
    rotation: int = 0
    theme: str = "clair"
    output: str = "auto"
    layout: str = "auto"
    voice: bool = False
    languages: str = ""  # other languages, « en » or « en, ar » (see ScreenConfig.second_languages)
    power_off: bool = False
    power_method: str = "auto"
    power_on_before: float = 900.0


@dataclass(frozen=True)
class FeedConfig:
    """One ``[[flux]]``: a news feed read every ``every`` seconds."""

    url: str
    name: str = "actus"
    every: float = 900.0
    max_items: int = 20


@dataclass(frozen=True)
class CounterConfig:
    """One ``[[compteurs]]``: a waiting counter and its number of desks."""

    name: str = "attente"
    desks: int = 1
    request_kinds: tuple[str, ...] | None = None  # None: the counters' default list


@dataclass(frozen=True)
class ButtonConfig:
    """One ``[[boutons]]``: a pin and/or a key that runs an action."""

    action: str
    pin: int | str | None = None
    label: str | None = None
    key: str | None = None


LIST_MODELS: dict[str, type] = {"flux": FeedConfig, "compteurs": CounterConfig, "boutons": ButtonConfig}


@dataclass
class KitConfig:
    """The kit's settings, read from ``fabrique.toml`` (defaults when there is no file).

    ``lang`` is None when the file does not choose a language (the session's stays).
    ``lines`` maps a key's place, e.g. ``("boutons", 0, "broche")``, to its line.
    """

    path: Path | None
    project_dir: Path
    name: str
    place: str = ""
    template: str = "afficheur"
    lang: str | None = None
    simulation: str = "auto"
    screen: ScreenConfig = field(default_factory=ScreenConfig)
    port: int = 8000
    host: str = "auto"
    open_browser: bool = False
    site_key: str | None = None
    discovery: bool = True
    semainier: Path | None = None
    semainier_place: str | None = None
    message: str = ""
    city_broker: str | None = None  # [ville]: the city network over MQTT (fabrique_kit.city)
    city_user: str | None = None
    city_password: str | None = None
    city_certificate: str | None = None
    city_certificate_key: str | None = None
    city_ca: str | None = None
    city_place: str | None = None
    city_transport: str = ""
    feeds: list[FeedConfig] = field(default_factory=list)
    counters: list[CounterConfig] = field(default_factory=list)
    buttons: list[ButtonConfig] = field(default_factory=list)
    printer_kind: str = "aucune"  # [imprimante]: the paper tickets' printer
    printer_address: str = ""
    printer_counter: str = "attente"
    warnings: list = field(default_factory=list)
    text: str = ""

    def data_files(self) -> list[Path]:
        """The data files this config names (checked by ``fabrique check``)."""
        return [self.semainier] if self.semainier else []


def default_config(project_dir: str | Path) -> KitConfig:
    """The settings of a project that has no ``fabrique.toml``.

    Example: ``default_config("~/afficheur").name`` → ``'afficheur'``
    """
    project_dir = Path(project_dir).resolve()
    return KitConfig(path=None, project_dir=project_dir, name=project_dir.name or "kit")
