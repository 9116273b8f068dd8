
"""Read ``fabrique.toml`` and check it against the schema: every mistake located (file,
line, key), a mistyped key gets a "did you mean" suggestion.

Example::

    from fabrique_kit.config import load_config
    config = load_config("fabrique.toml")
    config.place            # 'Espace Social Commun Maurepas'
    config.screen.size      # (1920, 1080)
"""

from __future__ import annotations

import ipaddress
import re
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from fabrique_kit.config.lines import find_key_line
from fabrique_kit.config.models import FIELDS, LIST_MODELS, KitConfig, ScreenConfig
from fabrique_kit.config.schema import (
    COUNTER_NAME_PATTERN,
    MAX_REQUEST_KIND_CHARS,
    MAX_REQUEST_KINDS,
    SCHEMA,
    Key,
    Section,
)
from fabrique_kit.config.toml_errors import toml_error
from fabrique_kit.durations import parse_duration
from fabrique_kit.errors import ConfigError, FabriqueError, Problem, field_name, suggestion_hint
from fabrique_kit.i18n import _

_SIZE = re.compile(r"^\s*(\d{3,4})\s*[xX×]\s*(\d{3,4})\s*$")
_HOST = re.compile(r"^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$")
_PIN = re.compile(r"^(GPIO|BCM|BOARD|WPI)?\d+$|^(J8|P1):\d+$")


def parse_size(text: str) -> tuple[int, int] | None:
    """``"1920x1080"`` → ``(1920, 1080)``; None when it is not a size."""
    m = _SIZE.match(text)
    return (int(m.group(1)), int(m.group(2))) if m else None


def _size(value: str, key: Key, _project_dir: Path) -> tuple[int, int]:
    size = parse_size(value)
    if size is None:
        raise FabriqueError(
            _("« {value} » n'est pas une taille d'écran.", value=value),
            hint=_("Écrivez par exemple « 1920x1080 » ou « 1280x1024 »."),
        )
    return size


def _duration(value: Any, key: Key, _project_dir: Path) -> float:
    return parse_duration(value, field=key.name)


def _url(value: str, key: Key, _project_dir: Path) -> str:
    if not re.match(r"^https?://", value):
        raise FabriqueError(_("« {value} » n'est pas une adresse web (http:// ou https://).", value=value))
    return value


def _host(value: str, key: Key, _project_dir: Path) -> str:
    if value == "auto" or _HOST.match(value):
        return value
    try:
        ipaddress.ip_address(value)
    except ValueError:
        raise FabriqueError(
            _("« {value} » n'est pas une adresse d'écoute.", value=value),
            hint=_("Écrivez « auto », une adresse IP comme 127.0.0.1 ou 0.0.0.0, ou un nom de machine."),
        ) from None
    return value


def _file(value: str, key: Key, project_dir: Path) -> Path:
    path = project_dir / value
    if not path.exists():
        raise FabriqueError(
            _("Le fichier du semainier {file} est introuvable.", file=value),
            hint=_("Vérifiez le nom du fichier, à côté de fabrique.toml."),
        )
    return path


def _counter_name(value: str, key: Key, _project_dir: Path) -> str:
    if not re.fullmatch(COUNTER_NAME_PATTERN, value):
        raise FabriqueError(
            _("« {name} » ne peut pas être le nom d'un compteur.", name=value),
            hint=_("Utilisez des lettres sans accent, des chiffres, - ou _ (par exemple « attente »)."),
        )
    return value


def _request_kinds(value: list, key: Key, _project_dir: Path) -> tuple[str, ...]:
    """``["CAF", "Logement"]`` → ``("CAF", "Logement")``: a short list of short texts."""
    if len(value) > MAX_REQUEST_KINDS:
        raise FabriqueError(
            _("{count} types de demande, c'est trop : {maximum} au plus.", count=len(value),
              maximum=MAX_REQUEST_KINDS),
            hint=_("Gardez les demandes les plus fréquentes et ajoutez « autre »."),
        )
    kinds: list[str] = []
    for item in value:
        if not isinstance(item, str) or not item.strip():
            raise FabriqueError(_("Chaque type de demande doit être un texte non vide entre guillemets."),
                                hint=_("Par exemple : demandes = [\"CAF\", \"Logement\", \"autre\"]"))
        kind = item.strip()
        if len(kind) > MAX_REQUEST_KIND_CHARS:
            raise FabriqueError(
                _("Le type de demande « {kind}… » est trop long : {maximum} caractères au plus.",
                  kind=kind[:MAX_REQUEST_KIND_CHARS], maximum=MAX_REQUEST_KIND_CHARS),
                hint=_("Un mot ou deux suffisent, par exemple « Logement »."),
            )
        if kind.casefold() in (k.casefold() for k in kinds):
            raise FabriqueError(_("Le type de demande « {kind} » est en double.", kind=kind))
        kinds.append(kind)
    return tuple(kinds)


