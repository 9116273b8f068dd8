"""Feeds: parsing of every format, cleaning, and fetching from a real local HTTP server."""

from __future__ import annotations

import gzip
import json
import time
from datetime import datetime

import pytest

from fabrique_kit.errors import FabriqueError
from fabrique_kit.i18n import use_language
from fabrique_kit.sources.http.feeds import FeedSource, html_to_text, parse_feed, safe_link, shorten
from fabrique_kit.sources.http.fetch import USER_AGENT, FetchError, backoff_delay
from fabrique_kit.state import State
from tests.sources.feed_server import FIXTURES, FeedServer, Reply


def make_source(url, tmp_path, clock, **options):
    options.setdefault("timeout", 2)
    return FeedSource(url, name="actus", cache_dir=tmp_path / "cache", clock=clock, **options)


def rss(items: int, title: str = "Article") -> bytes:
    entries = "".join(
        f"<item><title>{title} {i}</title><link>https://example.org/{i}</link>"
        f"<pubDate>Mon, {1 + i % 28:02d} Nov 2026 10:00:00 +0100</pubDate>"
        f"<description>Texte {i}</description></item>"
        for i in range(items)
    )
    return f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>t</title>{entries}</channel></rss>'.encode()


# -- parsing ---------------------------------------------------------------------------

def test_rss2_items_are_clean_deduplicated_and_newest_first():
    items = parse_feed((FIXTURES / "rss2.xml").read_bytes(), base="https://www.example.org/feed")
    assert [i.title for i in items] == [
        "Atelier « Mon espace santé »",
        "Permanence numérique : démarches CAF et préfecture",
        "Fermeture exceptionnelle le 11 novembre",
    ]
    caf = items[1]
    assert caf.summary == "Accueil sans rendez-vous le lundi matin. Salle 2 & salle 3."
    assert caf.image == "https://www.example.org/img/caf.jpg"
    assert caf.link == "https://www.example.org/permanence-caf"
    assert caf.published == datetime.fromisoformat("2026-11-23T09:30:00+01:00")
    assert caf.published.utcoffset() is not None
    assert items[2].image == "https://www.example.org/img/ferme.jpg"  # enclosure
    assert caf.source == "Espace Social Commun Maurepas — actualités"


def test_script_and_javascript_links_end_up_inert():
    items = parse_feed((FIXTURES / "rss2.xml").read_bytes(), base="https://www.example.org/feed")
    for item in items:
        text = item.title + item.summary
        assert "alert" not in text and "<" not in text and "color" not in text
        assert item.link is None or item.link.startswith("https://")
    atelier = items[0]
    assert atelier.link is None  # its link was javascript:
    assert atelier.summary == "Inscription à l'accueil."
    assert atelier.image == "https://www.example.org/img/sante.png"


def test_atom_relative_links_html_titles_and_xhtml_content():
    items = parse_feed((FIXTURES / "atom.xml").read_bytes(), base="https://carrefour18.example.org/feed.atom")
    assert [i.title for i in items] == ["Café numérique & Wi-Fi public", "Aide aux démarches en ligne"]
    assert items[1].link == "https://carrefour18.example.org/actus/demarches"
    assert items[1].summary == "Le jeudi de 14 h à 17 h."
    assert items[0].image == "https://carrefour18.example.org/cafe.png"
    assert items[0].published.isoformat() == "2026-11-20T09:00:00+01:00"


def test_rss1_rdf_feed():
    items = parse_feed((FIXTURES / "rss1.xml").read_bytes())
    assert [i.title for i in items] == ["Espace Ressources Emploi", "Informaticien public sur rendez-vous"]
    assert items[0].summary == "CV et candidatures en ligne."


def test_media_that_is_not_an_image_is_not_used():
    body = (b'<rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/"><channel><title>t</title>'
            b'<item><title>Video</title><link>https://x.org/v</link>'
            b'<media:content url="https://x.org/v.mp4" medium="video"/></item>'
            b'<item><title>Vignette</title><link>https://x.org/t</link>'
            b'<media:thumbnail url="https://x.org/t.jpg"/></item></channel></rss>')
    items = {i.title: i for i in parse_feed(body)}
    assert items["Video"].image is None
    assert items["Vignette"].image == "https://x.org/t.jpg"


