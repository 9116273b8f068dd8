"""The one atomic write: old file or new file, never half of one, even after kill -9."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from fabrique_kit.files import write_atomically, write_json_atomically

ROOT = Path(__file__).resolve().parents[2]


def test_text_bytes_and_json_replace_the_file(tmp_path):
    path = tmp_path / "sous-dossier" / "message.txt"
    assert write_atomically(path, "Fermé lundi") == path
    assert path.read_text(encoding="utf-8") == "Fermé lundi"
    write_atomically(path, b"\x00\x01")
    assert path.read_bytes() == b"\x00\x01"
    write_json_atomically(tmp_path / "etat.json", {"appel": 42, "lieu": "Cleunay"})
    assert json.loads((tmp_path / "etat.json").read_text(encoding="utf-8")) == {"appel": 42, "lieu": "Cleunay"}
    assert "Cleunay" in (tmp_path / "etat.json").read_text(encoding="utf-8")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["etat.json", "sous-dossier"]  # no temporary left


def test_permissions(tmp_path):
    private = write_atomically(tmp_path / "cle.txt", "secret", mode=0o600)
    assert private.stat().st_mode & 0o777 == 0o600
    usual = write_atomically(tmp_path / "public.txt", "x")
    assert usual.stat().st_mode & 0o777 == 0o666 & ~_umask()


def _umask() -> int:
    from fabrique_kit.files import UMASK

    return UMASK


def test_a_failed_write_leaves_the_old_file(tmp_path, monkeypatch):
    path = tmp_path / "semainier.json"
    write_atomically(path, "ancien")

    def refuse(*_args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", refuse)  # the disk is full when the data is flushed
    with pytest.raises(OSError):
        write_atomically(path, "nouveau")
    assert path.read_text(encoding="utf-8") == "ancien"
    assert [p.name for p in tmp_path.iterdir()] == ["semainier.json"]


WRITER = """
import sys
from fabrique_kit.files import write_atomically
path = sys.argv[1]
n = 0
print("GO", flush=True)
while True:
    n += 1
    write_atomically(path, (str(n) + "\\n") * 50_000)
"""


def test_kill_9_in_the_middle_leaves_a_whole_file(tmp_path):
    path = tmp_path / "compteur.txt"
    write_atomically(path, "0\n" * 50_000)
    for delay in (0.05, 0.13, 0.29):
        writer = subprocess.Popen([sys.executable, "-c", WRITER, str(path)], cwd=ROOT,
                                  stdout=subprocess.PIPE, text=True)
        assert writer.stdout.readline().strip() == "GO"
        time.sleep(delay)
        writer.send_signal(signal.SIGKILL)
        writer.wait(timeout=10)
        lines = path.read_text(encoding="utf-8").splitlines()
        assert len(lines) == 50_000 and len(set(lines)) == 1, "a half-written file"


def test_temporary_files_left_by_a_kill_are_removed_at_start(tmp_path):
    """A kill during writes leaves temporary files; the next start of the kit removes them."""
    from fabrique_kit import Kit
    from fabrique_kit.files import remove_leftovers
    from fabrique_kit.project import new_project
    from fabrique_kit.run_options import run_options

    project = new_project("afficheur", tmp_path / "afficheur")
    path = project / ".fabrique" / "cache" / "compteur.txt"
    write_atomically(path, "0\n" * 50_000)
    killed = 0
    for delay in (0.05, 0.1, 0.2, 0.3, 0.4):  # kill -9 while it writes, again and again
        writer = subprocess.Popen([sys.executable, "-c", WRITER, str(path)], cwd=ROOT,
                                  stdout=subprocess.PIPE, text=True)
        assert writer.stdout.readline().strip() == "GO"
        time.sleep(delay)
        writer.send_signal(signal.SIGKILL)
        writer.wait(timeout=10)
        killed += 1
    planted = [project / ".semainier.json.a1b2c3d4.tmp", project / ".fabrique" / ".id.zz9y8x7w.tmp"]
    for leftover in planted:
        leftover.parent.mkdir(parents=True, exist_ok=True)
        leftover.write_text("{ half of a fi", encoding="utf-8")
    mine = project / "notes.tmp"  # not named like a write's temporary file: never touched
    mine.write_text("à moi", encoding="utf-8")
    fresh = project / ".fabrique" / ".etat.json.q1w2e3r4.tmp"  # a write under way: too young to be a leftover
    fresh.write_text("{", encoding="utf-8")
    old = time.time() - 60
    leftovers = [p for p in project.rglob(".*.tmp") if p != fresh]
    assert len(leftovers) >= 2 and killed == 5
    for leftover in leftovers:
        os.utime(leftover, (old, old))
    with run_options(project_dir=project, simulate=True, quiet=True, network=False):
        kit = Kit()
    kit.start()
    try:
        assert [p for p in project.rglob(".*.tmp")] == [fresh]
        assert mine.exists() and len(path.read_text(encoding="utf-8").splitlines()) == 50_000
    finally:
        kit.close()
    os.utime(fresh, (old, old))
    assert remove_leftovers(project, recursive=True) == [fresh]
