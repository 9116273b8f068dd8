"""The ``jeu`` template: made by ``fabrique new jeu``, drawn, played with keys to the end,
and its ``questions.toml`` checked with located errors."""

from __future__ import annotations

import json
import re

import pytest

from fabrique_kit.clock import FakeClock
from fabrique_kit.project import check_project, new_project, run_project
from fabrique_kit.project.questions import read_questions

MONDAY = "2026-11-30 10:00"  # the sample's next « atelier » at Maurepas: Wednesday 14:00, Salle 2


def load(tmp_path, **options):
    project = new_project("jeu", tmp_path / "mon-jeu")
    kit = run_project(project, mode="load", network=False, quiet=True, simulate=True, **options)
    return project, kit


def plain(texts):
    """The texts with French typography's narrow spaces (« ? », « : ») as plain spaces."""
    return [t.replace("\u202f", " ").replace("\u00a0", " ") for t in texts]


def quiz_of(kit):
    return kit._parts.draw.__self__  # the template draws with jeu.draw: the Quiz itself


def test_preview_draws_the_first_question(tmp_path):
    project = new_project("jeu", tmp_path / "mon-jeu")
    png, layout = tmp_path / "ecran.png", tmp_path / "ecran.json"
    run_project(project, mode="preview", png=png, layout=layout, network=False, quiet=True, simulate=True)
    items = json.loads(layout.read_text(encoding="utf-8"))["items"]
    by_role = {}
    for item in items:
        by_role.setdefault(item["role"], []).append(plain([item["text"]])[0])
    assert by_role["jeu.question"] == ["Combien de pommes vois-tu ?"]
    assert by_role["jeu.answer"] == ["Deux", "Trois", "Quatre"]  # left, up, right: read left to right
    assert by_role["jeu.score"] == ["Points : 0"]
    assert not any(item["cut"] for item in items)
    assert png.stat().st_size > 10_000  # the picture and the cards are drawn


def test_a_whole_game_with_the_keys(tmp_path):
    project, kit = load(tmp_path, clock=FakeClock(MONDAY))
    try:
        quiz = quiz_of(kit)
        quiz.flash = 0  # no waiting between questions in a test (the flash is tested below)
        for key in ("up", "left", "right", "down"):  # right, wrong, right, right
            kit.keys.tap(key)
        frame = kit.render(force=True)
        display = frame.display
        assert plain(display.texts("jeu.score")) == ["3 bonnes réponses sur 4"]
        assert plain(display.texts("jeu.final")) == ["Bravo, la partie est finie !"]
        invitation = " ".join(plain(display.texts("jeu.invitation")))
        assert "Atelier numérique" in invitation
        assert "mercredi 2 décembre à 14h" in invitation
        assert "Salle 2" in invitation
        assert quiz.sounds.played == ["bravo", "oups", "bravo", "bravo", "applaudissements"]
        assert kit.state.get("sons") == {"name": "applaudissements", "n": 5}  # the preview plays it
        # the invitation is said aloud too (logged without a sound card), with the same session
        assert "Atelier numérique" in kit.state.get("voix")["text"]
        kit.keys.tap("space")  # a new game
        assert plain(kit.render(force=True).display.texts("jeu.question")) == ["Combien de pommes vois-tu ?"]
        assert quiz.score == 0
    finally:
        kit.close()


def test_the_sample_semainier_has_the_atelier_the_final_screen_names(tmp_path):
    """The invitation comes from the file: the expected session is really in it."""
    project, kit = load(tmp_path, clock=FakeClock(MONDAY))
    try:
        document = json.loads((project / "semainier.json").read_text(encoding="utf-8"))
        maurepas = next(p for p in document["lieux"] if p["nom"] == "Espace Social Commun Maurepas")
        slots = [s for s in maurepas["creneaux"] if "atelier" in s["service"].lower()]
        assert {"jour": "mercredi", "debut": "14:00", "salle": "Salle 2"}.items() <= slots[0].items()
    finally:
        kit.close()


def test_the_flash_shows_right_and_wrong_in_words_and_colours(tmp_path):
    project, kit = load(tmp_path, clock=FakeClock(MONDAY))
    try:
        quiz = quiz_of(kit)
        quiz.flash = 60  # stays until advance()
        kit.keys.tap("left")  # « Deux »: wrong
        frame = kit.render(force=True)
        assert plain(frame.display.texts("jeu.result")) == ["Presque ! La bonne réponse : Trois"]
        cards = [i for i in frame.display.items if i.role == "jeu.answer"]
        colours = {i.text: i.bg for i in cards}
        assert colours["Trois"] == "#17692f" and colours["Deux"] == "#a8201a"
        kit.keys.tap("up")  # ignored during the flash
        assert quiz.score == 0
        quiz.advance()
        frame = kit.render(force=True)
        assert plain(frame.display.texts("jeu.question")) == ["Quelle forme est dessinée ?"]
        kit.keys.tap("up")  # « Un triangle »: right
        frame = kit.render(force=True)
        assert plain(frame.display.texts("jeu.result")) == ["Bravo ! C’est la bonne réponse."]
        assert quiz.score == 1
    finally:
        kit.close()


