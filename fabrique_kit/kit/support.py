"""Small helpers of the Kit: finding its config, deciding simulation, signals, errors.

Example: ``previous = install_signal_handlers(kit.stop)``; later ``restore_signal_handlers(previous)``
"""

from __future__ import annotations

import inspect
import logging
import signal
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from fabrique_kit.config import CONFIG_NAME, KitConfig, default_config, load_config
from fabrique_kit.errors import FabriqueError
from fabrique_kit.i18n import _

log = logging.getLogger("fabrique_kit")


def read_config(config: str | Path | None, project_dir: Path | None) -> KitConfig:
    if config is not None:
        return load_config(config)
    if project_dir is None:
        project_dir = caller_dir()
    path = Path(project_dir) / CONFIG_NAME
    return load_config(path) if path.exists() else default_config(project_dir)


def caller_dir() -> Path:
    """The folder of the script that created the kit (or the current folder)."""
    for frame in inspect.stack()[2:]:
        filename = frame.filename
        if filename.startswith("<") or "fabrique_kit" in Path(filename).parts:
            continue
        return Path(filename).resolve().parent
    return Path.cwd()


def language_forced() -> bool:
    from fabrique_kit import i18n

    return i18n._forced is not None


def decide_simulation(explicit: bool | None, option: bool | None, configured: str) -> bool:
    from fabrique_kit.devices import should_simulate

    if explicit is not None:
        return should_simulate(explicit)
    if option is not None:
        return should_simulate(option)
    if configured in ("oui", "non"):
        return should_simulate(configured == "oui")
    return should_simulate(None)


def install_signal_handlers(stop: Callable[[], None]):
    if threading.current_thread() is not threading.main_thread():
        return None
    previous = {}
    for sig in (signal.SIGINT, signal.SIGTERM):
        previous[sig] = signal.signal(sig, lambda *_args: stop())
    return previous


def restore_signal_handlers(previous) -> None:
    if previous:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def say(options, text: str) -> None:
    """Print ``text`` for the person running the kit, unless the run is quiet."""
    if not options.quiet:
        print(text, flush=True)


def quietly(function: Callable[[], Any]) -> None:
    try:
        function()
    except Exception:
        log.exception("while closing")


_hook_installed = False


def install_friendly_errors() -> None:
    """Show a :class:`FabriqueError` raised by a script as a short report, not a traceback."""
    global _hook_installed
    if _hook_installed:
        return
    _hook_installed = True
    previous = sys.excepthook

    def hook(kind, error, tb):
        if isinstance(error, FabriqueError):
            print(_("Erreur :") + "\n" + str(error), file=sys.stderr)
            return
        previous(kind, error, tb)

    sys.excepthook = hook
