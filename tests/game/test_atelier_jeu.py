"""``fabrique atelier --guide jeu``: its own checks, on a real project and a real running kit."""

from __future__ import annotations

import shutil

from PIL import Image

from fabrique_kit.atelier.checks import CHECKS
from fabrique_kit.atelier.context import StepContext
from fabrique_kit.project import new_project, run_project
from fabrique_kit.web import WebServer, create_app
from tests.atelier.helpers import edit, free_port, set_port

EXTRA = '''
[[question]]
texte = "Quel animal fait miaou ?"
reponses = ["Le chien", "Le chat"]
bonne = "Le chat"
'''


def project(tmp_path):
    folder = new_project("jeu", tmp_path / "mon-jeu")
    set_port(folder, free_port())
    return folder, StepContext(folder=folder, template="jeu")


def test_questions_written_waits_for_the_teams_own_questions(tmp_path):
    folder, ctx = project(tmp_path)
    check = CHECKS["questions_ecrites"]
    assert not check(ctx).ok and "modèle" in check(ctx).detail
    edit(folder, 'bonne = "Non"\n', "\n", file="questions.toml")
    result = check(ctx)
    assert not result.ok and "ligne 26" in result.detail  # the mistake, located
    edit(folder, "\n\n[[question]]\ntexte = \"De quelle", '\nbonne = "Non"\n\n[[question]]\ntexte = "De quelle',
         file="questions.toml")
    (folder / "questions.toml").write_text((folder / "questions.toml").read_text(encoding="utf-8") + EXTRA,
                                           encoding="utf-8")
    result = check(ctx)
    assert result.ok, result.detail
    assert result.detail.startswith("5 questions")


def test_picture_changed_sees_a_new_drawing(tmp_path):
    folder, ctx = project(tmp_path)
    check = CHECKS["image_changee"]
    assert not check(ctx).ok
    shutil.copyfile(folder / "images" / "forme.png", folder / "images" / "copie.png")
    edit(folder, "images/feu.png", "images/copie.png", file="questions.toml")
    assert not check(ctx).ok  # the same picture under another name is not a new one
    Image.new("RGB", (64, 48), "#3366cc").save(folder / "images" / "dessin.png")
    edit(folder, "images/copie.png", "images/dessin.png", file="questions.toml")
    result = check(ctx)
    assert result.ok and "dessin.png" in result.detail


def test_game_played_reads_the_running_kit(tmp_path):
    folder, ctx = project(tmp_path)
    check = CHECKS["partie_jouee"]
    assert not check(ctx).ok  # nothing runs yet
    kit = run_project(folder, mode="load", network=False, quiet=True, simulate=True)
    try:
        with WebServer(create_app(kit.web), host="127.0.0.1", port=ctx.port):
            waiting = check(ctx)
            assert not waiting.ok and "question 1 sur 4" in waiting.detail
            kit._parts.draw.__self__.flash = 0
            for key in ("up", "left", "right", "down"):
                kit.keys.tap(key)
            done = check(ctx)
            assert done.ok and "3 bonnes réponses sur 4" in done.detail
    finally:
        kit.close()