def _without_line(path, pattern):
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    kept = [line for line in lines if not re.match(pattern, line)]
    assert len(kept) == len(lines) - 1
    path.write_text("".join(kept), encoding="utf-8")
    return "".join(kept)


def test_check_names_questions_toml_its_line_and_key_for_a_missing_right_answer(tmp_path):
    project = new_project("jeu", tmp_path / "mon-jeu")
    assert [p for p in check_project(project) if p.severity == "error"] == []
    text = _without_line(project / "questions.toml", r'bonne = "Non"')
    problems = check_project(project)
    assert len(problems) == 1
    problem = problems[0]
    headers = [n for n, line in enumerate(text.splitlines(), start=1) if line.startswith("[[question]]")]
    assert problem.file.endswith("questions.toml")
    assert problem.line == headers[2]  # the third question's [[question]] line
    assert problem.field == "question[2].bonne"
    assert problem.message == "La question 3 n'a pas de bonne réponse."
    assert "questions.toml" in str(problem) and f"ligne {headers[2]}" in str(problem)


def test_fabrique_check_command_reports_it(tmp_path):
    from click.testing import CliRunner

    from fabrique_kit.cli import build_cli

    project = new_project("jeu", tmp_path / "mon-jeu")
    _without_line(project / "questions.toml", r'bonne = "Non"')
    result = CliRunner().invoke(build_cli(), ["check", str(project)])
    assert result.exit_code != 0
    assert "questions.toml" in result.output and "question[2].bonne" in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize(("change", "field", "words"), [
    (('bonne = "Trois"', 'bonne = "Cinq"'), "question[0].bonne", "« Cinq »"),
    (('reponses = ["Oui", "Non"]', 'reponses = ["Oui"]'), "question[2].reponses", "1 réponses"),
    (('image = "images/feu.png"', 'image = "images/feux.png"'), "question[2].image", "feux.png"),
    (('texte = "Quelle forme est dessinée ?"', 'text = "Quelle forme ?"'), "question[1].text", "« text »"),
])
def test_other_mistakes_are_located(tmp_path, change, field, words):
    project = new_project("jeu", tmp_path / "mon-jeu")
    path = project / "questions.toml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(*change), encoding="utf-8")
    _questions, problems = read_questions(path)
    found = [p for p in problems if p.field == field]
    assert found, problems
    assert words in found[0].message
    line = path.read_text(encoding="utf-8").splitlines()[found[0].line - 1]
    assert change[1].split("=")[0].strip() in line or line.startswith("[[question]]")


def test_a_toml_mistake_is_told_at_its_line(tmp_path):
    path = tmp_path / "questions.toml"
    path.write_text('[[question]]\ntexte = "Combien ?\nreponses = ["A", "B"]\n', encoding="utf-8")
    _questions, problems = read_questions(path)
    assert len(problems) == 1
    assert problems[0].line == 2
    assert problems[0].message == "Faute d'écriture dans le fichier des questions."


def test_the_game_takes_a_replugged_makey_makey_again(tmp_path):
    """The Makey Makey pulled out and plugged back: the game answers its fruits again."""
    from tests.devices.helpers import wait_until
    from tests.devices.test_hotplug import FakeKeyboard, FakeSource

    project, kit = load(tmp_path, clock=FakeClock(MONDAY))
    source = FakeSource(watched=False)  # no udev here: the reader's 1 s rescan
    makey = FakeKeyboard()
    source.plug("/dev/input/event3", makey)
    try:
        quiz = quiz_of(kit)
        quiz.flash = 0
        assert kit.keys.start_reader(source=source) is True
        makey.press(103)  # KEY_UP: « Trois », right
        assert wait_until(lambda: quiz.score == 1)
        source.unplug("/dev/input/event3")
        again = FakeKeyboard()
        source.plug("/dev/input/event7", again)
        again.press(105)  # KEY_LEFT: « Un rond », wrong
        again.press(106)  # KEY_RIGHT: « Non », right
        assert wait_until(lambda: quiz.game["index"] == 3, timeout=2.0)
        assert quiz.score == 2
    finally:
        kit.close()
