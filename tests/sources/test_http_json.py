"""JSON over HTTP: the path syntax, located errors, and fetching from a real local server."""

from __future__ import annotations

import json

import pytest

from fabrique_kit.errors import FabriqueError
from fabrique_kit.sources.http.fetch import FetchError
from fabrique_kit.sources.http.json_source import JsonSource, parse_path, pick
from fabrique_kit.state import State
from tests.sources.feed_server import FeedServer, Reply

DOCUMENT = {"data": {"items": [{"value": 42, "label": "Places libres"}, {"value": 7}], "total": 2}}


def json_reply(document, **headers) -> Reply:
    return Reply(json.dumps(document).encode(), headers={"Content-Type": "application/json", **headers})


@pytest.mark.parametrize("path, steps", [
    ("data.items[0].value", ["data", "items", 0, "value"]),
    ("items[-1]", ["items", -1]),
    ("[0][1]", [0, 1]),
    ("", []),
    ("nb_places-libres", ["nb_places-libres"]),
])
def test_path_syntax(path, steps):
    assert parse_path(path) == steps


@pytest.mark.parametrize("path", ["data..value", "a[b]", "a b", "data.", "items[0"])
def test_badly_written_path_is_refused_when_created(path, tmp_path):
    with pytest.raises(FabriqueError, match="mal écrit"):
        JsonSource("https://example.org/a.json", path=path, cache_dir=tmp_path)


def test_pick_finds_values():
    assert pick(DOCUMENT, "data.items[0].value") == 42
    assert pick(DOCUMENT, "data.items[-1].value") == 7
    assert pick(DOCUMENT, "") == DOCUMENT


@pytest.mark.parametrize("path, words", [
    ("data.count", "la clé « count » est absente de « data » (clés : items, total)"),
    ("data.items[5]", "« data.items » n'a que 2 éléments : pas de [5]"),
    ("data.total[0]", "« data.total » n'est pas une liste"),
    ("data.items.value", "« data.items » n'est pas un objet"),
])
def test_missing_path_is_located(path, words):
    with pytest.raises(FetchError) as error:
        pick(DOCUMENT, path)
    assert words in str(error.value)


def test_json_source_reads_the_value(server, tmp_path, clock):
    url = server.route("/api.json", json_reply(DOCUMENT))
    source = JsonSource(url, path="data.items[0].value", name="places", cache_dir=tmp_path, clock=clock)
    state = State(clock)
    assert source.refresh(state) is None
    assert source.value() == 42 and state.get("places") == 42
    assert "application/json" in server.requests[0].headers["Accept"]


def test_missing_path_goes_to_state_fail_and_keeps_the_value(server, tmp_path, clock):
    url = server.route("/api.json", json_reply(DOCUMENT))
    source = JsonSource(url, path="data.items[0].value", name="places", cache_dir=tmp_path, clock=clock)
    state = State(clock)
    source.refresh(state)
    server.route("/api.json", json_reply({"data": {"elements": []}}))
    assert source.refresh(state) == 30
    error = state.value("places").error
    assert "chemin « data.items[0].value »" in error and "« items » est absente de « data »" in error
    assert source.value() == 42


def test_invalid_json_is_reported_with_its_line(server, tmp_path, clock):
    url = server.route("/api.json", Reply(b'{\n "a": 1,\n oops}'))
    source = JsonSource(url, path="a", name="j", cache_dir=tmp_path, clock=clock)
    state = State(clock)
    assert source.refresh(state) == 30
    assert "JSON illisible (ligne 3)" in state.value("j").error
    assert source.value("rien") == "rien"


def test_json_value_comes_back_from_the_cache_offline(tmp_path, clock):
    with FeedServer() as server:
        url = server.route("/api.json", json_reply(DOCUMENT, ETag='"e1"'))
        JsonSource(url, path="data.items", name="liste", cache_dir=tmp_path, clock=clock).refresh(State(clock))
    clock.advance(minutes=30)
    source, state = JsonSource(url, path="data.items", name="liste", cache_dir=tmp_path, clock=clock), State(clock)
    assert source.refresh(state) == 30
    assert source.value() == DOCUMENT["data"]["items"]
    assert source.age() == pytest.approx(1800)
    assert "injoignable" in state.value("liste").error


def test_json_conditional_get(server, tmp_path, clock):
    def answer(request):
        if request.headers.get("If-None-Match") == '"e1"':
            return Reply(status=304)
        return json_reply(DOCUMENT, ETag='"e1"')

    url = server.route("/api.json", answer)
    source, state = JsonSource(url, path="data.total", name="n", cache_dir=tmp_path, clock=clock), State(clock)
    source.refresh(state)
    version = state.value("n").version
    clock.advance(minutes=5)
    assert source.refresh(state) is None
    assert server.requests[1].headers.get("If-None-Match") == '"e1"'
    assert state.value("n").version == version and state.get("n") == 2
    assert state.value("n").refreshed == clock.now()
