"""MkDocs hook: the English pages (``docs/en/``) in the menu, and the French pages without one.

Every page of ``docs/`` has its English twin at ``docs/en/<same path>``, and every
workshop guide at ``workshop_guides/en/<same name>`` (``tests/docs/test_english_pages.py``
checks it). The « English » entry of the menu lists the twins in the French menu's
order, each under its own first heading, so a new page needs no menu edit for its
English side. A French page still without its twin is named in the build log.
"""

from __future__ import annotations

import logging
from pathlib import Path

log = logging.getLogger("mkdocs.hooks.english")
SECTION = "English"


def french_pages(docs: Path, guides: Path) -> list[str]:
    """The French pages, as paths below ``docs/`` (guides as ``ateliers/<name>``)."""
    pages = [p.relative_to(docs).as_posix() for p in sorted(docs.rglob("*.md")) if p.relative_to(docs).parts[0] != "en"]
    pages += [f"ateliers/{p.name}" for p in sorted(guides.glob("*.md")) if p.name != "README.md"]
    return pages


def missing_twins(docs: Path, guides: Path) -> list[str]:
    """The French pages that have no English twin yet."""
    missing = []
    for page in french_pages(docs, guides):
        if page.startswith("ateliers/") and page != "ateliers.md":
            twin = guides / "en" / page.removeprefix("ateliers/")
        else:
            twin = docs / "en" / page
        if not twin.exists():
            missing.append(page)
    return missing


def _title(path: Path) -> str:
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("# "):
            return line[2:].replace("`", "").strip()
    return path.stem


def _french_order(entries, found: list[str]) -> list[str]:
    for entry in entries or []:
        value = next(iter(entry.values())) if isinstance(entry, dict) else entry
        if isinstance(value, list):
            _french_order(value, found)
        elif isinstance(value, str) and not value.startswith("en/"):
            found.append(value)
    return found


def on_config(config, **kwargs):
    docs = Path(config.docs_dir)
    guides = Path(config.config_file_path).resolve().parent / "workshop_guides"
    missing = missing_twins(docs, guides)
    if missing:
        log.info("French pages without their English twin yet: %s", ", ".join(missing))
    nav = config.nav or []
    for i, entry in enumerate(nav):
        if not (isinstance(entry, dict) and SECTION in entry and isinstance(entry[SECTION], list)):
            continue
        listed = {next(iter(e.values())) for e in entry[SECTION] if isinstance(e, dict)}
        order = _french_order(nav, [])
        twins = [f"en/{page}" for page in order if (docs / "en" / page).exists() and f"en/{page}" not in listed]
        others = sorted(p.relative_to(docs).as_posix() for p in (docs / "en").rglob("*.md"))
        twins += [p for p in others if p not in twins and p not in listed]
        nav[i] = {SECTION: entry[SECTION] + [{_title(docs / page): page} for page in twins]}
    return config
