"""MkDocs hook: show the workshop guides (``workshop_guides/``) inside the site.

The guides live outside ``docs/`` and belong to the workshop team. They are not
copied into the repository: at each build they become pages of the site under
``ateliers/`` (and their pictures too), and the « Ateliers » entry of the navigation
lists them. ``workshop_guides/README.md`` is replaced by ``docs/ateliers.md``.
The English guides (``workshop_guides/en/``) are built but stay out of the menu;
the English overview links to them.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.structure.files import File, Files, InclusionLevel

PREFIX = "ateliers"
SKIPPED_NAMES = {"README.md"}
SKIPPED_SUFFIXES = {".py", ".pyc"}
# The order of the menu; guides not named here come after, by name.
ORDER = [
    "programme-journee.md",
    "guide-afficheur.md",
    "guide-compteur.md",
    "guide-borne.md",
    "guide-capteur.md",
    "atelier-makey-makey.md",
    "animer-un-atelier.md",
    "fiche-cablage.md",
    "depannage.md",
]


def guides_dir(config) -> Path:
    return Path(config.config_file_path).resolve().parent / "workshop_guides"


def guide_files(config) -> list[Path]:
    folder = guides_dir(config)
    if not folder.is_dir():
        return []
    found = []
    for path in sorted(folder.rglob("*")):
        if not path.is_file() or path.name in SKIPPED_NAMES or path.suffix in SKIPPED_SUFFIXES:
            continue
        if "__pycache__" in path.parts:
            continue
        found.append(path)
    return found


def menu_guides(config) -> list[str]:
    """The guides shown in the menu (French, top folder), in the workshop's order."""
    names = [p.name for p in guide_files(config) if p.suffix == ".md" and p.parent == guides_dir(config)]
    ordered = [n for n in ORDER if n in names] + sorted(n for n in names if n not in ORDER)
    return [f"{PREFIX}/{n}" for n in ordered]


def on_config(config, **kwargs):
    nav = config.nav or []
    for i, entry in enumerate(nav):
        if isinstance(entry, dict) and "Ateliers" in entry and isinstance(entry["Ateliers"], str):
            nav[i] = {"Ateliers": [{"Les guides d'atelier": entry["Ateliers"]}, *menu_guides(config)]}
    return config


def on_files(files: Files, config, **kwargs) -> Files:
    folder = guides_dir(config)
    for path in guide_files(config):
        relative = path.relative_to(folder).as_posix()
        inclusion = InclusionLevel.NOT_IN_NAV if relative.startswith("en/") else InclusionLevel.UNDEFINED
        files.append(
            File.generated(config, f"{PREFIX}/{relative}", abs_src_path=str(path), inclusion=inclusion)
        )
    return files
