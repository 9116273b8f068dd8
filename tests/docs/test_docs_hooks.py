"""The pieces of the docs hooks (docs_hooks/), without building the whole site."""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

MISSING = [name for name in ("mkdocs", "griffe") if importlib.util.find_spec(name) is None]
if MISSING and os.environ.get("CI") != "true":
    pytest.skip(f"{', '.join(MISSING)} not installed (pip install -e '.[docs]')", allow_module_level=True)


def _hook(name: str):
    spec = importlib.util.spec_from_file_location(f"docs_hooks_{name}", ROOT / "docs_hooks" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_rst_literal_blocks_become_fenced_code():
    rst = _hook("griffe_rst")
    text = "Do it.\n\nExample::\n\n    kit = Kit()\n    kit.run()\n\nAfter."
    out = rst.rst_to_markdown(text)
    assert "Example:\n\n```python\nkit = Kit()\nkit.run()\n```" in out
    assert out.endswith("After.")
    shell = rst.rst_to_markdown("In a terminal::\n\n    fabrique doctor\n")
    assert "```sh\nfabrique doctor\n```" in shell


def test_rst_roles_become_code():
    rst = _hook("griffe_rst")
    assert rst.rst_to_markdown("See :class:`~fabrique_kit.model.Session`.") == "See ``Session``."
    assert rst.rst_to_markdown("Use :meth:`key`.") == "Use ``key``."


def test_every_config_key_is_described():
    from fabrique_kit.config import LIST_SECTIONS, SECTIONS

    reference = _hook("reference")
    for section, keys in {**SECTIONS, **LIST_SECTIONS}.items():
        for key in keys:
            assert reference.DESCRIPTIONS.get(section, {}).get(key), f"[{section}] {key}"


def test_missing_optional_page_leaves_the_menu():
    nav = _hook("nav")
    entries = [{"Accueil": "index.md"}, {"Déploiement": "deploiement.md"}, {"Guides": [{"A": "a.md"}, "deploiement.md"]}]
    assert nav._without(entries, {"deploiement.md"}) == [{"Accueil": "index.md"}, {"Guides": [{"A": "a.md"}]}]
