"""Colours: every text/background pair of every theme is readable (WCAG)."""

from dataclasses import FrozenInstanceError, replace

import pytest

from fabrique_kit.screen import OKABE_ITO, THEMES, Theme, contrast_ratio
from fabrique_kit.screen.themes import AAA, relative_luminance


def test_contrast_ratio_known_values():
    assert contrast_ratio("#000000", "#FFFFFF") == pytest.approx(21.0)
    assert contrast_ratio("#FFFFFF", "#000000") == pytest.approx(21.0)
    assert contrast_ratio("#777777", "#777777") == pytest.approx(1.0)
    # WebAIM's reference: #0072B2 on white is 5.19:1
    assert contrast_ratio("#0072B2", "#FFFFFF") == pytest.approx(5.19, abs=0.01)
    assert relative_luminance("#FFF") == pytest.approx(1.0)


def test_the_three_themes_exist():
    assert set(THEMES) == {"clair", "sombre", "contraste"}


@pytest.mark.parametrize("name", sorted(THEMES))
def test_every_text_pair_meets_its_level(name):
    theme = THEMES[name]
    pairs = theme.text_pairs()
    assert len(pairs) >= 9
    for label, (foreground, background, minimum) in pairs.items():
        ratio = contrast_ratio(foreground, background)
        assert ratio >= minimum, f"{name}/{label}: {ratio:.2f} < {minimum}"


@pytest.mark.parametrize("name", sorted(THEMES))
def test_body_text_reaches_aaa(name):
    theme = THEMES[name]
    for background in (theme.background, theme.panel):
        assert contrast_ratio(theme.text, background) >= AAA
    assert contrast_ratio(theme.now_text, theme.now_background) >= AAA


def test_accents_come_from_okabe_ito():
    palette = {c.upper() for c in OKABE_ITO.values()}
    for theme in THEMES.values():
        assert theme.accent.upper() in palette


def test_a_theme_is_frozen_and_copied_with_replace():
    mine = replace(THEMES["clair"], name="mien", accent=OKABE_ITO["vert"])
    assert isinstance(mine, Theme) and mine.accent == "#009E73"
    assert THEMES["clair"].accent == "#0072B2"
    with pytest.raises(FrozenInstanceError):
        THEMES["clair"].text = "#777777"