def _pin(value: int | str, key: Key, _project_dir: Path) -> int | str:
    if isinstance(value, int):
        return value
    text = re.sub(r"\s+", "", value).upper()
    if not _PIN.match(text) or (text.isdigit() and not key.minimum <= int(text) <= key.maximum):  # type: ignore[operator]
        raise FabriqueError(
            _("« {pin} » n'est pas un nom de broche.", pin=value),
            hint=_("Donnez un numéro GPIO (17) ou un nom comme « GPIO17 » ou « BOARD11 »."),
        )
    return value


# schema Key.parse -> the function that turns the written value into what the kit uses
PARSERS: dict[str, Callable[[Any, Key, Path], Any]] = {
    "size": _size,
    "duration": _duration,
    "url": _url,
    "host": _host,
    "file": _file,
    "counter_name": _counter_name,
    "pin": _pin,
    "request_kinds": _request_kinds,
}


class _Checker:
    def __init__(self, path: Path, text: str):
        self.path, self.text = path, text
        self.project_dir = path.resolve().parent
        self.problems: list[Problem] = []

    def add(self, message: str, where: tuple, hint: str | None = None, severity="error"):
        self.problems.append(
            Problem(
                message,
                file=str(self.path),
                line=find_key_line(self.text, where),
                field=field_name(where),
                hint=hint,
                severity=severity,
            )
        )

    def table(self, section: Section, data: Any, where: tuple) -> dict:
        """The checked and converted values of one section (bad ones are left out)."""
        if not isinstance(data, dict):
            self.add(_("« {section} » doit être une section [{section}].", section=section.name), where)
            return {}
        values = {}
        for name, value in data.items():
            try:
                key = section.key(name)
            except KeyError:
                self.add(
                    _("La clé « {key} » n'existe pas dans [{section}].", key=name, section=section.name),
                    where + (name,),
                    suggestion_hint(name, section.names()),
                )
                continue
            ok, converted = self.value(key, value, where + (name,))
            if ok:
                values[name] = converted
        return values

    def value(self, key: Key, value: Any, where: tuple) -> tuple[bool, Any]:
        if not _has_type(value, key.kind):
            expected, got = _type_name(key.kind), _type_name(type(value))
            self.add(_("« {key} » doit être {expected}, pas {got}.", key=key.name, expected=expected, got=got), where)
            return False, None
        if key.choices and value not in key.choices:
            self.add(
                _("« {value} » n'est pas une valeur possible pour « {key} ».", value=value, key=key.name),
                where,
                _("Valeurs possibles : {choices}.", choices=", ".join(map(str, key.choices))),
            )
            return False, None
        if _out_of_range(key, value):
            self.add(
                _("« {key} » doit être entre {minimum} et {maximum}, pas {value}.",
                  key=key.name, minimum=key.minimum, maximum=key.maximum, value=value),
                where,
            )
            return False, None
        if key.parse is None:
            return True, value
        try:
            return True, PARSERS[key.parse](value, key, self.project_dir)
        except FabriqueError as error:
            self.add(error.problems[0].message, where, error.problems[0].hint)
            return False, None

    def item(self, section: Section, data: Any, where: tuple) -> dict | None:
        """One element of a ``[[list]]``, or None when a required key is missing or wrong."""
        values = self.table(section, data, where)
        complete = True
        for key in section.keys:
            if key.required and key.name not in values:
                complete = False
                if isinstance(data, dict) and key.name not in data:
                    self.add(
                        _("Il manque « {key} » dans [[{section}]] n°{n}.", key=key.name, section=section.name,
                          n=where[1] + 1),
                        where,
                    )
        return values if complete else None


