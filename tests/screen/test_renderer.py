"""The renderer draws only when needed, and only what changed."""

import logging

import pytest
from PIL import Image

from fabrique_kit.errors import FabriqueError
from fabrique_kit.model import QueueStatus
from fabrique_kit.screen import Frame, Renderer
from fabrique_kit.screen.widgets import Widget
from tests.screen.samples import changed_box, hall, inside


@pytest.fixture
def renderer(state, clock):
    return Renderer(hall(state, per_page=4), size=(1280, 720), theme="clair", state=state, clock=clock)


def test_first_frame_is_whole_and_numbered(renderer):
    frame = renderer.render()
    assert isinstance(frame, Frame)
    assert frame.number == 1 and frame.image.mode == "RGB" and frame.image.size == (1280, 720)
    assert frame.dirty == [(0, 0, 1280, 720)]
    assert renderer.latest is frame
    assert frame.png()[:8] == b"\x89PNG\r\n\x1a\n" and frame.png() is frame.png()


def test_nothing_changed_means_no_frame_and_no_drawing(renderer, clock):
    renderer.render()
    runs = renderer.draw_runs
    clock.advance(seconds=20)  # still 14:32
    assert renderer.render() is None
    assert renderer.render() is None
    assert renderer.draw_runs == runs  # the drawing function did not even run
    assert renderer.latest.number == 1


def test_a_value_that_is_set_again_unchanged_does_not_redraw(renderer, state):
    renderer.render()
    state.set("attente", QueueStatus("attente", called=42, desk=2, waiting=5, estimated_wait_min=25))
    assert renderer.render() is None


def test_only_the_changed_widget_is_dirty(renderer, state):
    first = renderer.render()
    state.set("attente", QueueStatus("attente", called=43, desk=1, waiting=4, estimated_wait_min=20))
    second = renderer.render()
    assert second.number == 2
    assert len(second.dirty) == 1
    box = second.dirty[0]
    assert box != (0, 0, 1280, 720)
    difference = changed_box(first.image, second.image)
    assert difference is not None and inside(difference, box)
    assert second.announcements == ["Numéro 43, guichet 1"]


def test_reading_an_unused_value_does_not_matter(renderer, state):
    renderer.render()
    state.set("autre", "rien à voir")
    assert renderer.render() is None


def test_clock_tick_redraws_only_the_header(state, clock):
    def draw(screen):
        screen.header("Espace Social Commun Cleunay")
        screen.schedule(state.get("semainier"))
        screen.big_number(state.get("attente"))

    renderer = Renderer(draw, size=(1280, 720), state=state, clock=clock)
    first = renderer.render()
    deadline = renderer.next_deadline()
    assert (deadline.hour, deadline.minute, deadline.second) == (14, 33, 0)
    clock.set("2026-11-23 14:33:00")
    second = renderer.render()
    assert second is not None and len(second.dirty) == 1
    header = second.dirty[0]
    assert header[1] == 0 and header[2] == 1280  # the top band
    assert inside(changed_box(first.image, second.image), header)


def test_news_pages_turn_on_their_deadline(state, clock):
    renderer = Renderer(hall(state, per_page=1), size=(1280, 720), state=state, clock=clock)
    renderer.render()
    deadline = renderer.next_deadline()
    assert deadline.second == 20 and deadline.minute == 32
    clock.set(deadline)
    frame = renderer.render()
    assert frame is not None and len(frame.dirty) == 1


def test_force_redraws_everything(renderer):
    renderer.render()
    frame = renderer.render(force=True)
    assert frame.dirty == [(0, 0, 1280, 720)] and frame.number == 2


class Broken(Widget):
    kind = "side"

    def content(self, now):
        return ("cassé",)

    def paint(self, canvas):
        raise ZeroDivisionError("division par zéro")


def test_a_failing_widget_does_not_take_the_screen_down(state, clock, caplog):
    def draw(screen):
        screen.header("Maurepas")
        screen.add(Broken())
        screen.big_number(7)

    renderer = Renderer(draw, size=(1280, 720), state=state, clock=clock)
    with caplog.at_level(logging.ERROR):
        frame = renderer.render()
    assert frame is not None
    assert any("Broken" in e for e in frame.errors)
    assert any("Broken" in r.getMessage() for r in caplog.records)
    # the broken box is hatched: it has more than one colour but is not blank
    boxes = {type(w).__name__: b for w, b in boxes_of(draw, state, clock)}
    hatched = frame.image.crop(boxes["Broken"])
    assert len(hatched.getcolors(10000) or []) > 2
    number = frame.image.crop(boxes["BigNumber"]).convert("L")
    assert number.getextrema()[0] < 60  # the number is drawn in dark ink


def boxes_of(draw, state, clock, size=(1280, 720)):
    """The boxes the layout gives to the widgets of ``draw``, in order."""
    from fabrique_kit.screen import Screen
    from fabrique_kit.screen.layouts import place

    screen = Screen(size, clock.now(), state)
    draw(screen)
    return place(screen.widgets, size, grid_shape=screen.grid_shape)


