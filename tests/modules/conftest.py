"""Fixtures of the module tests: real distributions on sys.path, cleaned up after.

- ``fake_dist`` writes a small distribution by hand (a ``.dist-info`` folder with real
  entry points, and its Python files) in a folder put on ``sys.path``: fast, no pip.
- ``installed`` pip-installs the scaffolded module and the worked example
  (``examples/module_transports``) with ``--target`` into a temporary folder, once.
- ``wired`` gives ``Kit.source`` and ``Screen.widget`` their one-line bodies when the
  library does not have them yet, so these tests call the methods beginners will call.
"""

from __future__ import annotations

import importlib
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from fabrique_kit.kit import Kit
from fabrique_kit.modules import get_registry, kit_source, scaffold_module, screen_widget
from fabrique_kit.screen import Screen

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "module_transports"
SCAFFOLDED = "meteo"  # the module ``fabrique new module`` makes in these tests


def forget_modules(prefixes: tuple[str, ...]) -> None:
    for name in [n for n in sys.modules if n.startswith(prefixes)]:
        del sys.modules[name]


class FakeDists:
    """Writes distributions by hand into one folder on sys.path."""

    def __init__(self, site: Path):
        self.site = site
        self.packages: list[str] = []

    def add(self, name: str, version: str, entry_points: dict[str, dict[str, str]],
            files: dict[str, str]) -> None:
        info = self.site / f"{name.replace('-', '_')}-{version}.dist-info"
        info.mkdir(parents=True)
        (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n")
        lines = []
        for group, points in entry_points.items():
            lines.append(f"[{group}]")
            lines += [f"{key} = {value}" for key, value in points.items()]
        (info / "entry_points.txt").write_text("\n".join(lines) + "\n")
        for relative, text in files.items():
            path = self.site / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(textwrap.dedent(text), encoding="utf-8")
            self.packages.append(relative.split("/")[0].removesuffix(".py"))
        importlib.invalidate_caches()
        get_registry(reload=True)


@pytest.fixture
def fake_dist(tmp_path, monkeypatch):
    site = tmp_path / "site"
    site.mkdir()
    monkeypatch.syspath_prepend(str(site))
    dists = FakeDists(site)
    yield dists
    monkeypatch.undo()  # sys.path first, so the registry below no longer sees them
    forget_modules(tuple(dists.packages) or ("\0",))
    get_registry(reload=True)


@pytest.fixture(scope="package")
def installed(tmp_path_factory):
    """The scaffolded module and fabrique-transports, pip-installed into a folder on sys.path."""
    import shutil

    work = tmp_path_factory.mktemp("modules")
    scaffolded = scaffold_module(SCAFFOLDED, work / f"fabrique-{SCAFFOLDED}")
    example = work / "module_transports"  # a copy: the build leaves nothing in examples/
    shutil.copytree(EXAMPLE, example, ignore=shutil.ignore_patterns("build", "*.egg-info", "__pycache__"))
    site = work / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--disable-pip-version-check",
         "--target", str(site), str(scaffolded), str(example)],
        check=True, capture_output=True, text=True, timeout=240,
    )
    sys.path.insert(0, str(site))
    importlib.invalidate_caches()
    get_registry(reload=True)
    yield {"site": site, "scaffolded": scaffolded}
    sys.path.remove(str(site))
    forget_modules((f"fabrique_{SCAFFOLDED}", "fabrique_transports"))
    importlib.invalidate_caches()
    get_registry(reload=True)


@pytest.fixture
def wired(monkeypatch):
    """``kit.source(...)`` and ``screen.widget(...)``, as the library defines them (or will)."""
    if not hasattr(Kit, "source"):
        monkeypatch.setattr(Kit, "source", kit_source, raising=False)
    if not hasattr(Screen, "widget"):
        monkeypatch.setattr(Screen, "widget", screen_widget, raising=False)


def run_pytest(folder: Path, site: Path) -> subprocess.CompletedProcess:
    """Run a module's own tests against its installed copy in ``site``."""
    import os

    env = dict(os.environ, PYTHONPATH=str(site), PYTHONDONTWRITEBYTECODE="1")
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(folder / "tests")],
        cwd=folder, env=env, capture_output=True, text=True, timeout=120,
    )
