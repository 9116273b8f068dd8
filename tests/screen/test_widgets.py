"""What the widgets show: schedule states, news pages, numbers, status."""

from datetime import timedelta

from PIL import Image

from fabrique_kit.clock import FakeClock
from fabrique_kit.model import QueueStatus
from fabrique_kit.screen import Renderer
from fabrique_kit.screen.widgets import BigNumber, News, QrCode, Schedule, Status
from fabrique_kit.screen.widgets.pictures import qr_matrix
from fabrique_kit.state import State
from tests.screen.samples import at, sample_news, sample_sessions


def test_schedule_marks_now_next_cancelled_and_past():
    schedule = Schedule(sample_sessions())
    assert schedule.states(at(14, 32)) == ["past", "now", "cancelled", "next"]
    assert schedule.next_change(at(14, 32)) == at(15)


def test_schedule_draws_the_empty_message(clock):
    def draw(screen):
        screen.schedule([])

    frame = Renderer(draw, size=(800, 600), clock=clock).render()
    assert frame.image.convert("L").getextrema()[0] < 60  # dark text was written


def test_news_pages_follow_the_clock():
    news = News(sample_news(), per_page=2, seconds_per_page=20)
    assert news.pages == 2
    first = news.content(at(14, 32))
    second = news.content(at(14, 32) + timedelta(seconds=20))
    assert first[2] != second[2] and first[1] != second[1]
    assert news.next_change(at(14, 32)) == at(14, 32) + timedelta(seconds=20)
    assert News(sample_news()[:1]).next_change(at(14, 32)) is None


def test_big_number_takes_a_queue_status():
    widget = BigNumber(QueueStatus("attente", called=17, desk=3, waiting=1, estimated_wait_min=10))
    assert widget.content(at(10))[:3] == (17, "Numéro appelé", 3)
    assert widget.lines_below() == ["1 personne en attente", "Attente : environ 10 min"]  # the desk is large
    assert widget.announcement() == "Numéro 17, guichet 3"


def test_qr_code_is_readable_size(clock):
    def draw(screen):
        screen.qr("https://www.espacenumeriqueesc.fr/ateliers", label="Ateliers")

    frame = Renderer(draw, size=(800, 600), clock=clock).render()
    modules = len(qr_matrix("https://www.espacenumeriqueesc.fr/ateliers"))
    black = sum(frame.image.convert("L").histogram()[:30])
    assert modules >= 25 and black > 20000  # big modules, not a speck
    assert QrCode("x").content(at(10)) == ("x", None)


def test_status_tells_the_age_of_stale_data():
    clock = FakeClock("2026-11-23 10:00")
    state = State(clock)
    state.set("actus", ["titre"])
    clock.advance(minutes=40)
    status = Status([state.value("actus")], stale_after=900)
    assert status.parts(clock.now()) == ["Informations mises à jour il y a 40 min"]
    state.fail("actus", "réseau coupé")
    offline = Status([state.value("actus")], simulation=True)
    assert offline.parts(clock.now())[:2] == ["Simulation", "Hors ligne"]
    fresh = Status([], text=None)
    assert not fresh.visible(clock.now())


def test_screen_status_watches_what_was_read(state, clock):
    def draw(screen):
        screen.news(state.get("actus"))
        screen.status(stale_after=60)

    renderer = Renderer(draw, size=(800, 600), state=state, clock=clock)
    renderer.render()
    clock.advance(minutes=5)
    frame = renderer.render()
    assert frame is not None  # the status line appeared when the news got old


def test_image_widget_and_missing_file(tmp_path, clock):
    picture = tmp_path / "affiche.png"
    Image.new("RGB", (40, 20), (0, 158, 115)).save(picture)

    def draw(screen):
        screen.image(picture)
        screen.image(tmp_path / "absente.png")

    frame = Renderer(draw, size=(800, 600), clock=clock).render()
    assert (0, 158, 115) in {c for _, c in frame.image.getcolors(1 << 20)}
    assert any("absente.png" in e for e in frame.errors)


def test_header_with_a_logo_and_no_clock(clock):
    logo = Image.new("RGB", (60, 30), (204, 121, 167))

    def draw(screen):
        screen.header("Carrefour 18", clock=False, logo=logo)

    renderer = Renderer(draw, size=(1280, 720), clock=clock)
    frame = renderer.render()
    assert (204, 121, 167) in {c for _, c in frame.image.getcolors(1 << 20)}
    deadline = renderer.next_deadline()
    assert (deadline.day, deadline.hour, deadline.minute) == (24, 0, 0)  # only the date changes


def test_news_in_a_small_box_shows_fewer_per_page_but_every_headline():
    from fabrique_kit.screen.widgets import Sizes

    news = News(sample_news(), per_page=3, seconds_per_page=20)
    news.place_in((900, 260), Sizes(1080))
    assert news.page_size() < 3
    seen = set()
    for step in range(news.pages):
        seen.update(title for title, _summary, _source in news.content(at(14, 32) + timedelta(seconds=20 * step))[1])
    assert seen == {item.title for item in sample_news()}
    news.place_in((900, 900), Sizes(1080))
    assert news.page_size() == 3
