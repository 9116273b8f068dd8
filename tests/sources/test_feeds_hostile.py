"""Feeds from servers that misbehave, on a real local HTTP server: an empty answer,
headers sent one byte at a time, markup hidden in CDATA sections or escaped twice."""

from __future__ import annotations

import threading
import time

import pytest

from fabrique_kit.sources.http.feeds import FeedSource, parse_feed
from fabrique_kit.sources.http.fetch import FetchError, fetch
from fabrique_kit.state import State
from tests.sources.feed_server import Reply


def make_source(url, tmp_path, clock, **options):
    options.setdefault("timeout", 2)
    return FeedSource(url, name="actus", cache_dir=tmp_path / "cache", clock=clock, **options)


def one_item(title: str, description: str | None = None) -> bytes:
    return ('<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Actus</title>'
            f"<item><title>{title}</title><description>{description or title}</description>"
            "<link>https://www.example.org/1</link></item></channel></rss>").encode()


@pytest.mark.parametrize("body", [b"", b"  \r\n "])
def test_an_empty_answer_is_told_in_french(body, server, tmp_path, clock):
    url = server.route("/vide.xml", Reply(body, headers={"Content-Type": "application/rss+xml"}))
    source, state = make_source(url, tmp_path, clock), State(clock)
    assert source.refresh(state) == 30  # a failure: retried later
    error = state.value("actus").error
    assert "flux vide" in error and "inattendue" not in error


def test_headers_sent_one_byte_at_a_time_are_cut_by_the_total_deadline(server, tmp_path, clock):
    url = server.route("/goutte.xml", Reply(trickle_headers=0.1))  # each read is quick, the whole never ends
    source, state = make_source(url, tmp_path, clock, timeout=0.4), State(clock)
    started = time.monotonic()
    assert source.refresh(state) == 30
    assert time.monotonic() - started < 3.0  # 3 × 0.4 s in all, headers included
    assert "à temps (1.2 s)" in state.value("actus").error


def test_the_total_deadline_holds_in_any_thread_and_leaves_other_downloads_alone(server, tmp_path):
    slow = server.route("/goutte.xml", Reply(trickle_headers=0.1))
    quick = server.route("/ok.xml", Reply(one_item("Atelier"), headers={"Content-Type": "application/rss+xml"}))
    outcome = {}

    def slow_fetch():
        try:
            fetch(slow, timeout=0.4)
        except FetchError as error:
            outcome["slow"] = str(error)

    thread = threading.Thread(target=slow_fetch)
    thread.start()
    for _ in range(5):  # meanwhile, in this thread, quick downloads are not cut
        assert fetch(quick, timeout=0.4).status == 200
    thread.join(5)
    assert not thread.is_alive() and "à temps" in outcome["slow"]
    assert fetch(quick, timeout=0.4).content.startswith(b"<?xml")  # a watchdog never outlives its download


@pytest.mark.parametrize("title", [
    "<![CDATA[<script>alert(1)</script>Atelier CAF]]>",
    "&lt;b&gt;Atelier CAF&lt;/b&gt;",
    "&amp;lt;b&amp;gt;Atelier CAF&amp;lt;/b&amp;gt;",
    "&lt;![CDATA[&lt;script&gt;alert(1)&lt;/script&gt;]]&gt;Atelier CAF",
    "<![CDATA[<p>Atelier <em>CAF</em></p>]]>",
])
def test_markup_in_cdata_or_escaped_never_reaches_the_screen_as_text(title):
    item = parse_feed(one_item(title))[0]
    assert item.title == "Atelier CAF" and item.summary == "Atelier CAF"


def test_plain_text_with_angle_brackets_stays_as_written():
    item = parse_feed(one_item("Tom &amp; Jerry &lt;3 : 2 &lt; 3"))[0]
    assert item.title == "Tom & Jerry <3 : 2 < 3"


def test_json_nested_100000_deep_or_with_huge_keys_is_told_briefly(server, tmp_path, clock):
    from fabrique_kit.sources.http.json_source import JsonSource

    deep = server.route("/profond.json", Reply(b"[" * 100_000 + b"]" * 100_000))
    keys = server.route("/cles.json", Reply(('{"' + "k" * 100_000 + '": 1}').encode()))
    state = State(clock)
    for url in (deep, keys):
        source = JsonSource(url, path="temperature", name="meteo", cache_dir=tmp_path / "cache", clock=clock)
        assert source.refresh(state) == 30
        error = state.value("meteo").error
        assert "inattendue" not in error and len(error) < 300
        assert "JSON illisible" in error or "est absente" in error
