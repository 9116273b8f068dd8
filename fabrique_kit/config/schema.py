"""The one declaration of ``fabrique.toml``: every section and key, its type, default,
allowed values and the French sentence the docs show.

The checker validates against it, the dataclasses are filled from it, and the docs'
configuration page is written from it: a key declared here is checked by ``fabrique
check`` exactly as ``fabrique run`` reads it.

Example::

    from fabrique_kit.config.schema import SCHEMA
    SCHEMA["ecran"].key("rotation").choices      # (0, 90, 180, 270)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

CONFIG_NAME = "fabrique.toml"
# the rule of sources.counters.check_counter_name (config sits below sources; a test
# checks that both patterns stay the same)
COUNTER_NAME_PATTERN = r"[A-Za-z0-9][A-Za-z0-9_-]{0,39}"
MAX_REQUEST_KINDS = 12  # [[compteurs]] demandes: a short list, a tap each at the reception
MAX_REQUEST_KIND_CHARS = 40


@dataclass(frozen=True)
class Key:
    """One key of a section.

    ``parse`` names a converter of :data:`fabrique_kit.config.checker.PARSERS` ("size",
    "duration", ...) that turns the written value into what the kit uses; ``example`` is
    a good value (docs and tests).

    Example: ``Key("port", int, 8000, "Le port de l'aperçu web.", minimum=0, maximum=65535)``
    """

    name: str
    kind: type | tuple[type, ...]
    default: Any
    description: str
    choices: tuple = ()
    minimum: int | None = None
    maximum: int | None = None
    parse: str | None = None
    required: bool = False
    example: Any = None

    def good_value(self) -> Any:
        """A value this key accepts (its example, else its default, else its first choice)."""
        for value in (self.example, self.default, *self.choices):
            if value is not None:
                return value
        return None


@dataclass(frozen=True)
class Section:
    """A ``[section]`` (or, ``repeated``, a ``[[list]]`` of sections) and its keys.

    Example: ``SCHEMA["flux"].repeated`` → ``True``
    """

    name: str
    keys: tuple[Key, ...]
    repeated: bool = False

    def key(self, name: str) -> Key:
        """The key called ``name`` (KeyError when the section has none)."""
        for key in self.keys:
            if key.name == name:
                return key
        raise KeyError(name)

    def names(self) -> list[str]:
        return [key.name for key in self.keys]


_SECTIONS = (
    Section("kit", (
        Key("nom", str, None, "Le nom du kit sur le réseau (par défaut : le nom du dossier). Les autres kits le trouvent sous ce nom.", example="hall-maurepas"),
        Key("lieu", str, "", "Le lieu affiché en haut de l'écran, par exemple « Espace Social Commun Maurepas ».", example="Espace Social Commun Maurepas"),
        Key("modele", str, "afficheur", "Le modèle dont vient le projet (afficheur, compteur, borne, capteur, jeu)."),
        Key("langue", str, "fr", "La langue des messages du kit.", choices=("fr", "en")),
        Key("simulation", str, "auto", "« auto » : simuler seulement sans Raspberry Pi ; « oui » : toujours simuler ; « non » : jamais.", choices=("auto", "oui", "non")),
    )),
    Section("ecran", (
        Key("taille", str, "1920x1080", "La taille de l'écran en pixels, largeur x hauteur (par exemple « 1920x1080 »).", parse="size", example="1280x1024"),
        Key("rotation", int, 0, "L'écran est tourné de 90, 180 ou 270 degrés ; 90 ou 270 donnent un écran en hauteur.", choices=(0, 90, 180, 270)),
        Key("theme", str, "clair", "Les couleurs : clair, sombre ou contraste (très contrasté).", choices=("clair", "sombre", "contraste")),
        Key("sortie", str, "auto", "Où l'image est montrée : auto, framebuffer (l'écran du Pi), natif (plein écran sur le bureau Wayland du Pi, sans navigateur), fenetre, navigateur, png ou aucune.", choices=("auto", "framebuffer", "natif", "fenetre", "navigateur", "png", "aucune")),
        Key("disposition", str, "auto", "La mise en page : auto, paysage ou portrait.", choices=("auto", "paysage", "portrait")),
        Key("langues", str, "", "D'autres langues, séparées par des virgules (par exemple « en ») : une ligne dans chacune, à tour de rôle, sous les titres et le jour de fermeture, et le numéro appelé dit aussi dans ces langues. Vide : le français seul.", example="en"),
        Key("voix", bool, False, "true : dire à voix haute le numéro appelé, pour les personnes qui ne peuvent pas le lire (espeak-ng en français s'il est installé, sinon un carillon)."),
        Key("extinction", bool, False, "true : éteindre l'écran en dehors des horaires d'ouverture du semainier (le kit continue de tourner et de compter)."),
        Key("extinction_moyen", str, "auto", "Comment éteindre l'écran : auto, wlr (bureau Wayland), framebuffer, vcgencmd (anciens Pi), cec (commande de la télévision) ou aucun.", choices=("auto", "wlr", "framebuffer", "vcgencmd", "cec", "aucun")),
        Key("allumage_avance", (str, int), "15 min", "Combien de temps avant l'ouverture rallumer l'écran, par exemple « 15 min ».", parse="duration", example="30 min"),
    )),
    Section("web", (
        Key("port", int, 8000, "Le port de l'aperçu web : http://127.0.0.1:8000 avec 8000.", minimum=0, maximum=65535, example=8001),
        Key("adresse", str, "auto", "L'adresse d'écoute du serveur web. « auto » : tout le réseau local quand la découverte des kits est active (les autres kits doivent le joindre), sinon seulement cet ordinateur (127.0.0.1). Ou une adresse IP. En simulation, les boutons de l'aperçu ne répondent qu'à cet ordinateur.", parse="host", example="127.0.0.1"),
        Key("ouvrir_navigateur", bool, False, "true : ouvrir l'aperçu dans le navigateur au démarrage."),
    )),
    Section("site", (
        Key("cle", str, None, "La clé partagée par les kits d'un même lieu ; elle autorise les actions entre kits. Secrète : ne la publiez pas.", example="une-cle-de-site-assez-longue"),
    )),
    Section("reseau", (
        Key("decouverte", bool, True, "true : annoncer le kit et trouver les autres kits du réseau local (zeroconf)."),
    )),
    Section("semainier", (
        Key("fichier", str, None, "Le fichier du planning de la semaine, à côté de fabrique.toml (par exemple « semainier.json »).", parse="file", example="semainier.json"),
        Key("lieu", str, None, "Garder un seul lieu d'un semainier qui en décrit plusieurs.", example="Espace Social Commun Maurepas"),
    )),
    Section("message", (
        Key("texte", str, "", "Le message affiché dans le bandeau au démarrage (les médiateurs peuvent le changer dans /admin).", example="Fermé lundi"),
    )),
    Section("flux", (
        Key("nom", str, None, "Le nom des actualités dans l'état du kit (par défaut « actus », puis « actus2 »…).", example="ville"),
        Key("adresse", str, None, "L'adresse du flux RSS ou Atom (http:// ou https://).", parse="url", required=True, example="https://www.espacenumeriqueesc.fr/feed/"),
        Key("toutes_les", (str, int, float), "15 min", "Le temps entre deux lectures du flux, par exemple « 15 min » ou « 1 h ».", parse="duration", example="1 h"),
        Key("max", int, 20, "Le nombre d'actualités gardées.", example=5),
    ), repeated=True),
    Section("compteurs", (
        Key("nom", str, "attente", "Le nom du compteur d'attente (par défaut « attente »).", parse="counter_name"),
        Key("guichets", int, 1, "Le nombre de guichets qui appellent les tickets.", example=2),
        Key("demandes", list, None, "Les types de demande qu'on peut noter pour une personne non reçue (« refus »), 12 au plus, de 40 caractères au plus ; jamais un nom. Par défaut : CAF, préfecture / droits des étrangers, emploi, santé, autre.", parse="request_kinds", example=["CAF", "Logement", "emploi"]),
    ), repeated=True),
    Section("ville", (
        Key("courtier", str, None, "L'adresse du courtier MQTT du réseau de la ville : « mqtts://courtier.exemple.fr » (chiffré) ou « mqtt://… » sur un réseau de confiance. Sans [ville], le kit reste seul sur son site.", example="mqtts://courtier.ville.example"),
        Key("utilisateur", str, None, "L'identifiant du lieu sur le courtier (par défaut : l'identifiant du lieu).", example="maurepas"),
        Key("mot_de_passe", str, None, "Le mot de passe du lieu sur le courtier. Secret : ne le publiez pas.", example="un-mot-de-passe-assez-long"),
        Key("certificat", str, None, "Un certificat client (fichier PEM à côté de fabrique.toml), au lieu d'un mot de passe.", example="lieu.crt"),
        Key("cle_certificat", str, None, "La clé privée du certificat client (fichier PEM).", example="lieu.key"),
        Key("autorite", str, None, "Le certificat de l'autorité qui signe le courtier (fichier PEM ; par défaut, celles du système).", example="ville-ca.crt"),
        Key("identifiant", str, None, "L'identifiant du lieu dans le réseau de la ville (lettres sans accent, chiffres, -) ; par défaut, tiré de [kit] lieu.", example="maurepas"),
        Key("transport", str, "", "Comment venir, affiché sur les écrans des autres lieux, par exemple « Métro B — Gros-Chêne ».", example="Métro B — Gros-Chêne"),
    )),
    Section("imprimante", (
        Key("type", str, "aucune", "L'imprimante de tickets (ESC/POS, papier thermique) : aucune, usb, serie ou reseau. Elle imprime chaque ticket pris ; en simulation, le ticket est dessiné dans l'aperçu.", choices=("aucune", "usb", "serie", "reseau")),
        Key("adresse", str, "", "Où est l'imprimante : « 04b8:0202 » en USB (fabricant:produit, donnés par lsusb), « /dev/ttyUSB0 » en série, « 192.168.1.50 » en réseau (port 9100).", example="04b8:0202"),
        Key("compteur", str, "attente", "Le compteur d'attente dont les tickets sont imprimés.", parse="counter_name"),
    )),
    Section("boutons", (
        Key("broche", (int, str), None, "La broche GPIO du bouton (par exemple 17 pour GPIO17).", minimum=0, maximum=27, parse="pin", example=17),
        Key("libelle", str, None, "Le texte du bouton dans l'aperçu.", example="Prendre un ticket"),
        Key("action", str, None, "L'action lancée par le bouton, par exemple « attente.take_ticket ».", required=True, example="message.clear"),
        Key("touche", str, None, "Une touche du clavier ou d'une Makey Makey qui lance la même action (par exemple « space »).", example="space"),
    ), repeated=True),
)
SCHEMA: dict[str, Section] = {section.name: section for section in _SECTIONS}


def _kinds(repeated: bool) -> dict[str, dict[str, tuple[Any, Any]]]:
    return {
        s.name: {k.name: (k.kind, k.default) for k in s.keys} for s in _SECTIONS if s.repeated == repeated
    }


# Flat views of SCHEMA, for readers of the former tables (docs tests, tools).
SECTIONS = _kinds(repeated=False)
LIST_SECTIONS = _kinds(repeated=True)
CHOICES = {(s.name, k.name): k.choices for s in _SECTIONS for k in s.keys if k.choices}
REQUIRED = {s.name: tuple(k.name for k in s.keys if k.required) for s in _SECTIONS if any(k.required for k in s.keys)}
