"""The display list: what each frame says, where, how big, in which colours and role.

Values are checked here on the data the renderer records while drawing, and the
layout rules (no two texts cross, nothing leaves its block, nothing below the minimum
size, contrast) on every screen size and theme.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from fabrique_kit.model import QueueStatus
from fabrique_kit.screen import THEMES, Renderer
from fabrique_kit.screen.display_list import DisplayList, TextItem, boxes_overlap, hex_colour
from fabrique_kit.screen.themes import contrast_ratio
from fabrique_kit.screen.widgets import Sizes
from tests.screen.samples import hall
from tests.screen.test_snapshots import SIZES, grid_screen, hall_with_message


def plain(text: str) -> str:
    """The text with French typography's no-break spaces as plain spaces."""
    return text.replace("\u00a0", " ").replace("\u202f", " ")


def render(state, clock, draw=None, **options):
    options.setdefault("size", (1920, 1080))
    return Renderer(draw or hall(state), state=state, clock=clock, **options).render()


def test_every_role_of_the_hall_screen_is_recorded(state, clock):
    assert render(state, clock, hall_with_message(state)).display.texts("message.text") == [
        "Fermeture exceptionnelle lundi 1er décembre\u00a0: inventaire."]
    display = render(state, clock).display
    for role in ("header.place", "header.date", "header.time", "schedule.heading",
                 "schedule.time", "schedule.service", "schedule.details", "schedule.badge",
                 "queue.label", "queue.number", "queue.desk", "queue.waiting", "queue.wait",
                 "news.heading", "news.title", "qr.label", "status"):
        assert display.with_role(role), role
    assert display.texts("header.place") == ["Espace Social Commun Maurepas"]
    assert display.texts("header.time") == ["14:32"]
    assert display.texts("queue.number") == ["42"]
    assert display.texts("queue.desk") == ["Guichet 2"]
    assert display.texts("queue.waiting") == ["5 personnes en attente"]
    assert plain(display.first("queue.wait").text) == "Attente : environ 25 min"
    assert display.texts("schedule.time") == ["14h – 17h", "15h – 16h30", "17h – 18h"]
    assert display.texts("status") == ["Simulation"]


def test_the_called_number_desk_and_session_hours_follow_the_data(state, clock):
    state.set("attente", QueueStatus("attente", called=47, desk=3, waiting=1))
    sessions = [replace(s, end=s.end.replace(minute=30)) if s.start.hour == 14 else s
                for s in state.get("semainier")]
    state.set("semainier", sessions)
    display = render(state, clock).display
    assert display.texts("queue.number") == ["47"]
    assert display.texts("queue.desk") == ["Guichet 3"]
    assert display.texts("queue.waiting") == ["1 personne en attente"]
    assert display.with_role("queue.wait") == []
    assert display.texts("schedule.time")[0] == "14h – 17h30"


def test_nobody_called_yet_is_said_in_its_own_role(state, clock):
    state.set("attente", QueueStatus("attente", called=None, waiting=0))
    display = render(state, clock).display
    assert display.with_role("queue.number") == []
    assert plain(display.first("queue.idle").text) == "Pas encore d’appel"


def test_the_number_is_the_largest_text_and_the_open_session_is_marked(state, clock):
    display = render(state, clock).display
    number = display.first("queue.number")
    assert number.px == max(item.px for item in display.items)
    open_now = [item for item in display.with_role("schedule.badge") if item.text == "Ouvert maintenant"]
    assert len(open_now) == 1
    # the badge is on the row of the session that is on now (14h – 17h at 14:32)
    row = display.with_role("schedule.time")[0]
    assert row.text == "14h – 17h" and open_now[0].box[1] >= row.box[1]
    assert open_now[0].bg == row.bg != hex_colour(THEMES["clair"].panel)


def test_a_shortened_text_is_marked_cut(state, clock):
    whole = "Démarches accompagnées : préfecture, titres de séjour, CAF, France Travail, impôts et retraite"
    state.set("semainier", [replace(state.get("semainier")[0], service=whole)])
    display = render(state, clock, size=(1024, 768)).display
    assert not display.first("schedule.service").cut  # it wraps on three lines: whole
    long = " ".join([whole] * 3)  # more than three lines even at the smallest size: cut, at a word
    state.set("semainier", [replace(state.get("semainier")[0], service=long)])
    display = render(state, clock, size=(1024, 768)).display
    service = display.first("schedule.service")
    assert service.cut and service.text.endswith("…") and len(service.lines) == 3
    assert not display.first("header.place").cut


