"""How the ``fabrique`` command asks a project's script to run.

``fabrique run`` and ``fabrique preview`` execute the project's ``main.py``; the
:class:`Kit` the script creates reads these options (simulation forced, port, preview
file...). A script started with ``python main.py`` gets the defaults.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from pathlib import Path

from fabrique_kit.clock import Clock


@dataclass
class RunOptions:
    mode: str = "run"  # "run": until stopped; "preview": one frame to a PNG, no servers;
    # "load": build the kit and return at once (tests and tools drive it themselves)
    simulate: bool | None = None
    port: int | None = None
    host: str | None = None
    output: str | None = None
    png: Path | None = None
    layout: Path | None = None  # preview: where to write the display list (JSON)
    size: tuple[int, int] | None = None  # the screen's size, instead of the config's
    project_dir: Path | None = None
    network: bool = True
    quiet: bool = False
    clock: Clock | None = None  # a FakeClock for tests and rehearsals


_current = RunOptions()


def current() -> RunOptions:
    """The options in force for kits created now."""
    return _current


@contextlib.contextmanager
def run_options(**values):
    """Create kits with these options inside the block (used by the CLI and tests)."""
    global _current
    previous = _current
    _current = RunOptions(**values)
    try:
        yield _current
    finally:
        _current = previous
