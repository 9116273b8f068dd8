"""Text fits its box, French typography, Arabic direction, missing characters."""

import pytest
from PIL import Image

from fabrique_kit.screen.fonts import FontBook, has_glyph
from fabrique_kit.screen.text import ELLIPSIS, draw_text, fit_text
from fabrique_kit.screen.typography import NBSP, NNBSP, french_typography, paragraph_direction
from tests.screen.samples import ARABIC, LONG_FRENCH


@pytest.fixture(scope="module")
def book():
    return FontBook()


def test_french_spaces_and_apostrophes():
    text = french_typography("Aujourd'hui : « atelier » ! Venez ; merci ?")
    assert text == f"Aujourd’hui{NBSP}: «{NNBSP}atelier{NNBSP}»{NNBSP}! Venez{NNBSP}; merci{NNBSP}?"


def test_french_typography_leaves_times_and_addresses_alone():
    assert french_typography("10:30 https://exemple.fr/?a=1") == "10:30 https://exemple.fr/?a=1"


def test_paragraph_direction():
    assert paragraph_direction(ARABIC) == "rtl"
    assert paragraph_direction("Maurepas مرحبا") == "ltr"
    assert paragraph_direction("שלום Rennes") == "rtl"
    assert paragraph_direction("2026") == "ltr"


def test_short_text_keeps_its_size(book):
    layout = fit_text(book, "Fermé lundi", 800, 200, size=48, min_size=40)
    assert layout.size == 48 and not layout.cut and len(layout.lines) == 1


def test_text_shrinks_before_being_cut(book):
    text = "Permanence numérique et démarches accompagnées"
    layout = fit_text(book, text, 700, 100, size=60, min_size=30)
    assert 30 <= layout.size < 60
    assert not layout.cut and layout.text.replace("\n", " ") == text


def test_long_text_is_cut_at_a_word_with_an_ellipsis(book):
    layout = fit_text(book, LONG_FRENCH, 600, 160, size=48, min_size=40)
    assert layout.cut and layout.size == 40
    last = layout.lines[-1].text
    assert last.endswith(ELLIPSIS)
    words = french_typography(LONG_FRENCH).replace("\n", " ").split(" ")
    assert last[: -len(ELLIPSIS)].split(" ")[-1] in {w.rstrip(",;:.") for w in words}
    assert all(line.width <= 600 for line in layout.lines)
    assert layout.height <= 160


def test_never_breaks_at_a_no_break_space(book):
    layout = fit_text(book, "Venez nombreux : « atelier » !", 330, 400, size=40, min_size=40)
    for line in layout.lines:
        assert not line.text.startswith((":", "!", "»"))


def draw_in_box(book, text, box, size=48, minimum=40):
    image = Image.new("RGB", (box[2] + 100, box[3] + 100), "white")
    layout = fit_text(book, text, box[2] - box[0], box[3] - box[1], size, minimum)
    draw_text(image, layout, box, "black")
    return image, layout


def only_background_outside(image, box):
    outside = image.copy()
    outside.paste("white", box)
    return outside.convert("L").point(lambda v: 255 - v).getbbox() is None


@pytest.mark.parametrize("text", [LONG_FRENCH, ARABIC, "ÉTÉ À ÇA", "Ça ĝÉ ÀÊ jpqy"])
def test_text_stays_inside_its_box(book, text):
    box = (50, 50, 650, 230)
    image, layout = draw_in_box(book, text, box)
    assert only_background_outside(image, box)
    inner = image.crop(box).convert("L").point(lambda v: 255 - v).getbbox()
    assert inner is not None  # something was drawn


def test_arabic_is_right_aligned_and_shaped(book):
    box = (0, 0, 900, 300)
    image, layout = draw_in_box(book, ARABIC, box)
    ink = image.crop(box).convert("L").point(lambda v: 255 - v).getbbox()
    assert ink[2] > 880  # starts on the right
    assert layout.lines[0].direction == "rtl"
    # shaped: the joined word is narrower than its letters drawn one by one
    word = "مساعدة"
    path = book.font_for(word[0])
    from fabrique_kit.screen.text import text_length

    assert text_length(path, 48, word, "rtl") < sum(text_length(path, 48, c, "rtl") for c in word)


