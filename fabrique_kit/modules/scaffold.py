"""``fabrique new module NAME``: a ready-to-install module with a widget, a source and tests.

The files come from ``fabrique_kit/module_template/``: ``$nom``-style words are filled
in, ``__paquet__`` in a path becomes the Python package's name and ``.py.txt`` files
become ``.py`` (so the template itself is never imported, linted or collected).

Example::

    scaffold_module("meteo", "fabrique-meteo")
    # fabrique-meteo/pyproject.toml, src/fabrique_meteo/..., tests/test_meteo.py, README.md
"""

from __future__ import annotations

import re
import string
from pathlib import Path

from fabrique_kit.errors import FabriqueError
from fabrique_kit.i18n import _

TEMPLATE_DIR = Path(__file__).resolve().parent.parent / "module_template"
_NAME = re.compile(r"[a-z][a-z0-9]*(?:[-_][a-z0-9]+)*")
IGNORED_WHEN_EMPTY = {".DS_Store", ".git"}


def module_names(name: str) -> dict[str, str]:
    """The names of a module called ``name`` (``"qualite-air"`` or ``"fabrique-qualite-air"``).

    Example::

        >>> module_names("qualite-air")["paquet"]
        'fabrique_qualite_air'
    """
    text = str(name).strip().lower()
    for prefix in ("fabrique-", "fabrique_"):
        if text.startswith(prefix):
            text = text[len(prefix):]
    if not _NAME.fullmatch(text) or len(text) > 40:
        raise FabriqueError(
            _("« {name} » ne convient pas comme nom de module.", name=name),
            field="NOM",
            hint=_("Des lettres minuscules sans accent, des chiffres et des tirets, "
                   "en commençant par une lettre : par exemple « qualite-air »."),
        )
    words = re.split(r"[-_]", text)
    return {
        "nom": text.replace("_", "-"),
        "ident": text.replace("-", "_"),
        "distribution": "fabrique-" + text.replace("_", "-"),
        "paquet": "fabrique_" + text.replace("-", "_"),
        "classe": "".join(word.capitalize() for word in words),
    }


def scaffold_module(name: str, target: str | Path | None = None) -> Path:
    """Create the module ``name`` in ``target`` (default: ``fabrique-NAME``); returns the folder.

    ``target`` must be absent or empty: nothing is ever overwritten.
    """
    names = module_names(name)
    target = Path(target) if target is not None else Path(names["distribution"])
    if target.exists() and not target.is_dir():
        raise FabriqueError(_("{path} est un fichier, pas un dossier.", path=target))
    if target.exists() and [p for p in target.iterdir() if p.name not in IGNORED_WHEN_EMPTY]:
        raise FabriqueError(
            _("Le dossier {path} n'est pas vide : rien n'a été écrit.", path=target),
            hint=_("Choisissez un nouveau dossier, par exemple « fabrique new module {name} {folder} ».",
                   name=names["nom"], folder=names["distribution"]),
        )
    for source in sorted(TEMPLATE_DIR.rglob("*")):
        relative = source.relative_to(TEMPLATE_DIR)
        if source.is_dir() or any(part.startswith((".", "__pycache__")) for part in relative.parts):
            continue  # caches left by tools, never part of the template
        parts = [part.replace("__paquet__", names["paquet"]).replace("__nom__", names["ident"])
                 for part in relative.parts]
        if parts[-1].endswith(".py.txt"):
            parts[-1] = parts[-1][: -len(".txt")]
        destination = target.joinpath(*parts)
        destination.parent.mkdir(parents=True, exist_ok=True)
        text = string.Template(source.read_text(encoding="utf-8")).safe_substitute(names)
        destination.write_text(text, encoding="utf-8")
    return target
