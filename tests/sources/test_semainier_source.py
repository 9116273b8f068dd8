"""SemainierSource keeps the file live in the state; save_semainier writes it safely."""

import json
import os
import shutil

import pytest

from fabrique_kit.clock import FakeClock
from fabrique_kit.errors import DataError
from fabrique_kit.sources.semainier import SAMPLE, SemainierSource, load_semainier, save_semainier
from fabrique_kit.state import State, track_reads


def edit(path, change):
    """Rewrite the JSON file with ``change`` applied, and make its mtime move on."""
    data = json.loads(path.read_text("utf-8"))
    change(data)
    before = path.stat().st_mtime_ns
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2), "utf-8")
    os.utime(path, ns=(before + 1_000_000_000, before + 1_000_000_000))


@pytest.fixture
def setup(tmp_path):
    path = tmp_path / "semainier.json"
    shutil.copy(SAMPLE, path)
    state = State(FakeClock("2026-11-23 10:00"))  # a Monday
    source = SemainierSource(path, state=state, place="Maurepas")
    return path, state, source


def test_first_refresh_writes_the_schedule(setup):
    path, state, source = setup
    assert source.current() is None and source.today() == []
    assert source.refresh(state) is None
    assert state.value("semainier").version == 1
    assert source.current() == load_semainier(path)
    assert [s.service for s in source.open_now()] == ["Permanence numérique — démarches accompagnées"]


def test_unchanged_file_is_not_parsed_again_nor_bumps_the_version(setup, monkeypatch):
    path, state, source = setup
    source.refresh(state)
    from fabrique_kit.sources import semainier as module

    monkeypatch.setattr(module, "read_semainier", lambda p: pytest.fail("parsed again"))
    source.refresh(state)
    assert state.value("semainier").version == 1


def test_identical_content_rewritten_keeps_the_version(setup):
    path, state, source = setup
    source.refresh(state)
    edit(path, lambda data: None)  # same schedule, new mtime and layout
    source.refresh(state)
    assert state.value("semainier").version == 1


def test_good_edit_reaches_the_state_in_one_refresh(setup):
    path, state, source = setup
    source.refresh(state)
    edit(path, lambda d: d["lieux"][0]["creneaux"][0].update(service="Permanence CAF"))
    source.refresh(state)
    value = state.value("semainier")
    assert value.version == 2 and value.error is None
    assert source.today()[0].service == "Permanence CAF"


def test_broken_edit_keeps_the_last_good_schedule_and_notes_the_error(setup):
    path, state, source = setup
    source.refresh(state)
    good = source.current()
    edit(path, lambda d: d["lieux"][0]["creneaux"][3].update(fin="11:00"))
    source.refresh(state)
    value = state.value("semainier")
    assert value.value == good
    assert "créneau 4 : la fin 11:00 est avant le début 14:00" in value.error
    assert "ligne" in value.error and "lieux[0].creneaux[3].fin" in value.error
    version = value.version
    source.refresh(state)  # still broken, unchanged: nothing new
    assert state.value("semainier").version == version
    edit(path, lambda d: d["lieux"][0]["creneaux"][3].update(fin="17:00"))
    source.refresh(state)
    assert state.value("semainier").error is None


def test_missing_file_is_noted_without_raising(tmp_path):
    state = State(FakeClock())
    source = SemainierSource(tmp_path / "absent.json", name="planning", state=state)
    source.refresh(state)
    assert "introuvable" in state.value("planning").error
    assert source.next() is None and source.week() == {}


def test_reading_helpers_go_through_the_state(setup):
    path, state, source = setup
    source.refresh(state)
    with track_reads() as names:
        source.today()
    assert names == {"semainier"}
    assert source.is_open() and source.closes_at().hour == 12
    assert source.next().start.hour == 14  # Tuesday's ARCS after Monday morning's session
    assert len(source.week()) == 7 and source.closure() is None
    assert source.opens_at().hour == 13


def test_save_writes_atomically_and_keeps_a_backup(tmp_path):
    path = tmp_path / "semainier.json"
    shutil.copy(SAMPLE, path)
    document = json.loads(SAMPLE.read_text("utf-8"))
    document["lieux"] = document["lieux"][:1]
    warnings = save_semainier(path, document)
    assert warnings == []
    assert len(load_semainier(path).places) == 1
    assert (tmp_path / "semainier.json.bak").read_text("utf-8") == SAMPLE.read_text("utf-8")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["semainier.json", "semainier.json.bak"]


def test_save_refuses_an_invalid_document_and_writes_nothing(tmp_path):
    path = tmp_path / "semainier.json"
    shutil.copy(SAMPLE, path)
    document = json.loads(SAMPLE.read_text("utf-8"))
    document["lieux"][0]["creneaux"][0]["jour"] = "lundy"
    with pytest.raises(DataError) as caught:
        save_semainier(path, document)
    assert caught.value.problems[0].field == "lieux[0].creneaux[0].jour"
    assert path.read_text("utf-8") == SAMPLE.read_text("utf-8")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["semainier.json"]