def _out_of_range(key: Key, value: Any) -> bool:
    if not isinstance(value, int) or isinstance(value, bool):
        return False
    return (key.minimum is not None and value < key.minimum) or (key.maximum is not None and value > key.maximum)


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


def load_config(path: str | Path) -> KitConfig:
    """Read and check ``path``; raise :class:`ConfigError` listing every located problem.

    Example: ``load_config("fabrique.toml").screen.theme`` → ``'clair'``
    """
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
        raise toml_error(path, text, error) from None
    if not data:
        raise ConfigError(
            _("fabrique.toml est vide : le kit tournerait sans lieu, sans planning et sur les réglages "
              "par défaut."),
            file=str(path),
            line=1,
            hint=_("Reprenez le fichier du modèle (fabrique new afficheur modele, puis copiez son "
                   "fabrique.toml ici), ou écrivez au moins : [kit] puis lieu = \"Le nom du lieu\"."),
        )
    return _build(path, text, data)


def check_config(path: str | Path) -> tuple[KitConfig | None, list[Problem]]:
    """Like :func:`load_config`, but returns the problems instead of raising.

    Example: ``config, problems = check_config("fabrique.toml")``
    """
    try:
        config = load_config(path)
    except FabriqueError as error:
        return None, error.problems
    return config, list(config.warnings)


def _build(path: Path, text: str, data: dict) -> KitConfig:
    check = _Checker(path, text)
    plain: dict[str, dict] = {}
    lists: dict[str, list[dict]] = {}
    for name, value in data.items():
        section = SCHEMA.get(name)
        if section is None:
            check.add(_("La section [{section}] n'existe pas.", section=name), (name,), suggestion_hint(name, SCHEMA))
        elif not section.repeated:
            plain[name] = check.table(section, value, (name,))
        else:
            items = [value] if isinstance(value, dict) else value
            if not isinstance(items, list):
                check.add(_("[[{section}]] doit être une liste de sections.", section=name), (name,))
                continue
            checked = [check.item(section, item, (name, i)) for i, item in enumerate(items)]
            lists[name] = [item for item in checked if item is not None]
    for i, button in enumerate(lists.get("boutons", [])):
        if button.get("broche") is None and button.get("touche") is None:
            check.add(
                _("Le bouton n°{n} n'a ni « broche » ni « touche ».", n=i + 1),
                ("boutons", i),
                _("Ajoutez par exemple broche = 17 ou touche = \"espace\"."),
            )
    if any(p.severity == "error" for p in check.problems):
        raise ConfigError(problems=check.problems)
    return _model(path, text, check, plain, lists)


def _default(key: Key, project_dir: Path) -> Any:
    if key.parse is None or key.default is None:
        return key.default
    return PARSERS[key.parse](key.default, key, project_dir)


def _model(path: Path, text: str, check: _Checker, plain: dict, lists: dict) -> KitConfig:
    project_dir = check.project_dir
    top: dict[str, Any] = {}
    screen: dict[str, Any] = {}
    for (section_name, key_name), attribute in FIELDS.items():
        section = SCHEMA[section_name]
        if section.repeated:
            continue
        written = plain.get(section_name, {})
        value = written[key_name] if key_name in written else _default(section.key(key_name), project_dir)
        if attribute.startswith("screen."):
            screen[attribute.removeprefix("screen.")] = value
        else:
            top[attribute] = value
    top["name"] = top["name"] or project_dir.name
    top["lang"] = plain.get("kit", {}).get("langue")  # None: the file does not choose
    items: dict[str, list] = {}
    for name, model in LIST_MODELS.items():
        section = SCHEMA[name]
        items[name] = []
        for i, item in enumerate(lists.get(name, [])):
            values = {
                FIELDS[(name, key.name)]: item[key.name] if key.name in item else _default(key, project_dir)
                for key in section.keys
            }
            if name == "flux" and values["name"] is None:
                values["name"] = "actus" if i == 0 else f"actus{i + 1}"
            items[name].append(model(**{k: v for k, v in values.items() if v is not None}))
    return KitConfig(
        path=path.resolve(),
        project_dir=project_dir,
        screen=ScreenConfig(**screen),
        feeds=items["flux"],
        counters=items["compteurs"],
        buttons=items["boutons"],
        warnings=[p for p in check.problems if p.severity != "error"],
        text=text,
        **top,
    )
