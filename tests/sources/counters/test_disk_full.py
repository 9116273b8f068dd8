"""A full disk, for real: the kit's data on a 2 MB tmpfs, filled, then a ticket pressed.

The person pressing the button reads why on the hall screen (the frame's display list),
the API answers 507 with a French reason, and the kit starts again while the disk is
still full, to say it.
"""

from __future__ import annotations

import contextlib
import errno
import os
import subprocess
from pathlib import Path

import pytest

from fabrique_kit.clock import FakeClock
from fabrique_kit.errors import DiskFullError
from fabrique_kit.net.kit_api import KitApi
from fabrique_kit.project import new_project, run_project
from fabrique_kit.sources.counters import Counter
from tests.waiting import wait_until


@pytest.fixture
def tiny_disk(tmp_path):
    """A real 2 MB tmpfs (we are root here); skipped, with the reason, where it cannot be mounted."""
    mount_point = tmp_path / "disque"
    mount_point.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(mount_point)],
                          capture_output=True, text=True, check=False)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a 2 MB tmpfs here (needs root): {done.stderr.strip()}")
    try:
        yield mount_point
    finally:
        subprocess.run(["umount", "-l", str(mount_point)], check=False)


def fill(folder: Path) -> Path:
    """Write a file until the disk says it is full (down to the last byte); returns it."""
    filler = folder / "remplissage.bin"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT, 0o644)
    try:
        for size in (65536, 4096, 1):
            with contextlib.suppress(OSError):
                while True:
                    os.write(fd, b"\0" * size)
    finally:
        os.close(fd)
    with pytest.raises(OSError) as full:
        (folder / "encore").write_bytes(b"x" * 8192)
    assert full.value.errno == errno.ENOSPC
    return filler


def status_texts(kit) -> str:
    frame = kit.web.latest_frame()
    return " ".join(frame.display.texts("status")) if frame is not None else ""


def start(project: Path, clock):
    kit = run_project(project, mode="load", quiet=True, simulate=True, port=0, clock=clock)
    kit.start()
    return kit


def test_a_full_disk_is_told_on_the_screen_and_by_the_api(tiny_disk):
    project = new_project("afficheur", tiny_disk / "afficheur")  # with its own site key
    config = project / "fabrique.toml"  # never announced on this machine's network
    config.write_text(config.read_text(encoding="utf-8") + "\n[reseau]\ndecouverte = false\n", encoding="utf-8")
    clock = FakeClock("2026-11-23 10:00")
    kit = start(project, clock)
    key = kit.site_key
    try:
        queue = kit.counter("attente")
        assert queue.take_ticket() == 1  # room left: it works
        fill(tiny_disk)
        button = next(c["id"] for c in kit.web.controls() if c["label"] == "Prendre un ticket")
        kit.web.press(button)
        kit.web.release(button)
        wait_until(lambda: "Carte mémoire pleine" in status_texts(kit), timeout=10)
        assert "Adressez-vous" in status_texts(kit)  # the whole sentence is drawn
        assert "sqlite" not in status_texts(kit).lower() and "/" not in status_texts(kit)  # no path, no Python
        assert "Carte mémoire pleine" in queue.public_notice
        assert "pleine" in kit.state.value("attente").error  # the admin and the preview say it too
        with pytest.raises(DiskFullError):
            queue.take_ticket()
        answer = KitApi(key).send("POST", f"http://127.0.0.1:{kit.port}/api/actions/attente.take_ticket",
                                  json={}, signed=True)
        assert answer.status == 507
        assert answer.body["error"].startswith("La carte mémoire du kit est pleine")
        assert answer.body["error_en"].startswith("The kit's memory card is full")
        assert "fabrique doctor" in answer.body["hint"]
        assert queue.status().last_ticket == 1  # nothing half-written
    finally:
        kit.close()
    kit = start(project, clock)  # the disk is still full: the kit starts to say it
    try:
        queue = kit.counter("attente")
        assert queue.status().last_ticket == 1
        with pytest.raises(DiskFullError):
            queue.take_ticket()
        wait_until(lambda: "Carte mémoire pleine" in status_texts(kit), timeout=10)
    finally:
        kit.close()
    os.unlink(tiny_disk / "remplissage.bin")  # room again: the next ticket is 2, the message goes
    queue = Counter("attente", db_path=project / ".fabrique" / "compteurs" / "attente.sqlite3", clock=clock)
    assert queue.take_ticket() == 2 and queue.public_notice is None
    queue.close()


def test_a_counter_on_a_full_disk_starts_and_says_it(tiny_disk):
    fill(tiny_disk)
    queue = Counter("attente", db_path=tiny_disk / "compteurs" / "attente.sqlite3", clock=FakeClock())
    assert "Carte mémoire pleine" in queue.public_notice
    assert queue.status().waiting == 0 and queue.status().last_ticket is None
    with pytest.raises(DiskFullError):
        queue.take_ticket()
    queue.close()
