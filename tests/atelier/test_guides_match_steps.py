"""The guided mode and the Markdown guides tell the same story, in the same order."""

from pathlib import Path

import pytest

from fabrique_kit.atelier.checks import CHECKS
from fabrique_kit.atelier.steps import guide_names, load_guide

GUIDES = Path(__file__).resolve().parents[2] / "workshop_guides"


def positions_in_order(text: str, titles: list[str]) -> list[str]:
    """The titles that are missing from ``text`` or out of order (empty when all is well)."""
    wrong, start = [], 0
    for title in titles:
        found = text.find(title, start)
        if found < 0:
            wrong.append(title)
        else:
            start = found + len(title)
    return wrong


def test_the_afficheur_guide_exists_in_both_languages():
    assert "afficheur" in guide_names()
    assert (GUIDES / "guide-afficheur.md").exists()
    assert (GUIDES / "en" / "guide-afficheur.md").exists()


@pytest.mark.parametrize("name", guide_names())
def test_every_step_has_a_known_check_and_texts(name):
    guide = load_guide(name)
    assert len(guide.steps) >= 3
    for step in guide.steps:
        assert step.check in CHECKS, step.check
        for key in ("titre", "consigne", "aide"):
            assert step.text(key, "fr").strip(), (step.number, key)
            assert step.text(key, "en").strip(), (step.number, key)
            assert step.text(key, "en") != step.text(key, "fr") or key == "titre"


@pytest.mark.parametrize("name", guide_names())
def test_french_guide_has_the_steps_in_order(name):
    text = (GUIDES / f"guide-{name}.md").read_text(encoding="utf-8")
    titles = [f"Étape {step.number} — {step.title('fr')}" for step in load_guide(name).steps]
    assert positions_in_order(text, titles) == []


@pytest.mark.parametrize("name", [n for n in guide_names() if (GUIDES / "en" / f"guide-{n}.md").exists()])
def test_english_guide_has_the_steps_in_order(name):
    text = (GUIDES / "en" / f"guide-{name}.md").read_text(encoding="utf-8")
    titles = [f"Step {step.number} — {step.title('en')}" for step in load_guide(name).steps]
    assert positions_in_order(text, titles) == []


def test_order_check_catches_a_swap():
    assert positions_in_order("B puis A", ["A", "B"]) == ["B"]
    assert positions_in_order("A puis B", ["A", "B"]) == []


def test_links_between_guides_point_to_real_files():
    import re

    broken = []
    for page in GUIDES.rglob("*.md"):
        for target in re.findall(r"\]\(([^)#:]+)(?:#[^)]*)?\)", page.read_text(encoding="utf-8")):
            if not (page.parent / target).exists():
                broken.append(f"{page.relative_to(GUIDES)} -> {target}")
    assert broken == []


def test_wiring_picture_is_committed_and_large():
    from PIL import Image

    with Image.open(GUIDES / "images" / "cablage.png") as picture:
        assert picture.size[0] >= 2000
