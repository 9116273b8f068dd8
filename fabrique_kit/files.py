"""Replacing a file safely: the one atomic write of the kit.

A hall screen loses power without warning. Every file the kit replaces (the
semainier, a cache, the mediators' PIN, a deploy's status...) is written to a temporary
file in the same folder, flushed to the disk (``fsync``), renamed over the old one in
one step (``os.replace``), and the folder itself is flushed so the rename survives the
power cut. A reader, or the kit after a power cut, sees the old file or the new one,
never half of one.

Example::

    from fabrique_kit.files import write_atomically, write_json_atomically

    write_atomically("donnees/message.txt", "Fermé lundi")
    write_json_atomically("donnees/etat.json", {"appel": 42})
    write_atomically("cle.txt", "secret", mode=0o600)     # readable by the kit's user only
    remove_leftovers(".fabrique", recursive=True)        # at start: what a kill left behind
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
import time
from pathlib import Path
from typing import Any

LEFTOVER_AGE = 5.0
"""Seconds after which a temporary file of a write is surely a leftover (a write takes ms)."""


def sync_folder(folder: str | Path) -> None:
    """Flush a folder's entries to the disk (so a rename in it survives a power cut).

    Example: ``sync_folder("donnees")``
    """
    with contextlib.suppress(OSError):  # some file systems cannot open or sync a folder
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def write_atomically(path: str | Path, data: str | bytes, *, mode: int | None = None,
                     encoding: str = "utf-8") -> Path:
    """Replace ``path`` with ``data`` (text or bytes) in one step; returns the path.

    ``mode`` sets the new file's permissions (``0o600``: the kit's user only); by
    default the file gets the usual permissions (0o644 with the common umask). The
    folder is created if needed. On any error the old file is left as it was and the
    temporary file is removed.

    Example: ``write_atomically("semainier.json", text)``
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    payload = data.encode(encoding) if isinstance(data, str) else data
    fd, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, mode if mode is not None else 0o666 & ~UMASK)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    sync_folder(target.parent)
    return target


def write_json_atomically(path: str | Path, data: Any, *, indent: int | None = 1,
                          mode: int | None = None) -> Path:
    """:func:`write_atomically` of ``data`` as UTF-8 JSON (accents kept as they are).

    Example: ``write_json_atomically("deploy/status.json", {"state": "idle"})``
    """
    text = json.dumps(data, ensure_ascii=False, indent=indent, default=str)
    return write_atomically(path, text + "\n", mode=mode)


def is_leftover(path: Path) -> bool:
    """Whether ``path`` is a temporary file of :func:`write_atomically` (``.<name>.<random>.tmp``).

    Example: ``is_leftover(Path(".semainier.json.k2j4x_1q.tmp"))`` → ``True``
    """
    name = path.name
    return name.startswith(".") and name.endswith(".tmp") and name.count(".") >= 3


def remove_leftovers(folder: str | Path, *, recursive: bool = False, older_than: float = LEFTOVER_AGE) -> list[Path]:
    """Remove the temporary files a killed write left in ``folder``; returns them.

    A write that is cut (power failure, ``kill -9``) leaves its temporary file beside
    the file it was replacing, which stays whole. Only files named as
    :func:`write_atomically` names them, and older than ``older_than`` seconds (a write
    takes milliseconds: one still under way is never touched), are removed.

    Example: ``remove_leftovers(".fabrique", recursive=True)`` → ``[Path(".fabrique/.id.x1.tmp")]``
    """
    root = Path(folder)
    if not root.is_dir():
        return []
    removed = []
    now = time.time()
    candidates = root.rglob(".*.tmp") if recursive else root.glob(".*.tmp")
    for path in candidates:
        try:
            if is_leftover(path) and path.is_file() and now - path.stat().st_mtime > older_than:
                path.unlink()
                removed.append(path)
        except OSError:  # gone already, or not ours to remove
            continue
    return removed


def _read_umask() -> int:
    """The process's umask (read once, at import: reading it means setting it)."""
    current = os.umask(0o022)
    os.umask(current)
    return current


UMASK = _read_umask()
