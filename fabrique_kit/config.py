"""The kit's config file, ``fabrique.toml``: read it, check it, say clearly what is wrong.

Keys read naturally in French. Every mistake is located (file, line, key) and a
mistyped key gets a "did you mean" suggestion.

Example::

    from fabrique_kit.config import load_config
    config = load_config("fabrique.toml")
    config.place            # 'Espace Social Commun Maurepas'
    config.screen.size      # (1920, 1080)
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fabrique_kit.durations import parse_duration
from fabrique_kit.errors import ConfigError, FabriqueError, Problem, suggestion_hint
from fabrique_kit.i18n import _

CONFIG_NAME = "fabrique.toml"

# The accepted keys: section -> key -> (type, default). Lists of tables ([[flux]]) are
# marked with a list type on the section itself in LIST_SECTIONS.
SECTIONS: dict[str, dict[str, tuple[type | tuple[type, ...], Any]]] = {
    "kit": {
        "nom": (str, None),
        "lieu": (str, ""),
        "modele": (str, "afficheur"),
        "langue": (str, "fr"),
        "simulation": (str, "auto"),
    },
    "ecran": {
        "taille": (str, "1920x1080"),
        "rotation": (int, 0),
        "theme": (str, "clair"),
        "sortie": (str, "auto"),
        "disposition": (str, "auto"),
        "voix": (bool, False),
        "extinction": (bool, False),
        "extinction_moyen": (str, "auto"),
        "allumage_avance": ((str, int), "15 min"),
    },
    "web": {
        "port": (int, 8000),
        "adresse": (str, "auto"),
        "ouvrir_navigateur": (bool, False),
    },
    "site": {
        "cle": (str, None),
    },
    "reseau": {
        "decouverte": (bool, True),
    },
    "semainier": {
        "fichier": (str, None),
        "lieu": (str, None),
    },
    "message": {
        "texte": (str, ""),
    },
}
LIST_SECTIONS: dict[str, dict[str, tuple[type | tuple[type, ...], Any]]] = {
    "flux": {
        "nom": (str, None),
        "adresse": (str, None),
        "toutes_les": ((str, int, float), "15 min"),
        "max": (int, 20),
    },
    "compteurs": {
        "nom": (str, "attente"),
        "guichets": (int, 1),
    },
    "boutons": {
        "broche": ((int, str), None),
        "libelle": (str, None),
        "action": (str, None),
        "touche": (str, None),
    },
}
REQUIRED = {"flux": ("adresse",), "boutons": ("action",)}
CHOICES = {
    ("kit", "langue"): ("fr", "en"),
    ("kit", "simulation"): ("auto", "oui", "non"),
    ("ecran", "theme"): ("clair", "sombre", "contraste"),
    ("ecran", "sortie"): ("auto", "framebuffer", "fenetre", "navigateur", "png", "aucune"),
    ("ecran", "rotation"): (0, 90, 180, 270),
    ("ecran", "extinction_moyen"): ("auto", "wlr", "framebuffer", "vcgencmd", "cec", "aucun"),
}
_SIZE = re.compile(r"^\s*(\d{3,4})\s*[xX×]\s*(\d{3,4})\s*$")


@dataclass(frozen=True)
class ScreenConfig:
    size: tuple[int, int] = (1920, 1080)
    rotation: int = 0
    theme: str = "clair"
    output: str = "auto"
    layout: str = "auto"
    voice: bool = False


@dataclass(frozen=True)
class FeedConfig:
    url: str
    name: str = "actus"
    every: float = 900.0
    max_items: int = 20


@dataclass(frozen=True)
class CounterConfig:
    name: str = "attente"
    desks: int = 1


@dataclass(frozen=True)
class ButtonConfig:
    action: str
    pin: int | str | None = None
    label: str | None = None
    key: str | None = None


@dataclass
class KitConfig:
    """The kit's settings, read from ``fabrique.toml`` (defaults when there is no file)."""

    path: Path | None
    project_dir: Path
    name: str
    place: str = ""
    template: str = "afficheur"
    lang: str = "fr"
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
    feeds: list[FeedConfig] = field(default_factory=list)
    counters: list[CounterConfig] = field(default_factory=list)
    buttons: list[ButtonConfig] = field(default_factory=list)
    raw: dict = field(default_factory=dict)

    def data_files(self) -> list[Path]:
        """The data files this config names (checked by ``fabrique check``)."""
        return [self.semainier] if self.semainier else []


def default_config(project_dir: str | Path) -> KitConfig:
    """The settings of a project that has no ``fabrique.toml``."""
    project_dir = Path(project_dir).resolve()
    return KitConfig(path=None, project_dir=project_dir, name=project_dir.name or "kit")


