"""The supervisor's small helpers: the kit's health probe, its port, the signals.

Example::

    health_ok("http://127.0.0.1:8000/api/health")     # True when the kit answers {"ok": true}
    config_port(Path("versions/3"))                    # 8000
"""

from __future__ import annotations

import json
import signal
import threading
import urllib.request
from pathlib import Path


def health_ok(url: str, timeout: float = 2.0) -> bool:
    """True when ``url`` (``…/api/health``) answers ``{"ok": true}`` within ``timeout``."""
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # never via a proxy
    try:
        with opener.open(url, timeout=timeout) as answer:
            return answer.status == 200 and json.loads(answer.read(64 * 1024)).get("ok") is True
    except (OSError, ValueError, AttributeError):
        return False


def config_port(project_dir: Path, default: int = 8000) -> int:
    """The ``[web] port`` of a project's fabrique.toml (8000 when absent or unreadable)."""
    try:
        from fabrique_kit.config import load_config

        return int(load_config(project_dir / "fabrique.toml").port)
    except Exception:
        return default


def install_signals(supervisor) -> dict | None:
    """SIGTERM and SIGINT stop ``supervisor``, SIGUSR1 wakes it (main thread only); returns the old handlers."""
    if threading.current_thread() is not threading.main_thread():
        return None
    previous = {
        signal.SIGTERM: signal.signal(signal.SIGTERM, lambda *_a: supervisor.stop()),
        signal.SIGINT: signal.signal(signal.SIGINT, lambda *_a: supervisor.stop()),
        signal.SIGUSR1: signal.signal(signal.SIGUSR1, lambda *_a: supervisor.wake()),
    }
    return previous


def restore_signals(previous) -> None:
    """Put back the handlers :func:`install_signals` replaced."""
    for sig, handler in (previous or {}).items():
        signal.signal(sig, handler)