def test_partial_redraws_keep_the_whole_list(state, clock):
    renderer = Renderer(hall(state), size=(1280, 720), state=state, clock=clock)
    first = renderer.render().display
    state.set("attente", QueueStatus("attente", called=43, desk=2, waiting=4, estimated_wait_min=20))
    second = renderer.render()
    assert second.dirty != [(0, 0, 1280, 720)]  # only the queue block was painted again
    assert len(second.display.items) == len(first.items)
    assert second.display.texts("queue.number") == ["43"]
    assert second.display.texts("header.place") == first.texts("header.place")


def test_boxes_turn_with_a_rotated_screen(state, clock):
    frame = render(state, clock, size=(1920, 1080), rotation=90)
    display = frame.display
    assert display.size == (1920, 1080) == frame.image.size
    assert not display.outside()
    number = display.first("queue.number")
    # the picture's pixels under the number's box hold ink of the text colour
    crop = frame.image.crop(number.box).convert("RGB")
    assert crop.getcolors(1_000_000) and len(crop.getcolors(1_000_000)) > 2


def test_a_failing_block_says_so_in_the_list(state, clock):
    def draw(screen):
        screen.header("Maurepas")
        screen.news(["x"]).paint = None  # paint() raises: the block fails
    display = render(state, clock, draw).display
    assert display.texts("header.place") == ["Maurepas"]
    assert plain(display.first("failure.text").text) == "Ce bloc n’a pas pu s’afficher."


def test_json_format(state, clock):
    display = render(state, clock).display
    data = display.as_json()
    assert data["size"] == [1920, 1080]
    item = data["items"][0]
    assert set(item) >= {"text", "box", "px", "fg", "bg", "role", "cut"}
    assert len(item["box"]) == 4 and item["fg"].startswith("#") and len(item["fg"]) == 7
    import json

    assert json.loads(display.to_text()) == data


SCREENS = {"hall": hall, "hall_with_message": hall_with_message, "grid": grid_screen}


@pytest.mark.parametrize("screen", sorted(SCREENS))
@pytest.mark.parametrize("theme", sorted(THEMES))
@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_layout_rules_on_every_size_and_theme(size, theme, screen, state, clock):
    """No two texts cross, none leaves its block, none is below the minimum size, and
    each keeps the theme's contrast (WCAG AAA: 7:1) with what is under it."""
    frame = render(state, clock, SCREENS[screen](state), size=size, theme=theme)
    display = frame.display
    assert frame.errors == []
    crossing = [(a.role, a.text, b.role, b.text) for a, b in display.overlaps()]
    assert crossing == []
    assert [(item.role, item.box, item.block) for item in display.outside()] == []
    minimum = Sizes(min(size)).minimum
    assert [(item.role, item.px) for item in display.items if item.px < minimum] == []
    assert [(item.role, item.fg, item.bg) for item in display.items
            if contrast_ratio(item.fg, item.bg) < 7] == []
    # what matters is never cut: the number, the desk, the hours, the badges, the time
    for role in ("queue.number", "queue.desk", "schedule.time", "schedule.badge", "header.time"):
        assert [item.text for item in display.with_role(role) if item.cut] == [], role


def test_the_helpers_find_what_they_promise():
    a = TextItem("a", (0, 0, 10, 10), 20, "#000000", "#ffffff", "x.a", False, block=(0, 0, 100, 100))
    b = TextItem("b", (9, 9, 20, 20), 20, "#000000", "#ffffff", "x.b", False, block=(0, 0, 15, 100))
    c = TextItem("c", (10, 0, 20, 10), 20, "#000000", "#ffffff", "y", False, block=(0, 0, 100, 100))
    display = DisplayList((100, 100), [a, b, c])
    assert [(p.text, q.text) for p, q in display.overlaps()] == [("a", "b"), ("b", "c")]
    assert [item.text for item in display.outside()] == ["b"]
    assert display.texts("x") == ["a", "b"] and display.roles() == ["x.a", "x.b", "y"]
    assert not boxes_overlap(a.box, c.box)
    assert hex_colour("#FFF") == "#ffffff" and hex_colour((1, 2, 3)) == "#010203"
