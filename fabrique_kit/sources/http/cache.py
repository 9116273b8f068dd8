"""The last good data of a source, kept on disk so a screen shows it at once at start.

Each source has one small JSON file. It is written with the kit's one atomic write
(:func:`fabrique_kit.files.write_atomically`: a temporary file, flushed to disk, then
renamed over the old one), so a power cut leaves either the old copy or the new one,
never half a file. A file made for another address is ignored.

Example::

    cache = DiskCache(Path("/tmp/cache"), "feed-actus", key="https://example.org/feed")
    cache.save({"value": [1, 2, 3]})
    cache.load()["value"]       # [1, 2, 3]
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import platformdirs

from fabrique_kit.files import write_atomically


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
            write_atomically(self.path, payload)
        except OSError:
            return False
        return True
