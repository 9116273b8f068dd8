"""Creating a project: the templates ``fabrique new`` copies, and :func:`new_project`.

Example::

    from fabrique_kit.project import new_project
    new_project("afficheur", "~/hall-maurepas")     # main.py, fabrique.toml, semainier.json
"""

from __future__ import annotations

import secrets
import shutil
import string
import tomllib
from dataclasses import dataclass
from pathlib import Path

from fabrique_kit.errors import FabriqueError, suggestion_hint
from fabrique_kit.files import write_atomically
from fabrique_kit.i18n import _, get_language

PACKAGE_DIR = Path(__file__).resolve().parent.parent
TEMPLATES_DIR = PACKAGE_DIR / "templates"
IGNORED_WHEN_EMPTY = {".DS_Store", ".git"}


@dataclass(frozen=True)
class Template:
    """A project template: a folder that ``fabrique new`` copies.

    Example: ``templates()["afficheur"].description`` → ``"Écran de hall : …"``
    """

    name: str
    folder: Path
    description_fr: str
    description_en: str
    extra_files: dict

    @property
    def description(self) -> str:
        return self.description_en if get_language() == "en" else self.description_fr


def templates() -> dict[str, Template]:
    """The templates shipped with fabrique-kit, then those of installed modules, by name."""
    found = {}
    for manifest in sorted(TEMPLATES_DIR.glob("*/modele.toml")):
        data = tomllib.loads(manifest.read_text(encoding="utf-8"))
        name = manifest.parent.name
        found[name] = Template(
            name=name,
            folder=manifest.parent,
            description_fr=data.get("description", ""),
            description_en=data.get("description_en", data.get("description", "")),
            extra_files=data.get("fichiers", {}),
        )
    from fabrique_kit.modules import contributed_templates

    for name, item in contributed_templates().items():  # templates of installed modules
        found.setdefault(name, Template(name, item.folder, item.description_fr, item.description_en, {}))
    return found


def new_project(template: str, target: str | Path, *, name: str | None = None) -> Path:
    """Create a project from ``template`` in ``target`` (which must be empty or absent).

    Example: ``new_project("compteur", "accueil", name="accueil-maurepas")``
    """
    available = templates()
    if template not in available:
        raise FabriqueError(
            _("Le modèle « {name} » n'existe pas.", name=template),
            hint=suggestion_hint(template, available),
        )
    target = Path(target)
    if target.exists() and not target.is_dir():
        raise FabriqueError(_("{path} est un fichier, pas un dossier.", path=target))
    if target.exists() and [p for p in target.iterdir() if p.name not in IGNORED_WHEN_EMPTY]:
        raise FabriqueError(
            _("Le dossier {path} n'est pas vide : rien n'a été écrit.", path=target),
            hint=_("Choisissez un nouveau dossier, par exemple « fabrique new {template} mon-projet ».", template=template),
        )
    chosen = available[template]
    values = {
        "nom": name or target.resolve().name,
        "cle": secrets.token_urlsafe(24),
        "modele": template,
    }
    target.mkdir(parents=True, exist_ok=True)
    for source in sorted(chosen.folder.rglob("*")):
        relative = source.relative_to(chosen.folder)
        if source.name == "modele.toml" or "__pycache__" in relative.parts:
            continue
        destination = target / relative
        if source.is_dir():
            destination.mkdir(parents=True, exist_ok=True)
            continue
        if source.suffix in (".toml", ".md", ".py", ".txt"):
            text = string.Template(source.read_text(encoding="utf-8")).safe_substitute(values)
            write_atomically(destination, text)
        else:
            shutil.copyfile(source, destination)
    for name_in_project, packaged in chosen.extra_files.items():
        shutil.copyfile(PACKAGE_DIR / packaged, target / name_in_project)
    return target