def find_key_line(text: str, path: tuple) -> int | None:
    """The line (from 1) where the key ``path`` is written, e.g. ``("flux", 1, "adresse")``.

    It follows ``[table]`` and ``[[array]]`` headers, which is how these files are written.
    """
    section, index, key = None, -1, None
    if len(path) == 1:
        section = path[0]
    elif len(path) == 2 and isinstance(path[1], int):
        section, index = path
    elif len(path) == 2:
        section, key = path
    else:
        section, index, key = path[0], path[1], path[2]
    current: str | None = None
    count: dict[str, int] = {}
    header = re.compile(r"^\s*(\[\[?)\s*([A-Za-z0-9_\-]+)\s*\]\]?")
    for number, line in enumerate(text.splitlines(), start=1):
        m = header.match(line)
        if m:
            current = m.group(2)
            if m.group(1) == "[[":
                count[current] = count.get(current, -1) + 1
            if key is None and current == section and (index < 0 or count.get(current) == index):
                return number
            continue
        if key is None or current != section:
            continue
        if index >= 0 and (current is None or count.get(current) != index):
            continue
        if re.match(rf"^\s*[\"']?{re.escape(str(key))}[\"']?\s*=", line):
            return number
    return None


class _Checker:
    def __init__(self, path: Path, text: str):
        self.path, self.text = path, text
        self.problems: list[Problem] = []

    def add(self, message: str, where: tuple, hint: str | None = None, severity="error"):
        field_name = _field_name(where)
        self.problems.append(
            Problem(
                message,
                file=str(self.path),
                line=find_key_line(self.text, where),
                field=field_name,
                hint=hint,
                severity=severity,
            )
        )

    def table(self, section: str, data: Any, schema: dict, where: tuple) -> dict:
        if not isinstance(data, dict):
            self.add(_("« {section} » doit être une section [{section}].", section=section), where)
            return {}
        values = {}
        for key, value in data.items():
            if key not in schema:
                self.add(
                    _("La clé « {key} » n'existe pas dans [{section}].", key=key, section=section),
                    where + (key,),
                    suggestion_hint(key, schema),
                )
                continue
            expected, _default = schema[key]
            if not _has_type(value, expected):
                self.add(
                    _(
                        "« {key} » doit être {expected}, pas {got}.",
                        key=key,
                        expected=_type_name(expected),
                        got=_type_name(type(value)),
                    ),
                    where + (key,),
                )
                continue
            choices = CHOICES.get((section, key))
            if choices and value not in choices:
                self.add(
                    _("« {value} » n'est pas une valeur possible pour « {key} ».", value=value, key=key),
                    where + (key,),
                    _("Valeurs possibles : {choices}.", choices=", ".join(map(str, choices))),
                )
                continue
            values[key] = value
        return values


def _field_name(where: tuple) -> str:
    out = ""
    for part in where:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


def _has_type(value: Any, expected) -> bool:
    types = expected if isinstance(expected, tuple) else (expected,)
    if isinstance(value, bool) and bool not in types:
        return False
    if float in types and isinstance(value, int) and not isinstance(value, bool):
        return True
    return isinstance(value, types)


def _type_name(kind) -> str:
    kinds = kind if isinstance(kind, tuple) else (kind,)
    names = {
        str: _("un texte entre guillemets"),
        int: _("un nombre entier"),
        float: _("un nombre"),
        bool: _("true ou false"),
        list: _("une liste"),
        dict: _("une section"),
    }
    return _(" ou ").join(names.get(k, k.__name__) for k in kinds)


def parse_size(text: str) -> tuple[int, int] | None:
    """``"1920x1080"`` → ``(1920, 1080)``; None when it is not a size."""
    m = _SIZE.match(text)
    return (int(m.group(1)), int(m.group(2))) if m else None


def load_config(path: str | Path) -> KitConfig:
    """Read and check ``path``; raise :class:`ConfigError` listing every located problem."""
    path = Path(path)
    if not path.exists():
        raise ConfigError(
            _("Le fichier de configuration {path} est introuvable.", path=path),
            file=str(path),
            hint=_("Créez un projet avec « fabrique new afficheur » ou vérifiez le dossier."),
        )
    text = path.read_text(encoding="utf-8", errors="replace")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        line = None
        m = re.search(r"line (\d+)", str(error))
        if m:
            line = int(m.group(1))
        raise ConfigError(
            _("Le fichier n'est pas écrit correctement (TOML) : {detail}.", detail=str(error)),
            file=str(path),
            line=line,
            hint=_("Vérifiez les guillemets autour des textes et les crochets des sections."),
        ) from None
    return _build(path, text, data)


def check_config(path: str | Path) -> tuple[KitConfig | None, list[Problem]]:
    """Like :func:`load_config`, but returns the problems instead of raising."""
    try:
        config = load_config(path)
    except FabriqueError as error:
        return None, error.problems
    return config, config.raw.get("_warnings", [])


