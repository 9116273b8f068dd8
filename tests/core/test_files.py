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
