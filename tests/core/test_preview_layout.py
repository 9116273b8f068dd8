"""``fabrique preview --layout --at --size``: what the screen says, as JSON, at a chosen time.

The tests change the called number, the desk and a session's end in the project's
own files, and read the values back from the display list the command writes.
"""

from __future__ import annotations

import hashlib
import json
import shutil

import pytest
from PIL import Image

from fabrique_kit.project import new_project
from tests.core.test_cli import fabrique

MONDAY = "2026-11-23 14:30"  # a Monday of the sample semainier, in term time


def texts(layout: dict, role: str) -> list[str]:
    return [item["text"] for item in layout["items"] if item["role"] == role]


def as_hhmm(french: str) -> str:
    """``"14h"`` → ``"14:00"``, ``"9h30"`` → ``"09:30"`` (the semainier's way of writing hours)."""
    hour, _h, minute = french.partition("h")
    return f"{int(hour):02d}:{minute or '00'}"


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    folder = new_project("afficheur", tmp_path_factory.mktemp("layout") / "hall")
    script = folder / "main.py"
    text = script.read_text(encoding="utf-8")
    assert "screen.big_number(attente.status())" in text
    script.write_text(text.replace("screen.big_number(attente.status())",
                                   "screen.big_number(NUMERO, desk=GUICHET)")
                      .replace("kit.run()", "NUMERO, GUICHET = 42, 2\nkit.run()"), encoding="utf-8")
    return folder


def preview(project, tmp_path, *options):
    png, layout = tmp_path / "f.png", tmp_path / "f.json"
    result = fabrique("preview", project, "-o", png, "--layout", layout, *options)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    return png, json.loads(layout.read_text(encoding="utf-8"))


def test_the_layout_holds_the_called_number_the_desk_and_the_hours(project, tmp_path):
    png, layout = preview(project, tmp_path, "--at", MONDAY)
    assert layout["size"] == [1920, 1080] == list(Image.open(png).size)
    assert texts(layout, "queue.number") == ["42"]
    assert texts(layout, "queue.desk") == ["Guichet 2"]
    assert texts(layout, "header.time") == ["14:30"]
    assert texts(layout, "header.date") == ["lundi 23 novembre"]
    hours = texts(layout, "schedule.time")
    assert hours and all("–" in h for h in hours)
    item = next(i for i in layout["items"] if i["role"] == "queue.number")
    assert item["px"] > 100 and not item["cut"] and item["fg"] != item["bg"]


def test_a_change_in_the_files_is_a_change_in_the_layout(project, tmp_path):
    _png, before = preview(project, tmp_path, "--at", MONDAY)
    changed = tmp_path / "changed"
    shutil.copytree(project, changed)
    script = changed / "main.py"
    script.write_text(script.read_text(encoding="utf-8").replace("NUMERO, GUICHET = 42, 2", "NUMERO, GUICHET = 47, 3"),
                      encoding="utf-8")
    planning = changed / "semainier.json"
    data = json.loads(planning.read_text(encoding="utf-8"))
    monday = [slot for place in data["lieux"] for slot in place["creneaux"] if slot["jour"] == "lundi"]
    first_hours = texts(before, "schedule.time")[0]
    start = as_hhmm(first_hours.split(" – ")[0])
    target = next(slot for slot in monday if slot["debut"] == start)
    target["fin"] = "17:45"
    planning.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    _png, after = preview(changed, tmp_path, "--at", MONDAY)
    assert texts(after, "queue.number") == ["47"]
    assert texts(after, "queue.desk") == ["Guichet 3"]
    assert texts(after, "schedule.time")[0].endswith("17h45")
    assert texts(after, "schedule.time")[0] != first_hours


def test_size_and_time_options(project, tmp_path):
    png, layout = preview(project, tmp_path, "--at", "2026-11-24 09:05", "--size", "1280x1024")
    assert layout["size"] == [1280, 1024] == list(Image.open(png).size)
    assert texts(layout, "header.time") == ["09:05"]
    assert texts(layout, "header.date") == ["mardi 24 novembre"]
    boxes = [item["box"] for item in layout["items"]]
    assert all(0 <= x0 < x1 <= 1280 and 0 <= y0 < y1 <= 1024 for x0, y0, x1, y1 in boxes)


