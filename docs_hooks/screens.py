"""MkDocs hook: draw the pictures of the screens from the code, at each build.

Each template is created with ``new_project`` in a temporary folder and drawn with
``run_project(mode="preview")`` at a fixed time (Monday 23 November 2026, 10:00), in
simulation and without network. The pictures become files of the site under
``images/ecrans/`` (never files of the repository), so they never go stale.

Pages use them as ``![…](images/ecrans/afficheur.png)`` (relative to the page).
"""

from __future__ import annotations

import io
import logging
import shutil
import tempfile
from pathlib import Path

from mkdocs.structure.files import File, Files

log = logging.getLogger("mkdocs.hooks.screens")

WHEN = "2026-11-23 10:00"  # a Monday morning: the sample schedule has sessions open
FOLDER = "images/ecrans"
WIDTH = 960  # the pictures are halved: lighter pages, still sharp

# Extra pictures: name -> (template, changes to fabrique.toml, turn back by degrees)
VARIANTS = {
    "theme-clair": ("afficheur", {"ecran": {"theme": "clair"}}, 0),
    "theme-sombre": ("afficheur", {"ecran": {"theme": "sombre"}}, 0),
    "theme-contraste": ("afficheur", {"ecran": {"theme": "contraste"}}, 0),
    "portrait": ("afficheur", {"ecran": {"rotation": 90}}, 90),
    "afficheur-personnalise": (
        "afficheur",
        {
            "kit": {"lieu": "Espace Social Commun Le Blosne"},
            "semainier": {"lieu": "Espace Social Commun Le Blosne"},
            "message": {"texte": "Atelier CV jeudi à 14h, salle 1. Entrée libre !"},
        },
        0,
    ),
}

# Pictures from small scripts written here (what a widget looks like).
NEWS_SCRIPT = '''
from datetime import datetime
from fabrique_kit import Kit
from fabrique_kit.model import NewsItem

kit = Kit()
ACTUS = [
    NewsItem("Atelier « Premiers pas sur la tablette »", "Jeudi 26 novembre à 14h, sur inscription."),
    NewsItem("Permanence CAF : nouveaux horaires", "Le mardi de 9h à 12h à partir de décembre."),
    NewsItem("Fermeture du 24 décembre au 2 janvier", "Bonnes fêtes à toutes et à tous !"),
]


@kit.screen
def hall(screen):
    screen.header("Espace Social Commun Kléber", clock=True)
    screen.news(ACTUS, per_page=3)
    screen.qr("https://www.espacenumeriqueesc.fr", label="Tous les ateliers")


kit.run()
'''

SCRIPTS = {"actualites": NEWS_SCRIPT}


def _render(project: Path, png: Path) -> None:
    from fabrique_kit.clock import FakeClock
    from fabrique_kit.i18n import use_language
    from fabrique_kit.project import run_project

    with use_language("fr"):
        run_project(
            project,
            mode="preview",
            png=png,
            network=False,
            quiet=True,
            simulate=True,
            clock=FakeClock(WHEN),
        )


def _change_config(project: Path, changes: dict) -> None:
    import tomlkit

    path = project / "fabrique.toml"
    document = tomlkit.parse(path.read_text(encoding="utf-8"))
    for section, values in changes.items():
        if section not in document:
            document.add(section, tomlkit.table())
        for key, value in values.items():
            document[section][key] = value
    path.write_text(tomlkit.dumps(document), encoding="utf-8")


def _finish(png: Path, turn: int) -> bytes:
    """The picture as people see it, halved, as PNG bytes."""
    from PIL import Image

    with Image.open(png) as image:
        image = image.convert("RGB")
        if turn:
            image = image.rotate(turn, expand=True)
        height = round(image.height * WIDTH / image.width) if image.width > image.height else None
        if height is not None:
            image = image.resize((WIDTH, height), Image.LANCZOS)
        else:
            image = image.resize((round(image.width * WIDTH / image.height), WIDTH), Image.LANCZOS)
        out = io.BytesIO()
        image.save(out, format="PNG", optimize=True)
        return out.getvalue()


def make_pictures(work: Path) -> dict[str, bytes]:
    """Every picture of the docs: name -> PNG bytes."""
    from fabrique_kit.project import new_project, templates

    pictures: dict[str, bytes] = {}
    jobs: list[tuple[str, str, dict, int]] = [(name, name, {}, 0) for name in templates()]
    jobs += [(name, template, changes, turn) for name, (template, changes, turn) in VARIANTS.items()]
    for name, template, changes, turn in jobs:
        project = new_project(template, work / name)
        if changes:
            _change_config(project, changes)
        png = work / f"{name}.png"
        _render(project, png)
        pictures[name] = _finish(png, turn)
    for name, script in SCRIPTS.items():
        project = work / name
        project.mkdir()
        (project / "main.py").write_text(script, encoding="utf-8")
        png = work / f"{name}.png"
        _render(project, png)
        pictures[name] = _finish(png, 0)
    return pictures


def on_files(files: Files, config, **kwargs) -> Files:
    work = Path(tempfile.mkdtemp(prefix="fabrique-docs-"))
    try:
        pictures = make_pictures(work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    for name, data in pictures.items():
        files.append(File.generated(config, f"{FOLDER}/{name}.png", content=data))
    log.info("%d pictures of screens drawn", len(pictures))
    return files