def test_a_failing_drawing_function_still_gives_a_frame(state, clock, caplog):
    def draw(screen):
        screen.header("Maurepas")
        raise KeyError("semainier")

    renderer = Renderer(draw, size=(1280, 720), state=state, clock=clock)
    with caplog.at_level(logging.ERROR):
        frame = renderer.render()
    assert frame is not None and frame.errors
    assert "semainier" in frame.errors[0]


def test_the_last_good_screen_stays_when_drawing_fails(state, clock):
    def draw(screen):
        called = state.get("attente")
        if called.called is None:
            raise ValueError("pas de numéro")
        screen.big_number(called)

    renderer = Renderer(draw, size=(1280, 720), state=state, clock=clock)
    good = renderer.render()
    state.set("attente", QueueStatus("attente", called=None))
    broken = renderer.render()
    assert broken.errors and good.errors == []
    status = max(broken.dirty, key=lambda box: box[1])
    assert status[3] == 720 and status[1] > 600  # a status line was added at the bottom
    above = broken.image.crop((0, 0, 1280, status[1])).convert("L")
    assert above.getextrema()[0] < 60  # the last good number is still shown above it


def test_a_message_disappears_at_its_time(state, clock):
    def draw(screen):
        screen.header("Maurepas", clock=False, date=False)
        screen.message("Fermeture à 15 h", until="2026-11-23 15:00", kind="closure")
        screen.text("Bienvenue")

    renderer = Renderer(draw, size=(1280, 720), state=state, clock=clock)
    with_message = renderer.render()
    assert renderer.next_deadline().hour == 15
    clock.set("2026-11-23 15:00:01")
    without = renderer.render()
    assert without is not None
    orange = (230, 159, 0)
    assert orange in {c for _, c in with_message.image.getcolors(1 << 20)}
    assert orange not in {c for _, c in without.image.getcolors(1 << 20)}


def test_rotation_turns_the_picture_and_the_dirty_boxes(state, clock):
    upright = Renderer(hall(state), size=(720, 1280), state=state, clock=clock)
    turned = Renderer(hall(state), size=(1280, 720), state=state, clock=clock, rotation=90)
    a, b = upright.render(), turned.render()
    assert b.image.size == (1280, 720)
    assert changed_box(a.image.transpose(Image.Transpose.ROTATE_270), b.image) is None
    state.set("attente", QueueStatus("attente", called=50, desk=3))
    a2, b2 = upright.render(), turned.render()
    assert inside(changed_box(b.image, b2.image), b2.dirty[0])
    x0, y0, x1, y1 = a2.dirty[0]
    assert b2.dirty[0] == (1280 - y1, x0, 1280 - y0, x1)  # the upright picture is 1280 high


def test_warnings_list_characters_drawn_with_a_fallback_font(state, clock):
    def draw(screen):
        screen.text("مرحبا بكم \U000f0001")

    frame = Renderer(draw, size=(1280, 720), state=state, clock=clock).render()
    assert any("dessinés avec" in w for w in frame.warnings)
    assert any("toutes les polices" in w for w in frame.warnings)


def test_labels_follow_the_kit_language(state, clock):
    def draw(screen):
        screen.big_number(3)

    french = Renderer(draw, size=(640, 480), state=state, clock=clock).render()
    english = Renderer(draw, size=(640, 480), state=state, clock=clock, language="en").render()
    assert changed_box(french.image, english.image) is not None


def test_bad_names_give_clear_errors(state):
    with pytest.raises(FabriqueError, match="sombre"):
        Renderer(hall(state), theme="sombree")
    with pytest.raises(FabriqueError, match="portrait"):
        Renderer(hall(state), layout="portrai")
    with pytest.raises(FabriqueError, match="rotation"):
        Renderer(hall(state), rotation=45)


def test_long_french_and_arabic_blocks_stay_in_their_boxes(clock):
    from fabrique_kit.screen import THEMES
    from tests.screen.samples import ARABIC, LONG_FRENCH

    def draw(screen):
        screen.grid(rows=2, cols=2)
        screen.text(LONG_FRENCH * 3, title="Informations").at(row=0, col=0)
        screen.text(ARABIC * 4).at(row=1, col=1)

    renderer = Renderer(draw, size=(1280, 720), clock=clock)
    frame = renderer.render()
    background = THEMES["clair"].background
    outside = frame.image.copy()
    boxes = [b for _, b in boxes_of(draw, None, clock)]
    assert len(boxes) == 2
    for box in boxes:
        outside.paste(background, box)
        assert frame.image.crop(box).convert("L").getextrema()[0] < 80  # text was drawn in the box
    assert outside.getcolors(4) == [(1280 * 720, (238, 241, 244))]


def test_check_runs_the_drawing_again_and_paints_only_what_differs(clock):
    page = [0]

    def draw(screen):
        screen.header("Maurepas", clock=False, date=False)
        screen.text(f"Page {page[0]}")

    renderer = Renderer(draw, size=(1280, 720), clock=clock)
    assert renderer.render().display.texts("text.body") == ["Page 0"]
    page[0] = 1
    assert renderer.render() is None  # no value it read changed: not due
    assert renderer.render(check=True).display.texts("text.body") == ["Page 1"]
    assert renderer.render(check=True) is None  # drawn again, nothing differs: no new frame