def test_rss091_without_dates_keeps_feed_order():
    items = parse_feed((FIXTURES / "rss091.xml").read_bytes())
    assert [i.title for i in items] == ["Bornes CAF en accès libre", "Permanence Wi-Fi"]
    assert all(i.published is None for i in items)


def test_not_a_feed_is_a_french_reason():
    with use_language("fr"), pytest.raises(FetchError, match="pas un flux RSS ou Atom"):
        parse_feed(b"<html><body><h1>Portail Wi-Fi</h1></body></html>")


def test_items_are_capped():
    assert len(parse_feed(rss(30), max_items=20)) == 20


def test_html_to_text():
    assert html_to_text("<p>Atelier&nbsp;<b>CAF</b></p><script>alert(1)</script>") == "Atelier CAF"
    assert html_to_text("<style>body{}</style>a<br>b &amp; c &#233;") == "a b & c é"
    assert html_to_text("<scr<script>ipt>x</script>") == "ipt>x"  # stays inert text
    assert html_to_text("") == ""


def test_shorten_cuts_on_a_word():
    text = shorten("un deux trois quatre cinq six sept", 20)
    assert text.endswith("…") and len(text) <= 20 and text.startswith("un deux trois")


def test_safe_link():
    assert safe_link("javascript:alert(1)") is None
    assert safe_link("data:text/html,hi") is None
    assert safe_link("/a", "https://x.org/feed") == "https://x.org/a"
    assert safe_link("http://x.org/") == "http://x.org/"


def test_backoff_doubles_and_is_capped():
    assert [backoff_delay(n, every=900) for n in (1, 2, 3, 6, 10)] == [30, 60, 120, 900, 900]
    assert backoff_delay(3, every=45) == 45


# -- creating a source -----------------------------------------------------------------

@pytest.mark.parametrize("url, words", [
    ("www.rennes.fr/feed", "n'est pas une adresse web"),
    ("", "n'est pas une adresse web"),
    ("ftp://example.org/feed.xml", "« ftp »"),
    ("file:///etc/passwd", "« file »"),
])
def test_bad_url_is_refused_when_created(url, words, tmp_path):
    with pytest.raises(FabriqueError) as error:
        FeedSource(url, cache_dir=tmp_path)
    assert words in str(error.value)


# -- fetching from a real server ----------------------------------------------------------

def test_fetch_sends_user_agent_and_stores_items(server, tmp_path, clock):
    url = server.fixture("/feed.xml", "rss2.xml")
    source, state = make_source(url, tmp_path, clock), State(clock)
    assert source.refresh(state) is None
    assert "fabrique-kit/" in server.requests[0].headers["User-Agent"]
    assert server.requests[0].headers["User-Agent"] == USER_AGENT
    assert len(source.latest(5)) == 3 and source.latest(1)[0].title.startswith("Atelier")
    assert state.value("actus").error is None
    assert source.age() == 0


@pytest.mark.parametrize("status", [404, 500])
def test_http_errors_keep_the_last_items_and_back_off(status, server, tmp_path, clock):
    url = server.fixture("/feed.xml", "rss2.xml")
    source, state = make_source(url, tmp_path, clock, every=100), State(clock)
    source.refresh(state)
    server.route("/feed.xml", Reply(b"oops", status))
    assert [source.refresh(state) for _ in range(4)] == [30, 60, 100, 100]
    value = state.value("actus")
    assert str(status) in value.error and url in value.error
    assert len(value.value) == 3


def test_redirect_is_followed(server, tmp_path, clock):
    server.fixture("/new.xml", "rss1.xml")
    url = server.route("/old.xml", Reply(status=301, headers={"Location": server.url("/new.xml")}))
    source, state = make_source(url, tmp_path, clock), State(clock)
    assert source.refresh(state) is None
    assert source.latest(1)[0].title == "Espace Ressources Emploi"


def test_redirect_loop_fails(server, tmp_path, clock):
    url = server.route("/loop", Reply(status=302, headers={"Location": "/loop"}))
    source, state = make_source(url, tmp_path, clock), State(clock)
    assert source.refresh(state) == 30
    assert "redirections" in state.value("actus").error


def test_slow_server_times_out(server, tmp_path, clock):
    url = server.route("/slow.xml", Reply(rss(2), delay=1.5))
    source, state = make_source(url, tmp_path, clock, timeout=0.3), State(clock)
    started = time.monotonic()
    assert source.refresh(state) == 30
    assert time.monotonic() - started < 1.4
    assert "à temps" in state.value("actus").error


