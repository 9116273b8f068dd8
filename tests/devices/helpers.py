"""Small helpers shared by the devices tests."""

from __future__ import annotations

import time
from pathlib import Path


def make_root(tmp_path: Path, files: dict[str, str]) -> Path:
    """A fake ``/``: ``{"proc/device-tree/model": "Raspberry Pi 5...", ...}``."""
    for relative, text in files.items():
        path = tmp_path / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return tmp_path


def wait_until(condition, timeout: float = 2.0) -> bool:
    """Wait for ``condition()`` to become true (for gpiozero's background threads)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.005)
    return condition()


def reservations_empty(factory) -> bool:
    """True when gpiozero's factory holds no live reservation on any pin."""
    return all(ref() is None for refs in factory._reservations.values() for ref in refs)
