"""MkDocs hook: leave out of the menu a page that another team has not written yet.

``docs/deploiement.md`` is written by the deployment team. Until it exists, its
menu entry is removed (with a note in the build log) so that ``--strict`` passes.
"""

from __future__ import annotations

import logging
from pathlib import Path

log = logging.getLogger("mkdocs.hooks.nav")

OPTIONAL_PAGES = ["deploiement.md"]


def _without(entries, missing: set[str]):
    kept = []
    for entry in entries:
        if isinstance(entry, dict):
            (title, value), = entry.items()
            if isinstance(value, list):
                kept.append({title: _without(value, missing)})
            elif value not in missing:
                kept.append(entry)
        elif entry not in missing:
            kept.append(entry)
    return kept


def on_config(config, **kwargs):
    docs = Path(config.docs_dir)
    missing = {page for page in OPTIONAL_PAGES if not (docs / page).exists()}
    if missing and config.nav:
        log.info("Not in the menu yet (file missing): %s", ", ".join(sorted(missing)))
        config.nav = _without(config.nav, missing)
    return config
