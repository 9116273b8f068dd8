"""Ready-made layouts at every supported size, and the grid."""

import itertools

import pytest

from fabrique_kit.screen import Screen
from fabrique_kit.screen.layouts import place
from tests.screen.samples import at, sample_news, sample_sessions

LANDSCAPE = [(1920, 1080), (1280, 720), (1024, 768), (1280, 1024)]
SIZES = LANDSCAPE + [(h, w) for w, h in LANDSCAPE]


def full_screen(size):
    screen = Screen(size, at(14, 32))
    screen.header("Espace Social Commun Villejean")
    screen.message("Fermé lundi", kind="closure")
    screen.schedule(sample_sessions())
    screen.big_number(12)
    screen.news(sample_news())
    screen.qr("https://example.org")
    screen.status(text="Simulation")
    return screen


def overlaps(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


@pytest.mark.parametrize("size", SIZES)
def test_boxes_are_on_screen_and_do_not_overlap(size):
    screen = full_screen(size)
    placed = place(screen.widgets, size)
    assert len(placed) == len(screen.widgets)
    for _, (x0, y0, x1, y1) in placed:
        assert 0 <= x0 < x1 <= size[0] and 0 <= y0 < y1 <= size[1]
    for (_, a), (_, b) in itertools.combinations(placed, 2):
        assert not overlaps(a, b), (a, b)
    boxes = {type(w).__name__: b for w, b in placed}
    assert boxes["Header"][1] == 0 and boxes["Status"][3] == size[1]


def test_auto_is_two_columns_in_landscape_and_one_in_portrait():
    wide = {type(w).__name__: b for w, b in place(full_screen((1920, 1080)).widgets, (1920, 1080))}
    assert wide["BigNumber"][0] > wide["Schedule"][2]  # beside
    tall = {type(w).__name__: b for w, b in place(full_screen((1080, 1920)).widgets, (1080, 1920))}
    assert tall["BigNumber"][1] >= tall["Schedule"][3]  # below
    assert tall["Schedule"][2] - tall["Schedule"][0] > 1000  # full width


def test_forcing_portrait_on_a_wide_screen():
    tall = {type(w).__name__: b for w, b in place(full_screen((1920, 1080)).widgets, (1920, 1080), "portrait")}
    assert tall["BigNumber"][1] >= tall["Schedule"][3]


def test_grid_cells_and_spans():
    screen = Screen((1200, 800), at(10))
    screen.grid(rows=2, cols=3)
    schedule = screen.schedule([]).at(row=0, col=0, rows=2)
    number = screen.big_number(5).at(row=0, col=1, cols=2)
    qr = screen.qr("https://example.org")  # next free cell
    boxes = dict((id(w), b) for w, b in place(screen.widgets, screen.size, grid_shape=screen.grid_shape))
    s, n, q = boxes[id(schedule)], boxes[id(number)], boxes[id(qr)]
    assert s[3] - s[1] > 700  # two rows high
    assert n[2] - n[0] > 2 * (s[2] - s[0]) - 20  # two columns wide
    assert q[1] > n[3] and q[0] == n[0]  # row 1, column 1


def test_one_block_takes_the_whole_body():
    screen = Screen((1280, 720), at(10))
    screen.big_number(3)
    [(_, box)] = place(screen.widgets, (1280, 720))
    assert box[2] - box[0] > 1200 and box[3] - box[1] > 650
