"""The game reads on every screen of a hall or a kiosk: landscape, 4:3, 5:4, portrait.

Checked on the display list of each phase (question, wrong, right, final screen): no
two texts overlap, nothing is cut, nothing leaves its block, and no text is smaller
than 1/30 of the screen's height.
"""

from __future__ import annotations

import pytest

from fabrique_kit.clock import FakeClock
from fabrique_kit.project import new_project, run_project

SIZES = ["1920x1080", "1280x1024", "1024x768", "800x600", "1080x1920", "768x1024"]


def frames_of_a_game(kit):
    quiz = kit._parts.draw.__self__
    quiz.flash = 60
    frames = {"question": kit.render(force=True)}
    kit.keys.tap("left")
    frames["faux"] = kit.render(force=True)
    quiz.advance()
    kit.keys.tap("up")
    frames["juste"] = kit.render(force=True)
    quiz.flash = 0
    quiz.advance()
    for key in ("right", "down"):
        kit.keys.tap(key)
    frames["fin"] = kit.render(force=True)
    return frames


@pytest.mark.parametrize("size", SIZES)
def test_every_phase_is_readable(tmp_path, size):
    project = new_project("jeu", tmp_path / "mon-jeu")
    config = project / "fabrique.toml"
    config.write_text(config.read_text(encoding="utf-8").replace('taille = "1920x1080"', f'taille = "{size}"'),
                      encoding="utf-8")
    kit = run_project(project, mode="load", network=False, quiet=True, simulate=True,
                      clock=FakeClock("2026-11-30 10:00"))
    try:
        height = kit.renderer.size[1]
        for phase, frame in frames_of_a_game(kit).items():
            display = frame.display
            game = [i for i in display.items if i.role.startswith("jeu.")]
            assert game, phase
            assert display.overlaps() == [], phase
            assert display.outside() == [], phase
            assert [i.text for i in game if i.cut] == [], phase
            assert [(i.text, i.px) for i in game if i.px < height / 30] == [], phase
            answers = {a for q in kit._parts.draw.__self__.questions.items for a in q.answers}
            for item in display.items:  # each answer whole: no word broken in two (« Quat » / « re »)
                if item.role == "jeu.answer":
                    assert item.text in answers, (phase, item.lines)
    finally:
        kit.close()