def test_trickling_server_is_cut_by_the_whole_download_limit(server, tmp_path, clock):
    url = server.route("/trickle.xml", Reply(b"<!-- -->", repeat=100, pause=0.05))  # 5 s in all
    source, state = make_source(url, tmp_path, clock, timeout=0.4), State(clock)
    started = time.monotonic()
    assert source.refresh(state) == 30  # each read is quick, the whole is too slow
    assert time.monotonic() - started < 2.5
    assert "à temps" in state.value("actus").error


def chunked(body: bytes, size: int = 100) -> bytes:
    pieces = [body[i:i + size] for i in range(0, len(body), size)]
    return b"".join(b"%x\r\n%s\r\n" % (len(p), p) for p in pieces) + b"0\r\n\r\n"


def test_gzip_and_chunked_answers_are_read(server, tmp_path, clock):
    body = (FIXTURES / "rss1.xml").read_bytes()
    gz = server.route("/gz.xml", Reply(gzip.compress(body), headers={"Content-Encoding": "gzip"}))
    ch = server.route("/chunked.xml", Reply(chunked(body), send_length=False,
                                            headers={"Transfer-Encoding": "chunked"}))
    for url in (gz, ch):
        source, state = make_source(url, tmp_path / url[-10:], clock), State(clock)
        assert source.refresh(state) is None, state.value("actus").error
        assert source.latest(1)[0].title == "Espace Ressources Emploi"


def test_gzip_bomb_is_cut(server, tmp_path, clock):
    bomb = gzip.compress(b"<!--" + b" " * 20_000_000 + b"-->")  # 20 kB that inflate to 20 MB
    url = server.route("/bomb.xml", Reply(bomb, headers={"Content-Encoding": "gzip"}))
    source, state = make_source(url, tmp_path, clock, max_bytes=1_000_000), State(clock)
    assert source.refresh(state) == 30
    assert "trop grosse" in state.value("actus").error


def test_huge_answer_with_declared_length_is_refused(server, tmp_path, clock):
    url = server.route("/huge.xml", Reply(b"x" * 100_000, repeat=50))  # 5 MB announced
    source, state = make_source(url, tmp_path, clock, max_bytes=1_000_000), State(clock)
    assert source.refresh(state) == 30
    assert "trop grosse" in state.value("actus").error


def test_huge_answer_without_length_is_cut(server, tmp_path, clock):
    url = server.route("/stream.xml", Reply(b"<!-- padding -->" * 4096, send_length=False, repeat=200))
    source, state = make_source(url, tmp_path, clock, max_bytes=200_000), State(clock)
    assert source.refresh(state) == 30
    assert "trop grosse" in state.value("actus").error


def test_malformed_feed_keeps_the_cache(server, tmp_path, clock):
    url = server.fixture("/feed.xml", "rss2.xml")
    source, state = make_source(url, tmp_path, clock), State(clock)
    source.refresh(state)
    server.route("/feed.xml", Reply(b"\x00\x01<<<< not xml", headers={"Content-Type": "text/xml"}))
    assert source.refresh(state) == 30
    assert "pas un flux" in state.value("actus").error
    assert len(state.get("actus")) == 3
    cached = json.loads((tmp_path / "cache" / "feed-actus.json").read_text(encoding="utf-8"))
    assert len(cached["value"]) == 3


@pytest.mark.parametrize("encoding, content_type, declaration", [
    ("iso-8859-1", "application/rss+xml", '<?xml version="1.0" encoding="ISO-8859-1"?>'),
    ("windows-1252", "text/xml; charset=windows-1252", ""),
])
def test_non_utf8_feeds_decode_right(encoding, content_type, declaration, server, tmp_path, clock):
    title = "Démarches à l'accueil : « été »" + (" – L’œuvre" if encoding == "windows-1252" else "")
    body = (f'{declaration}<rss version="2.0"><channel><title>Kléber</title><item><title>{title}</title>'
            f"<link>https://example.org/a</link><description>Préfecture, titre de séjour</description>"
            f"</item></channel></rss>").encode(encoding)
    url = server.route("/latin.xml", Reply(body, headers={"Content-Type": content_type}))
    source, state = make_source(url, tmp_path, clock), State(clock)
    source.refresh(state)
    item = source.latest(1)[0]
    assert item.title == title
    assert item.summary == "Préfecture, titre de séjour"


