"""``fabrique preview --layout`` of a kit on the city network shows the other place in its
« Ailleurs aujourd'hui » panel, with its hours and its wait (read from the broker's
retained messages; the preview publishes nothing)."""

from __future__ import annotations

import json

import pytest
from PIL import Image

from fabrique_kit import Kit
from fabrique_kit.clock import FakeClock
from tests.city.conftest import MONDAY, wait_until, write_place
from tests.city.test_network import read_retained
from tests.core.test_cli import fabrique

pytestmark = pytest.mark.slow


def texts(layout: dict, role: str) -> list[str]:
    # the screen draws typographic apostrophes (’) and no-break spaces before « : »
    return [item["text"].replace("\u2019", "'").replace("\xa0", " ").replace("\u202f", " ")
            for item in layout["items"] if item["role"] == role]


@pytest.fixture
def villejean(broker, tmp_path):
    kit = Kit(config=write_place(tmp_path / "v", "villejean", broker, transport="Métro A — Villejean-Université"),
              clock=FakeClock(MONDAY))
    kit.start()
    for _ in range(3):
        kit._parts.sources.counters["attente"].take_ticket()
    assert wait_until(lambda: (read_retained(broker, "fabrique/v1/lieux/villejean/statut") or {}).get("attente") == 3)
    yield kit
    kit.close()


def preview(folder, tmp_path, at: str) -> tuple[dict, Image.Image]:
    png, layout = tmp_path / "f.png", tmp_path / "f.json"
    result = fabrique("preview", folder, "-o", png, "--layout", layout, "--at", at)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    return json.loads(layout.read_text(encoding="utf-8")), Image.open(png)


def test_the_preview_shows_the_other_place_with_its_hours_and_wait(broker, villejean, tmp_path):
    folder = write_place(tmp_path / "m", "maurepas", broker).parent
    layout, picture = preview(folder, tmp_path, MONDAY)
    assert texts(layout, "elsewhere.heading") == ["Ailleurs aujourd'hui"]
    assert texts(layout, "elsewhere.place") == ["Espace Social Commun Villejean"]
    assert texts(layout, "elsewhere.hours") == ["Ouvert jusqu'à 17:30"]
    wait = villejean._parts.sources.counters["attente"].status().estimated_wait_min
    assert texts(layout, "elsewhere.wait") == [f"Attente estimée : {wait} min"]
    assert texts(layout, "elsewhere.transport") == ["Métro A — Villejean-Université"]
    heading = next(i for i in layout["items"] if i["role"] == "elsewhere.heading")
    name = next(i for i in layout["items"] if i["role"] == "elsewhere.place")
    x0, y0, x1, y1 = heading["block"]
    # the QR code to the place's map: right of the place's name, in the panel, black and white modules
    qr = picture.convert("L").crop((name["box"][2], heading["box"][3], x1, y1))
    dark = qr.point(lambda value: 255 if value < 60 else 0).histogram()[255]
    assert 0.2 < dark / (qr.width * qr.height) < 0.6 or dark > 5000, dark
    # the preview published nothing: the retained status of Maurepas is not there
    assert read_retained(broker, "fabrique/v1/lieux/maurepas/statut", user="villejean") is None


def test_closed_here_the_panel_says_when_the_other_place_opens(broker, villejean, tmp_path):
    folder = write_place(tmp_path / "m", "maurepas", broker).parent
    layout, _picture = preview(folder, tmp_path, "2026-11-23 12:45")  # Maurepas: lunch break
    assert texts(layout, "elsewhere.place") == ["Espace Social Commun Villejean"]
    assert texts(layout, "elsewhere.hours") == ["Ouvre à 13:30, jusqu'à 17:30"]
    assert texts(layout, "elsewhere.wait") == []  # no wait shown for a place not open yet
    heading = next(i for i in layout["items"] if i["role"] == "elsewhere.heading")
    assert heading["block"][0] < 100  # closed here: the panel is a large block of the main column
