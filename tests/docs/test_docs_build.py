"""The documentation builds with ``mkdocs build --strict`` (warnings are errors).

The build also draws the pictures of the screens and writes the configuration and
command references (docs_hooks/): this test checks they are there.
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.slow

MISSING = [name for name in ("mkdocs", "material", "mkdocstrings") if importlib.util.find_spec(name) is None]
if MISSING and os.environ.get("CI") != "true":  # in CI the build must run, and fails without them
    pytest.skip(
        f"{', '.join(MISSING)} not installed (pip install -e '.[docs]'); never skipped in CI",
        allow_module_level=True,
    )


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("site")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(ROOT / "mkdocs.yml"), "-d", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=env,
        timeout=180,
        check=False,
    )
    assert result.returncode == 0, f"mkdocs build --strict failed:\n{result.stdout}\n{result.stderr}"
    assert "WARNING" not in result.stderr, result.stderr
    return out


def test_main_pages_exist(site):
    for page in [
        "index.html",
        "tutoriel/index.html",
        "guides/bouton/index.html",
        "guides/deux-kits/index.html",
        "concepts/securite/index.html",
        "semainier/index.html",
        "reference/kit/index.html",
        "ateliers/guide-afficheur/index.html",
        "en/index.html",
    ]:
        assert (site / page).is_file(), page


def test_screen_pictures_are_drawn(site):
    from PIL import Image

    from fabrique_kit.project import templates

    folder = site / "images" / "ecrans"
    names = [*templates(), "theme-clair", "theme-sombre", "theme-contraste", "portrait"]
    for name in names:
        with Image.open(folder / f"{name}.png") as image:
            assert image.width > 0 and image.height > 0, name
    with Image.open(folder / "portrait.png") as image:
        assert image.height > image.width  # shown as people see the turned screen
    assert "images/ecrans/afficheur.png" in (site / "tutoriel" / "index.html").read_text(encoding="utf-8")
    assert not (ROOT / "docs" / "images").exists()  # never written into the repository


def test_config_reference_follows_the_code(site):
    from fabrique_kit.config import LIST_SECTIONS, SECTIONS

    text = (site / "reference" / "configuration" / "index.html").read_text(encoding="utf-8")
    for section, keys in {**SECTIONS, **LIST_SECTIONS}.items():
        assert section in text
        for key in keys:
            assert f"<code>{key}</code>" in text, (section, key)


def test_cli_reference_lists_every_command(site):
    import click

    from fabrique_kit.cli import build_cli

    cli = build_cli()
    ctx = click.Context(cli, info_name="fabrique")
    french = (site / "reference" / "cli" / "index.html").read_text(encoding="utf-8")
    english = (site / "en" / "cli" / "index.html").read_text(encoding="utf-8")
    for name in cli.list_commands(ctx):
        assert f"fabrique {name}" in french, name
        assert f"fabrique {name}" in english, name
    assert "--since" in french and "Affiche cette aide" in french
    assert "Guided mode" in english


def test_reference_comes_from_docstrings(site):
    text = (site / "reference" / "kit" / "index.html").read_text(encoding="utf-8")
    assert "fabrique_kit.Kit" in text
    assert "take_ticket" in text  # the class docstring's example, as code
    assert "Example::" not in text  # reST literal blocks were turned into Markdown code
    assert ":class:" not in text and ":meth:" not in text