def test_the_same_moment_draws_the_same_picture(project, tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    first, layout_a = preview(project, tmp_path / "a", "--at", MONDAY)
    second, layout_b = preview(project, tmp_path / "b", "--at", MONDAY)
    assert hashlib.sha256(first.read_bytes()).digest() == hashlib.sha256(second.read_bytes()).digest()
    assert layout_a == layout_b


@pytest.mark.parametrize("option, value, words", [
    ("--at", "demain 14h", "AAAA-MM-JJ HH:MM"),
    ("--size", "grand", "LARGEURxHAUTEUR"),
    ("--size", "10x10", "entre 64 et 7680"),
])
def test_a_bad_option_is_explained_in_french_without_traceback(project, tmp_path, option, value, words):
    result = fabrique("preview", project, "-o", tmp_path / "f.png", option, value)
    assert result.returncode == 2
    assert words in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "f.png").exists()


@pytest.mark.parametrize("damage", ["missing comma", "truncated", "missing file"])
def test_an_unreadable_semainier_is_never_an_empty_day(tmp_path, damage):
    """« Pas de permanence aujourd'hui » is a statement: it is said only when the file says so."""
    folder = new_project("afficheur", tmp_path / "hall")
    planning = folder / "semainier.json"
    text = planning.read_text(encoding="utf-8")
    if damage == "missing comma":
        start = text.index('"creneaux"')
        comma = text.index(",", start + 40)
        planning.write_text(text[:comma] + text[comma + 1:], encoding="utf-8")
    elif damage == "truncated":
        planning.write_text(text[: len(text) // 2], encoding="utf-8")  # a power cut while saving
    else:
        planning.unlink()
    result = fabrique("preview", folder, "-o", tmp_path / "f.png", "--layout", tmp_path / "f.json",
                      "--at", MONDAY)
    if damage == "missing file":  # the script's kit.semainier() refuses it, located, at start
        assert result.returncode == 1 and "semainier.json" in result.stderr and "Traceback" not in result.stderr
        return
    assert result.returncode == 0, result.stderr
    layout = json.loads((tmp_path / "f.json").read_text(encoding="utf-8"))
    said = " ".join(item["text"] for item in layout["items"])
    assert texts(layout, "schedule.empty") == [] and "Pas de permanence" not in said
    assert texts(layout, "schedule.unavailable") == ["Planning momentanément indisponible — renseignez-vous à l’accueil"]
    assert str(tmp_path) not in said and "/" not in said and "JSON" not in said  # no path, no parser's words
    assert any("fichier illisible" in text for text in texts(layout, "status"))


def test_a_closure_day_says_why_and_when_it_reopens(project, tmp_path):
    """24 December is a closure of the sample semainier: the screen said « no session today »."""
    _png, layout = preview(project, tmp_path, "--at", "2026-12-24 10:00")
    said = " ".join(item["text"] for item in layout["items"])
    assert texts(layout, "schedule.closed") == [
        "Fermé aujourd’hui — Fermeture des fêtes de fin d’année — réouverture lundi 28 décembre à 9h"]
    assert "Pas de permanence" not in said
    [coming] = texts(layout, "schedule.coming")
    assert coming.startswith("Prochaine permanence") and "décembre" in coming
    assert [item["lines"] for item in layout["items"] if item["role"] == "schedule.state"] == [["closed"]]


MONDAY_FACTS = ("service", "public", "appointment", "room")


@pytest.mark.parametrize("size", ["1920x1080", "1280x1024", "1024x768"])
def test_every_fact_of_the_mondays_sessions_is_drawn_uncut(project, tmp_path, size):
    """Service, for whom, appointment mode and room of each session: readable, whole, apart."""
    from fabrique_kit.screen.display_list import DisplayList, TextItem

    _png, layout = preview(project, tmp_path, "--at", "2026-11-23 08:30", "--size", size)
    data = json.loads((project / "semainier.json").read_text(encoding="utf-8"))
    [place] = [p for p in data["lieux"] if p["nom"] == "Espace Social Commun Maurepas"]
    monday = [slot for slot in place["creneaux"] if slot["jour"] == "lundi"]
    assert monday
    items = [item for item in layout["items"] if item["role"].startswith("schedule.")]
    assert not [item["text"] for item in items if item["cut"]]
    said = [" ".join(item["text"].split()) for item in items]
    services = texts(layout, "schedule.service")
    details = " ".join(texts(layout, "schedule.details")).replace("\u202f", " ").replace("\u00a0", " ")
    for slot in monday:
        assert slot["service"] in services
        if slot.get("public"):
            assert slot["public"] in details
        assert ("Sans rendez-vous" if slot.get("libre", True) else "Sur rendez-vous") in details
        assert slot["salle"] in details
    assert said
    display = DisplayList(tuple(layout["size"]), [
        TextItem(i["text"], tuple(i["box"]), i["px"], i["fg"], i["bg"], i["role"], i["cut"],
                 tuple(i["lines"]), tuple(i["block"])) for i in layout["items"]])
    assert display.overlaps() == [] and display.outside() == []
