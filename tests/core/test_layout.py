"""The tree stays the map of the architecture: short modules, each saying what it holds.

The import rules themselves (layers, no click outside ``cli/``) are import-linter
contracts in ``pyproject.toml``, checked by ``make test``.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "fabrique_kit"
MAX_LINES = 400


def modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py")
                  if "templates" not in p.relative_to(PACKAGE).parts and "module_template" not in p.parts)


def test_no_module_is_longer_than_400_lines():
    long = {str(p.relative_to(PACKAGE)): n for p in modules()
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert long == {}


def test_every_module_says_what_it_holds():
    silent = [str(p.relative_to(PACKAGE)) for p in modules()
              if p.stat().st_size and not ast.get_docstring(ast.parse(p.read_text(encoding="utf-8")))]
    assert silent == []


def test_click_lives_only_in_the_cli_package():
    outside = []
    for path in modules():
        if path.relative_to(PACKAGE).parts[0] == "cli":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else (
                [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            if any(name == "click" or name.startswith("click.") for name in names):
                outside.append(str(path.relative_to(PACKAGE)))
    assert outside == []


def test_the_domain_packages_exist():
    for package in ("sources/semainier", "sources/counters", "sources/http", "config", "kit", "project",
                    "cli", "devices", "screen", "net", "web", "deploy"):
        assert (PACKAGE / package / "__init__.py").is_file(), package
