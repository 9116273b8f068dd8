"""The last good data of a source, kept on disk so a screen shows it at once at start.

Each source has one small JSON file. It is written atomically (a temporary file, flushed
to disk, then renamed over the old one), so a power cut leaves either the old copy or
the new one, never half a file. A file made for another address is ignored.

Example::

    cache = DiskCache(Path("/tmp/cache"), "feed-actus", key="https://example.org/feed")
    cache.save({"value": [1, 2, 3]})
    cache.load()["value"]       # [1, 2, 3]
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from pathlib import Path
from typing import Any

import platformdirs


def default_cache_dir() -> Path:
    """Where sources keep their last good data when no folder is given."""
    return Path(platformdirs.user_cache_dir("fabrique-kit")) / "sources"


class DiskCache:
    """One JSON file holding a source's last good data, tied to ``key`` (its address)."""

    def __init__(self, folder: Path | str, name: str, *, key: str = ""):
        safe = re.sub(r"[^A-Za-z0-9_.-]+", "_", name).strip("._") or "source"
        self.path = Path(folder) / f"{safe}.json"
        self.key = key

    def load(self) -> dict[str, Any] | None:
        """The saved data, or None when there is none, it is unreadable or for another key."""
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if not isinstance(data, dict) or data.get("key") != self.key:
            return None
        return data

    def save(self, data: dict[str, Any]) -> bool:
        """Write ``data`` atomically; False (and nothing changed) if the disk refused."""
        payload = json.dumps({**data, "key": self.key}, ensure_ascii=False, default=str)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=self.path.name, suffix=".tmp")
            try:
                with os.fdopen(fd, "w", encoding="utf-8") as handle:
                    handle.write(payload)
                    handle.flush()
                    os.fsync(handle.fileno())
                os.replace(tmp, self.path)
                _sync_folder(self.path.parent)
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
        except OSError:
            return False
        return True


def _sync_folder(folder: Path) -> None:
    """Flush the folder's entry of the renamed file to disk (where the system allows it)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
