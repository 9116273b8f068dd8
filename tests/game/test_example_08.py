"""Example 8, the right paper at the right desk: keys, sounds, the 10 s clock, the end."""

from __future__ import annotations

import shutil
from pathlib import Path

from fabrique_kit.project import run_project

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "08_bon_papier_bon_guichet"


def plain(texts):
    return [t.replace("\u202f", " ").replace("\u00a0", " ") for t in texts]


def test_a_whole_game_with_keys_and_the_clock(tmp_path):
    project = tmp_path / "jeu"
    shutil.copytree(EXAMPLE, project)
    kit = run_project(project, mode="load", network=False, quiet=True, simulate=True)
    try:
        display = kit.render(force=True).display
        assert plain(display.texts("text.body"))[0] == "Une attestation de paiement de la CAF"
        assert display.texts("queue.number") == ["10"]
        assert not display.overlaps() and not any(i.cut for i in display.items)
        chrono = next(job for name, job, _every in kit._parts.sources.jobs if name == "chrono")
        chrono()
        assert kit.render(force=True).display.texts("queue.number") == ["9"]
        kit.keys.tap("left")   # CAF: right
        kit.keys.tap("up")     # titre de séjour → Préfecture: right
        for _second in range(10):
            chrono()           # the CV: time runs out, counted wrong
        kit.keys.tap("up")     # passeport → Préfecture: right
        kit.keys.tap("right")  # fiche de paie → CAF, not France Travail: wrong
        display = kit.render(force=True).display
        assert plain(display.texts("text.heading"))[0] == "Bravo !"
        assert plain(display.texts("text.body"))[0] == "3 bonnes réponses sur 5"
        assert kit.state.get("sons")["name"] == "applaudissements"
        chrono()  # over: the clock changes nothing
        assert kit.state.get("partie")["fini"] is True
        kit.keys.tap("space")
        assert kit.state.get("partie") == {"tour": 0, "points": 0, "reste": 10, "fini": False}
    finally:
        kit.close()
