"""A semainier broken at boot: the hall screen shows the last good copy (``.bak``), the
status says the file is unreadable, and no file path reaches the public screen."""

from __future__ import annotations

import json
from datetime import datetime

from fabrique_kit.project import new_project
from fabrique_kit.sources.semainier import load_semainier, save_semainier
from tests.core.test_cli import fabrique

MONDAY = "2026-11-23 14:30"


def test_the_backup_is_on_the_screen_when_the_file_is_broken_at_boot(tmp_path):
    folder = new_project("afficheur", tmp_path / "hall")
    planning = folder / "semainier.json"
    document = json.loads(planning.read_text(encoding="utf-8"))
    save_semainier(planning, document)  # an edit from the admin: the previous version is the .bak
    backup = load_semainier(folder / "semainier.json.bak")
    expected = {s.service for s in backup.today(datetime.fromisoformat(MONDAY + "+01:00"))}
    assert expected
    text = planning.read_text(encoding="utf-8")
    planning.write_text(text[: len(text) // 2], encoding="utf-8")  # a power cut while saving
    png, layout = tmp_path / "f.png", tmp_path / "f.json"
    result = fabrique("preview", folder, "-o", png, "--layout", layout, "--at", MONDAY)
    assert result.returncode == 0, result.stderr
    items = json.loads(layout.read_text(encoding="utf-8"))["items"]
    shown = " ".join(item["text"] for item in items)
    roles = {item["role"] for item in items}
    assert "schedule.unavailable" not in roles  # the schedule is there, from the copy
    assert any(service in shown for service in expected)
    assert "illisible" in shown  # and the status says the file is broken
    # with the copy's age: the last good data is never passed off as today's file
    (notice,) = [item["text"] for item in items if item["role"] == "schedule.backup"]
    assert notice.startswith("Planning enregistré ") and "dernière version lisible" in notice
    assert str(folder) not in shown and "semainier.json" not in shown and "Traceback" not in shown
