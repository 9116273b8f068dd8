"""How the ``fabrique`` command asks a project's script to run.

``fabrique run`` and ``fabrique preview`` execute the project's ``main.py``; the
:class:`Kit` the script creates reads these options (simulation forced, port, preview
file...). A script started with ``python main.py`` gets the defaults.
"""

from __future__ import annotations

import contextlib
import weakref
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


# The kits a project's script created, in order (weakly held), and those that have
# started or closed since: the runner starts the others, like Pygame Zero does.
_created: list[weakref.ref] = []
_settled: weakref.WeakSet = weakref.WeakSet()


def note_created(kit) -> None:
    """Remember a kit created now (``Kit()`` calls it).

    Example: ``note_created(kit)``; then ``idle_kits()`` → ``[kit]`` until it starts.
    """
    _created.append(weakref.ref(kit))


def note_settled(kit) -> None:
    """Say that ``kit`` has started or closed: the runner leaves it alone."""
    _settled.add(kit)


def forget_kits() -> None:
    """Forget the kits created so far (before the runner executes a script)."""
    _created.clear()


def created_kits() -> list:
    """The kits created since :func:`forget_kits` that still exist, oldest first."""
    return [kit for kit in (ref() for ref in _created) if kit is not None]


def idle_kits() -> list:
    """The created kits that have neither started nor closed."""
    return [kit for kit in created_kits() if kit not in _settled]
