"""Every file of ``.fabrique/`` damaged in turn (cut short, emptied, random bytes): the kit
starts, draws its screen, answers on its web server, and says what it did, in French."""

from __future__ import annotations

import logging
import os
import socket
from pathlib import Path

import pytest
import requests

from fabrique_kit.project import new_project, run_project
from fabrique_kit.web.auth_store import PinStore

FILES = ["id", "web_secret.key", "web_pin.json", "messages.json", "compteurs/attente.sqlite3"]
DAMAGES = {
    "cut": lambda data: data[: len(data) // 2],
    "empty": lambda data: b"",
    "random": lambda data: os.urandom(max(512, len(data))),
}


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _kit(project: Path):
    kit = run_project(project, mode="load", quiet=True, simulate=True, port=_port(), host="127.0.0.1")
    kit.start()
    return kit


@pytest.fixture(scope="module")
def used_project(tmp_path_factory):
    """A waiting-counter project that ran once: tickets, a message, a PIN, its keys."""
    project = new_project("compteur", tmp_path_factory.mktemp("damage") / "compteur")
    kit = _kit(project)
    try:
        counter = kit._parts.sources.by_name["attente"]
        for _ in range(3):
            counter.take_ticket()
        counter.call_next()
        kit.post_message("Fermé exceptionnellement mardi")
        PinStore(kit.data_dir).set_pin("482913")
    finally:
        kit.close()
    data = project / ".fabrique"
    assert all((data / name).exists() for name in FILES), sorted(p.name for p in data.rglob("*"))
    return project


@pytest.mark.parametrize("damage", sorted(DAMAGES))
@pytest.mark.parametrize("name", FILES)
def test_the_kit_starts_with_a_damaged_file(used_project, tmp_path, name, damage, caplog):
    import shutil

    project = tmp_path / "compteur"
    shutil.copytree(used_project, project)
    target = project / ".fabrique" / name
    for side in target.parent.glob(target.name + "-*"):  # WAL and shared-memory files of SQLite
        side.unlink()
    target.write_bytes(DAMAGES[damage](target.read_bytes()))
    an_hour_ago = target.stat().st_mtime - 3600  # damaged by a power cut, not being written now
    os.utime(target, (an_hour_ago, an_hour_ago))
    caplog.set_level(logging.WARNING, logger="fabrique_kit")
    kit = _kit(project)
    try:
        frame = kit.render()
        assert frame is not None and frame.display.texts("header.place")  # the screen is drawn
        answer = requests.get(f"http://127.0.0.1:{kit.port}/api/health", timeout=10)
        assert answer.status_code == 200
        counter = kit._parts.sources.by_name["attente"]
        assert counter.take_ticket() >= 1  # the queue works
    finally:
        kit.close()
    if (name, damage) in (("compteurs/attente.sqlite3", "cut"), ("id", "cut")):
        return  # half a SQLite file may be whole pages, half an id is an id: nothing to say
    said = " ".join(r.getMessage() for r in caplog.records) + " " + " ".join(
        str(v.error or "") for v in [kit.state.value("attente")] if v is not None)
    assert any(word in said for word in ("abîm", "illisible", "renouvel", "nouveau", "mis de côté")), said
