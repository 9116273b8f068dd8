"""``fabrique new module``: the scaffold installs, its own tests pass, a kit uses it."""

from __future__ import annotations

import json
import shutil
import subprocess

import click
import pytest
from click.testing import CliRunner

from fabrique_kit.cli.modules import modules, new_module
from fabrique_kit.errors import FabriqueError
from fabrique_kit.modules import get_registry, module_names, scaffold_module
from fabrique_kit.modules.scaffold import TEMPLATE_DIR
from fabrique_kit.modules.testing import dark_pixels, make_kit
from tests.modules.conftest import SCAFFOLDED, run_pytest


def test_module_names():
    names = module_names("fabrique-qualite-air")
    assert names == {"nom": "qualite-air", "ident": "qualite_air", "distribution": "fabrique-qualite-air",
                     "paquet": "fabrique_qualite_air", "classe": "QualiteAir"}
    for wrong in ("Qualité air", "2roues", "", "meteo!"):
        with pytest.raises(FabriqueError) as caught:
            module_names(wrong)
        assert "ne convient pas comme nom de module" in str(caught.value)


def test_scaffold_writes_a_package_and_never_overwrites(tmp_path):
    cache = TEMPLATE_DIR / "tests" / ".ruff_cache"  # tools leave caches there: never copied
    cache.mkdir(exist_ok=True)
    (cache / "CACHEDIR.TAG").write_text("cache\n")
    try:
        folder = scaffold_module("qualite-air", tmp_path / "m")
    finally:
        shutil.rmtree(cache)
    files = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())
    assert files == ["README.md", "pyproject.toml", "src/fabrique_qualite_air/__init__.py",
                     "src/fabrique_qualite_air/bloc.py", "src/fabrique_qualite_air/source.py",
                     "tests/test_qualite_air.py"]
    text = (folder / "pyproject.toml").read_text()
    assert '"qualite-air" = "fabrique_qualite_air.bloc:QualiteAirBloc"' in text
    assert "$" not in text + (folder / "src/fabrique_qualite_air/bloc.py").read_text()
    with pytest.raises(FabriqueError, match="n'est pas vide"):
        scaffold_module("autre", folder)


def test_the_module_template_ships_with_fabrique_kit():
    """Every file of module_template/ matches the package data of pyproject.toml."""
    import fnmatch
    import tomllib

    from tests.modules.conftest import ROOT

    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = config["tool"]["setuptools"]["package-data"]["fabrique_kit"]
    files = [p for p in TEMPLATE_DIR.rglob("*") if p.is_file() and "__pycache__" not in p.parts]
    assert len(files) >= 6
    for path in files:
        relative = path.relative_to(TEMPLATE_DIR.parent).as_posix()
        assert any(fnmatch.fnmatch(relative, pattern) or fnmatch.fnmatch(path.name, pattern.removeprefix("**/"))
                   for pattern in patterns), relative


def test_the_scaffold_is_ruff_clean(tmp_path):
    import sys
    from pathlib import Path

    ruff = shutil.which("ruff") or str(Path(sys.executable).with_name("ruff"))
    folder = scaffold_module("qualite-air", tmp_path / "m")
    rules = ["--isolated", "--select", "E,F,W,I,B,UP,SIM", "--line-length", "100"]  # fabrique-kit's own
    result = subprocess.run([ruff, "check", "--no-cache", *rules, "."], cwd=folder, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout


def test_the_scaffolded_module_passes_its_own_tests_once_installed(installed):
    result = run_pytest(installed["scaffolded"], installed["site"])
    assert result.returncode == 0, result.stdout + result.stderr
    assert "4 passed" in result.stdout


def test_the_scaffolded_module_is_used_by_a_kit(installed, tmp_path, wired):
    registry = get_registry()
    assert registry.modules[f"fabrique-{SCAFFOLDED}"].adds == {
        "widgets": [SCAFFOLDED], "sources": [SCAFFOLDED], "templates": []}
    (tmp_path / "meteo.json").write_text(json.dumps({"titre": "Vent fort", "texte": "Rafales à 80 km/h"}))
    with make_kit(tmp_path) as kit:
        info = kit.source(SCAFFOLDED, fichier="meteo.json")
        kit.refresh_all()
        assert info.latest()["titre"] == "Vent fort"

        @kit.screen
        def hall(screen):
            screen.header(kit.place)
            screen.widget(SCAFFOLDED, info.latest(), titre="Météo")

        frame = kit.render()
    assert frame.errors == []
    assert dark_pixels(frame.image, (0, 200, 1920, 1000)) > 3000


def test_fabrique_modules_lists_them(installed):
    result = CliRunner().invoke(modules)
    assert result.exit_code == 0
    assert f"fabrique-{SCAFFOLDED} 0.1.0" in result.output
    assert "fabrique-transports 0.1.0" in result.output
    assert "  blocs : departs" in result.output and "  modèles : transports" in result.output


def test_new_module_command(tmp_path):
    @click.group()
    def cli():
        pass

    @cli.command("new")
    @click.argument("template")
    @click.argument("directory", required=False)
    @click.argument("extra", required=False)
    def new(template, directory, extra):  # the routing the lead adds to ``fabrique new``
        if template == "module":
            new_module(directory, extra)

    result = CliRunner().invoke(cli, ["new", "module", "qualite-air", str(tmp_path / "qa")])
    assert result.exit_code == 0, result.output
    assert "Module « fabrique-qualite-air » créé" in result.output
    assert (tmp_path / "qa" / "tests" / "test_qualite_air.py").exists()
    with pytest.raises(FabriqueError, match="Donnez le nom du module"):
        new_module(None)
