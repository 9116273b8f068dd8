"""Damaged or unusual semainier files: a located French message, never a traceback,
and the last good copy (``.bak``) on the screen when the file is broken at boot."""

import json
import os
import shutil
from datetime import datetime

import pytest

from fabrique_kit.clock import PARIS, FakeClock
from fabrique_kit.sources.semainier import SAMPLE, SemainierSource, save_semainier
from fabrique_kit.sources.semainier.validate import check_text
from fabrique_kit.state import State


def problems_of(text):
    semainier, problems = check_text(text, "semainier.json")
    return semainier, problems


def test_a_number_of_5000_digits_is_a_located_error():
    text = '{\n  "lieux": [\n    {"nom": "Maurepas", "etage": ' + "7" * 5000 + "}\n  ]\n}"
    semainier, problems = problems_of(text)
    assert semainier is None
    assert problems[0].line == 3 and "nombre beaucoup trop long" in problems[0].message
    assert len(str(problems[0])) < 300  # the number itself is not quoted


def test_arrays_nested_600_deep_are_a_located_error_not_a_recursion():
    text = '{"commentaire": "a",\n "lieux": ' + "[" * 600 + "]" * 600 + "}"
    semainier, problems = problems_of(text)
    assert semainier is None
    assert [(p.line, p.field) for p in problems] == [(2, "lieux[0]")]
    assert "objet entre accolades" in problems[0].message


def test_arrays_nested_100000_deep_are_a_located_error():
    text = '{"lieux": [{"nom": "Maurepas"}],\n "commentaire": ' + "[" * 100_000 + "]" * 100_000 + "}"
    semainier, problems = problems_of(text)
    assert semainier is None
    assert problems[0].line == 2 and "imbriqués beaucoup trop profondément" in problems[0].message


def test_a_file_saved_with_a_byte_order_mark_is_read(tmp_path):
    path = tmp_path / "semainier.json"
    path.write_bytes(b"\xef\xbb\xbf" + SAMPLE.read_bytes())  # Windows Notepad's « UTF-8 »
    state = State(FakeClock("2026-11-23 10:00"))
    source = SemainierSource(path, state=state)
    source.refresh(state)
    assert state.value("semainier").error is None
    assert len(source.current().places) == 6


@pytest.mark.parametrize("start", ['""', "null", '"  "'])
def test_a_cancellation_with_an_empty_start_is_a_located_error(start):
    text = ('{"lieux": [{"nom": "Maurepas",\n "creneaux": [{"jour": "lundi", "debut": "09:30", "fin": "12:00",'
            ' "service": "Permanence"}],\n "annulations": [\n  {"date": "2026-11-23", "debut": ' + start
            + ', "service": "Permanence"}]}]}')
    semainier, problems = problems_of(text)
    assert semainier is None
    assert [(p.field, p.line) for p in problems] == [("lieux[0].annulations[0].debut", 4)]
    assert "« debut » est vide" in problems[0].message


def test_overlaps_are_found_beyond_the_next_slot_of_the_room():
    slots = [("09:00", "12:00", "A"), ("09:30", "10:00", "B"), ("11:30", "12:30", "C"), ("12:30", "13:00", "D"),
             ("11:00", "11:15", "E")]
    document = {"lieux": [{"nom": "Maurepas", "creneaux": [
        {"jour": "lundi", "debut": a, "fin": b, "service": s, "salle": "Salle 2"} for a, b, s in slots]}]}
    _semainier, problems = problems_of(json.dumps(document))
    found = sorted((p.field, p.message.split(" : ")[1]) for p in problems)
    assert found == [
        ("lieux[0].creneaux[1]", "il chevauche le créneau 1 dans la salle « Salle 2 » le lundi."),
        ("lieux[0].creneaux[2]", "il chevauche le créneau 1 dans la salle « Salle 2 » le lundi."),
        ("lieux[0].creneaux[4]", "il chevauche le créneau 1 dans la salle « Salle 2 » le lundi."),
    ]