def test_missing_glyph_falls_back_and_is_reported(book):
    assert not has_glyph(book.regular, "ب")
    runs = book.runs("Salut مرحبا")
    assert len(runs) == 2 and runs[1][1] != book.regular
    warnings = book.take_warnings()
    assert any("dessinés avec" in w for w in warnings)
    assert book.take_warnings() == []


def test_character_in_no_font_is_reported(book):
    book.runs("\U000f0001")
    warnings = book.take_warnings()
    assert any("toutes les polices" in w for w in warnings)


def test_no_font_gives_a_clear_french_error(monkeypatch):
    from fabrique_kit.errors import FabriqueError
    from fabrique_kit.screen import fonts

    monkeypatch.setattr(fonts, "font_index", lambda: {})
    monkeypatch.setattr(fonts, "fc_match", lambda pattern: None)
    with pytest.raises(FabriqueError, match="Aucune police"):
        fonts.FontBook()


def test_hebrew_is_drawn_right_to_left(book):
    box = (0, 0, 900, 120)
    image, layout = draw_in_box(book, "שלום וברוכים הבאים", box)
    assert layout.lines[0].direction == "rtl"
    ink = image.crop(box).convert("L").point(lambda v: 255 - v).getbbox()
    assert ink[2] > 880 and ink[0] > 200  # hugs the right edge


def test_without_raqm_text_still_draws_and_says_why(monkeypatch):
    from fabrique_kit.screen import fonts, text

    monkeypatch.setattr(fonts, "HAS_RAQM", False)
    fonts.load_font.cache_clear()
    text.text_length.cache_clear()
    text.text_mask.cache_clear()
    try:
        plain = FontBook()
        image, layout = draw_in_box(plain, "Bonjour مرحبا", (0, 0, 900, 120))
        assert layout.lines and any("libraqm" in w for w in plain.take_warnings())
    finally:
        monkeypatch.undo()
        fonts.load_font.cache_clear()
        text.text_length.cache_clear()
        text.text_mask.cache_clear()


def test_a_word_wider_than_the_box_is_the_only_thing_cut_inside(book):
    url = "https://www.espacenumeriqueesc.fr/ateliers-numeriques-maurepas"
    layout = fit_text(book, url, 300, 400, size=40, min_size=40)
    assert len(layout.lines) > 1 and not layout.cut
    assert "".join(line.text for line in layout.lines) == url
    assert all(line.width <= 300 for line in layout.lines)


def test_the_ellipsis_never_follows_a_colon(book):
    layout = fit_text(book, "Permanence numérique : démarches préfecture", 520, 60, size=40, min_size=40)
    assert layout.cut
    assert layout.lines[-1].text.endswith("numérique…")


def test_find_font_without_arguments_finds_the_main_font():
    from pathlib import Path

    from fabrique_kit.screen.fonts import find_font

    assert Path(find_font()).is_file()


def test_mixed_direction_paragraph_keeps_one_font_for_the_bidi_algorithm(book):
    layout = fit_text(book, "الدوام من 14 إلى 17 في Maurepas (قاعة 2)", 980, 120, size=48, min_size=40)
    [line] = layout.lines
    assert line.direction == "rtl" and len(line.runs) == 1
    assert has_glyph(line.runs[0][1], "M") and has_glyph(line.runs[0][1], "ق")
    # an Arabic paragraph starts at the right edge and runs leftwards
    image = Image.new("RGB", (1000, 140), "white")
    draw_text(image, layout, (0, 0, 1000, 140), "black")
    ink = image.convert("L").point(lambda v: 255 - v).getbbox()
    assert ink[2] > 980 and ink[0] < 200