def test_conditional_get_answers_304_and_only_refreshes_the_age(server, tmp_path, clock):
    body = (FIXTURES / "atom.xml").read_bytes()
    modified = "Fri, 20 Nov 2026 10:00:00 GMT"

    def answer(request):
        if request.headers.get("If-None-Match") == '"v1"' and request.headers.get("If-Modified-Since") == modified:
            return Reply(status=304, headers={"ETag": '"v1"'})
        return Reply(body, headers={"ETag": '"v1"', "Last-Modified": modified,
                                    "Content-Type": "application/atom+xml"})

    url = server.route("/feed.atom", answer)
    source, state = make_source(url, tmp_path, clock), State(clock)
    source.refresh(state)
    first = state.value("actus")
    assert "If-None-Match" not in server.requests[0].headers
    clock.advance(minutes=15)
    assert source.refresh(state) is None
    second = state.value("actus")
    assert server.requests[1].headers["If-None-Match"] == '"v1"'
    assert server.requests[1].headers["If-Modified-Since"] == modified
    assert second.version == first.version and second.value == first.value
    assert second.refreshed > first.refreshed
    assert source.age() == 0


def test_cache_shows_news_at_once_when_the_server_is_down(tmp_path, clock):
    with FeedServer() as server:
        url = server.fixture("/feed.xml", "rss2.xml")
        make_source(url, tmp_path, clock).refresh(State(clock))
    clock.advance(hours=2)
    source, state = make_source(url, tmp_path, clock), State(clock)  # the kit restarts
    source.attach(state)
    assert [i.title for i in source.latest(5)][0].startswith("Atelier")
    assert source.age() == pytest.approx(7200)
    assert source.refresh(state) == 30
    assert "injoignable" in state.value("actus").error
    assert len(source.latest(5)) == 3


def test_restart_uses_cached_etag(server, tmp_path, clock):
    def answer(request):
        if request.headers.get("If-None-Match") == '"abc"':
            return Reply(status=304)
        return Reply(rss(3), headers={"ETag": '"abc"'})

    url = server.route("/feed.xml", answer)
    make_source(url, tmp_path, clock).refresh(State(clock))
    source, state = make_source(url, tmp_path, clock), State(clock)
    assert source.refresh(state) is None
    assert server.requests[-1].headers.get("If-None-Match") == '"abc"'
    assert len(source.latest(5)) == 3


def test_304_without_any_data_asks_again_in_full(server, tmp_path, clock):
    calls = []

    def answer(request):
        calls.append(request.headers.get("If-None-Match"))
        if request.headers.get("If-None-Match"):
            return Reply(status=304)
        return Reply(rss(2), headers={"ETag": '"x"'})

    url = server.route("/feed.xml", answer)
    (tmp_path / "cache").mkdir()
    (tmp_path / "cache" / "feed-actus.json").write_text(
        json.dumps({"key": url, "value": "broken", "etag": '"x"', "saved_at": "nonsense"}))
    source, state = make_source(url, tmp_path, clock), State(clock)
    assert source.refresh(state) is None
    assert calls == [None] and len(source.latest()) == 2  # the broken cache was ignored


def test_cache_of_another_address_is_ignored(server, tmp_path, clock):
    url = server.fixture("/a.xml", "rss2.xml")
    make_source(url, tmp_path, clock).refresh(State(clock))
    other = make_source(server.url("/nothing.xml"), tmp_path, clock)
    state = State(clock)
    other.attach(state)
    assert other.latest() == [] and other.age() is None


def test_nothing_raises_out_of_refresh(server, tmp_path, clock, monkeypatch):
    url = server.fixture("/feed.xml", "rss2.xml")
    source, state = make_source(url, tmp_path, clock), State(clock)
    monkeypatch.setattr(source, "parse", lambda result: 1 / 0)
    assert source.refresh(state) == 30
    assert "ZeroDivisionError" in state.value("actus").error


def test_cache_write_is_atomic_and_readable(server, tmp_path, clock):
    url = server.fixture("/feed.xml", "atom.xml")
    make_source(url, tmp_path, clock).refresh(State(clock))
    files = sorted(p.name for p in (tmp_path / "cache").iterdir())
    assert files == ["feed-actus.json"]
    data = json.loads((tmp_path / "cache" / "feed-actus.json").read_text(encoding="utf-8"))
    assert data["key"] == url and data["value"][0]["title"] == "Café numérique & Wi-Fi public"