def test_an_unexpected_failure_is_noted_and_the_file_read_again(tmp_path, monkeypatch):
    path = tmp_path / "semainier.json"
    shutil.copy(SAMPLE, path)
    state = State(FakeClock("2026-11-23 10:00"))
    source = SemainierSource(path, state=state)
    from fabrique_kit.sources import semainier as module

    real = module.read_semainier
    monkeypatch.setattr(module, "read_semainier", lambda p: (_ for _ in ()).throw(MemoryError()))
    source.refresh(state)
    assert "n'a pas pu être lu (MemoryError)" in state.value("semainier").error
    monkeypatch.setattr(module, "read_semainier", real)
    source.refresh(state)  # the file did not change, yet it is read again
    assert state.value("semainier").error is None and source.current() is not None


def broken_at_boot(tmp_path):
    """A semainier saved twice (so a .bak exists), then cut in half by a power failure."""
    path = tmp_path / "semainier.json"
    shutil.copy(SAMPLE, path)
    document = json.loads(SAMPLE.read_text("utf-8"))
    document["lieux"][0]["creneaux"][0]["service"] = "Permanence CAF"
    save_semainier(path, document)  # the sample becomes semainier.json.bak
    backup = tmp_path / "semainier.json.bak"
    saved = datetime(2026, 11, 20, 17, 5, tzinfo=PARIS).timestamp()
    os.utime(backup, (saved, saved))
    text = path.read_text("utf-8")
    path.write_text(text[: len(text) // 2], "utf-8")
    return path


def test_the_backup_serves_when_the_file_is_broken_at_boot(tmp_path):
    path = broken_at_boot(tmp_path)
    state = State(FakeClock("2026-11-23 10:00"))  # a Monday
    source = SemainierSource(path, state=state, place="Maurepas")
    source.refresh(state)
    value = state.value("semainier")
    assert value.error and "JSON" in value.error  # the status says the file is broken
    assert value.refreshed == datetime(2026, 11, 20, 17, 5, tzinfo=PARIS)  # and how old the data is
    today = source.today()
    assert getattr(today, "from_backup", False) is True
    assert today.saved_at == datetime(2026, 11, 20, 17, 5, tzinfo=PARIS)
    assert [s.service for s in today][0] == "Permanence numérique — démarches accompagnées"  # the .bak's
    assert source.is_open()  # the screen's power schedule follows the copy too
    shutil.copy(SAMPLE, path)  # fixed: the file serves again
    later = datetime(2026, 11, 23, 10, 1, tzinfo=PARIS).timestamp()
    os.utime(path, (later, later))
    source.refresh(state)
    assert state.value("semainier").error is None
    assert not getattr(source.today(), "from_backup", False)


def test_a_file_broken_while_running_keeps_the_last_reading_not_the_backup(tmp_path):
    path = tmp_path / "semainier.json"
    shutil.copy(SAMPLE, path)
    document = json.loads(SAMPLE.read_text("utf-8"))
    document["lieux"][0]["creneaux"][0]["service"] = "Permanence CAF"
    save_semainier(path, document)
    state = State(FakeClock("2026-11-23 10:00"))
    source = SemainierSource(path, state=state, place="Maurepas")
    source.refresh(state)
    path.write_text("{", "utf-8")
    source.refresh(state)
    assert state.value("semainier").error
    today = source.today()
    assert today[0].service == "Permanence CAF" and not getattr(today, "from_backup", False)


def test_without_a_usable_backup_the_schedule_is_unavailable(tmp_path):
    path = tmp_path / "semainier.json"
    path.write_text("{", "utf-8")
    (tmp_path / "semainier.json.bak").write_text("[", "utf-8")
    state = State(FakeClock("2026-11-23 10:00"))
    source = SemainierSource(path, state=state)
    source.refresh(state)
    assert getattr(source.today(), "unavailable", False) is True


def test_a_huge_bad_value_is_quoted_as_a_short_excerpt():
    text = ('{"lieux": [{"nom": "Maurepas", "creneaux": [{"jour": "lundi", "debut": "' + "9" * 100_000
            + '", "fin": "12:00", "service": "Permanence"}]}]}')
    _semainier, problems = problems_of(text)
    assert "l'heure « 999" in problems[0].message and len(str(problems[0])) < 400