def _build(path: Path, text: str, data: dict) -> KitConfig:
    check = _Checker(path, text)
    known = set(SECTIONS) | set(LIST_SECTIONS)
    sections: dict[str, dict] = {}
    lists: dict[str, list[dict]] = {}
    for name, value in data.items():
        if name not in known:
            check.add(
                _("La section [{section}] n'existe pas.", section=name),
                (name,),
                suggestion_hint(name, known),
            )
        elif name in SECTIONS:
            sections[name] = check.table(name, value, SECTIONS[name], (name,))
        else:
            if isinstance(value, dict):
                value = [value]
            if not isinstance(value, list):
                check.add(_("[[{section}]] doit être une liste de sections.", section=name), (name,))
                continue
            items = []
            for i, item in enumerate(value):
                values = check.table(name, item, LIST_SECTIONS[name], (name, i))
                for required in REQUIRED.get(name, ()):
                    if required not in values and isinstance(item, dict) and required not in item:
                        check.add(
                            _("Il manque « {key} » dans [[{section}]] n°{n}.", key=required, section=name, n=i + 1),
                            (name, i),
                        )
                items.append(values)
            lists[name] = items

    def get(section, key):
        return sections.get(section, {}).get(key, SECTIONS[section][key][1])

    project_dir = path.resolve().parent
    size = parse_size(get("ecran", "taille"))
    if size is None:
        check.add(
            _("« {value} » n'est pas une taille d'écran.", value=get("ecran", "taille")),
            ("ecran", "taille"),
            _("Écrivez par exemple « 1920x1080 » ou « 1280x1024 »."),
        )
        size = (1920, 1080)
    port = get("web", "port")
    if not 0 <= port <= 65535:
        check.add(_("Le port {port} n'existe pas (0 à 65535).", port=port), ("web", "port"))

    feeds = []
    for i, item in enumerate(lists.get("flux", [])):
        if "adresse" not in item:
            continue
        try:
            every = parse_duration(item.get("toutes_les", "15 min"), field="toutes_les")
        except FabriqueError as error:
            check.add(error.problems[0].message, ("flux", i, "toutes_les"), error.problems[0].hint)
            continue
        if not re.match(r"^https?://", item["adresse"]):
            check.add(
                _("« {value} » n'est pas une adresse web (http:// ou https://).", value=item["adresse"]),
                ("flux", i, "adresse"),
            )
            continue
        feeds.append(
            FeedConfig(
                url=item["adresse"],
                name=item.get("nom") or ("actus" if i == 0 else f"actus{i + 1}"),
                every=every,
                max_items=item.get("max", 20),
            )
        )
    counters = [
        CounterConfig(name=c.get("nom", "attente"), desks=c.get("guichets", 1))
        for c in lists.get("compteurs", [])
    ]
    buttons = [
        ButtonConfig(action=b["action"], pin=b.get("broche"), label=b.get("libelle"), key=b.get("touche"))
        for b in lists.get("boutons", [])
        if "action" in b
    ]
    for i, b in enumerate(buttons):
        if b.pin is None and b.key is None:
            check.add(
                _("Le bouton n°{n} n'a ni « broche » ni « touche ».", n=i + 1),
                ("boutons", i),
                _("Ajoutez par exemple broche = 17 ou touche = \"espace\"."),
            )

    semainier = get("semainier", "fichier")
    semainier_path = (project_dir / semainier) if semainier else None
    if semainier_path is not None and not semainier_path.exists():
        check.add(
            _("Le fichier du semainier {file} est introuvable.", file=semainier),
            ("semainier", "fichier"),
            _("Vérifiez le nom du fichier, à côté de fabrique.toml."),
        )

    errors = [p for p in check.problems if p.severity == "error"]
    if errors:
        raise ConfigError(problems=check.problems)

    return KitConfig(
        path=path.resolve(),
        project_dir=project_dir,
        name=get("kit", "nom") or project_dir.name,
        place=get("kit", "lieu"),
        template=get("kit", "modele"),
        lang=get("kit", "langue"),
        simulation=get("kit", "simulation"),
        screen=ScreenConfig(
            size=size,
            rotation=get("ecran", "rotation"),
            theme=get("ecran", "theme"),
            output=get("ecran", "sortie"),
            layout=get("ecran", "disposition"),
            voice=get("ecran", "voix"),
        ),
        port=port,
        host=get("web", "adresse"),
        open_browser=get("web", "ouvrir_navigateur"),
        site_key=get("site", "cle"),
        discovery=get("reseau", "decouverte"),
        semainier=semainier_path,
        semainier_place=get("semainier", "lieu"),
        message=get("message", "texte"),
        feeds=feeds,
        counters=counters,
        buttons=buttons,
        raw={**data, "_warnings": [p for p in check.problems if p.severity != "error"]},
    )
