"""``fabrique check``'s dry run: the project's ``main.py`` run once, as ``run`` would, in a sandbox.

The script runs in a scratch copy of the project (its counters and secrets untouched,
nothing written in the folder), with simulated pins, no web server, no zeroconf, no
window, a fixed clock, and no network (a name lookup fails at once in this thread);
then its screen is drawn once, in memory. Every mistake met on the way is a located problem, the same
one ``run`` and ``preview`` tell (:func:`render_problems` is shared with ``preview``).

Example::

    for problem in dry_run_problems("~/hall-maurepas"):
        print(problem)       # main.py, ligne 21 : … le nom « scren » n'est défini nulle part …
"""

from __future__ import annotations

import ast
import contextlib
import shutil
import socket
import tempfile
import threading
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

from fabrique_kit.errors import FabriqueError, Problem
from fabrique_kit.i18n import _

# not copied into the scratch folder: the kit's data (counters, secrets), caches, tools
NOT_COPIED = (".fabrique", ".git", ".venv", "__pycache__", "node_modules")
_offline = threading.local()
_guard_lock = threading.Lock()
_original_getaddrinfo = socket.getaddrinfo


def _guarded_getaddrinfo(*args, **kwargs):
    if getattr(_offline, "on", False):
        raise socket.gaierror(socket.EAI_NONAME, _("pas de réseau pendant fabrique check"))
    return _original_getaddrinfo(*args, **kwargs)


@contextlib.contextmanager
def no_network() -> Iterator[None]:
    """In this thread, inside the block, every connection fails at once (its name lookup).

    Other threads are not touched. Example: ``with no_network(): requests.get(url)`` → error.
    """
    with _guard_lock:
        if socket.getaddrinfo is not _guarded_getaddrinfo:
            socket.getaddrinfo = _guarded_getaddrinfo
    before = getattr(_offline, "on", False)
    _offline.on = True
    try:
        yield
    finally:
        _offline.on = before


@contextlib.contextmanager
def own_pins() -> Iterator[None]:
    """Simulated pins of its own for the dry run: a kit running in this process keeps its pins.

    Example: ``with own_pins(): Kit()`` takes GPIO17 even while another kit holds it.
    """
    from gpiozero import Device

    from fabrique_kit.devices.board import simulated_factory

    with _guard_lock:
        before, Device.pin_factory = Device.pin_factory, simulated_factory()
    try:
        yield
    finally:
        with _guard_lock:
            Device.pin_factory = before


DRY_RUN_SECONDS = 20  # main.py runs once, it must not loop for ever at its top level


class _TooLong(BaseException):  # not an Exception: the script runner must not catch it
    """main.py did not finish within DRY_RUN_SECONDS."""


@contextlib.contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Interrupt the block after ``seconds`` (main thread only: elsewhere, no limit).

    Example: ``with time_limit(20): exec(code)`` raises ``_TooLong`` on a ``while True``.
    """
    import signal

    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return

    def interrupt(_signum, _frame):
        raise _TooLong()

    previous = signal.signal(signal.SIGALRM, interrupt)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _endless(error: _TooLong, script: Path | None, copy: Path, project_dir: Path) -> list[Problem]:
    import traceback

    line = None
    if script is not None:
        frames = [f for f in traceback.extract_tb(error.__traceback__) if Path(f.filename) == script]
        line = frames[-1].lineno if frames else None
    name = script.name if script is not None else "main.py"
    problem = Problem(
        _("{name} ne s'arrête pas : fabrique check l'a interrompu après {seconds} s.", name=name,
          seconds=DRY_RUN_SECONDS),
        file=str(project_dir / name), line=line,
        hint=_("Une boucle sans fin (« while True ») en dehors d'une fonction empêche le kit de démarrer : "
               "mettez ce qui se répète dans une fonction décorée par @kit.every(\"10 s\")."),
    )
    return [problem]


def dry_run_problems(project_dir: str | Path) -> list[Problem]:
    """What running the project and drawing its screen once meets, located.

    Example: ``dry_run_problems("hall")`` → ``[]`` for a project that runs.
    """
    from fabrique_kit.clock import FakeClock
    from fabrique_kit.project.messages import told_once
    from fabrique_kit.project.run import run_project
    from fabrique_kit.project.script import find_script
    from fabrique_kit.run_options import created_kits

    project_dir = Path(project_dir).resolve()
    clock = FakeClock(datetime.now().replace(second=0, microsecond=0))
    problems: list[Problem] = []
    with tempfile.TemporaryDirectory(prefix="fabrique-check-") as scratch:
        copy = Path(scratch) / project_dir.name  # the same folder name: the kit's default name
        shutil.copytree(project_dir, copy, symlinks=True, ignore=shutil.ignore_patterns(*NOT_COPIED))
        script = find_script(copy)
        with told_once(keep=True), no_network(), own_pins():
            try:
                with time_limit(DRY_RUN_SECONDS):
                    run_project(copy, mode="load", simulate=True, network=False, quiet=True, clock=clock)
            except _TooLong as error:
                return _endless(error, script, copy, project_dir)
            except FabriqueError as error:
                return _back_home(error.problems, copy, project_dir)
            except SystemExit:
                return []
            kits = created_kits()
            try:
                for kit in kits:
                    kit.render(force=True)
                    problems += render_problems(kit, script)
            finally:
                for kit in kits:
                    with contextlib.suppress(Exception):
                        kit.close()
        return _back_home(problems, copy, project_dir)


def _back_home(problems: list[Problem], copy: Path, project_dir: Path) -> list[Problem]:
    """The problems met in the scratch copy, told with the project's own paths."""
    def home(text: str | None) -> str | None:
        return text.replace(str(copy), str(project_dir)) if text else text

    for problem in problems:
        problem.file, problem.hint = home(problem.file), home(problem.hint)
        problem.message = home(problem.message) or problem.message
    return problems


def render_problems(kit, script: Path | None) -> list[Problem]:
    """The mistakes of the kit's last drawing: its draw function's, then each failed block's.

    ``preview`` raises them; ``check`` lists them. Example: an unknown ``screen.widget("departz")``
    → ``main.py, ligne 24 : Aucun module installé ne fournit le bloc « departz ». …``
    """
    from fabrique_kit.script_errors import locate_in_script

    problems: list[Problem] = []
    if kit.draw_error is not None:
        if script is not None:
            locate_in_script(kit.draw_error, script)
        problems += kit.draw_error.problems
    frame = kit.renderer.latest
    prefix = _("Erreur dans la fonction de dessin : {error}", error="")
    for text in (frame.errors if frame is not None else []):
        if text.startswith(prefix):
            continue  # the draw function's own mistake, told above
        problems.append(Problem(text, file=str(script) if script else None,
                                line=_widget_line(script, text) if script else None,
                                hint=_("Vérifiez le nom du bloc et ses paramètres ; « fabrique modules » "
                                       "liste les blocs installés.")))
    return problems


def _widget_line(script: Path, text: str) -> int | None:
    """The line of the ``screen.widget("name", ...)`` call whose name the message quotes."""
    try:
        tree = ast.parse(script.read_text(encoding="utf-8"))
    except (OSError, SyntaxError, ValueError):
        return None
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "widget"):
            continue
        name = node.args[0].value if node.args and isinstance(node.args[0], ast.Constant) else None
        if isinstance(name, str) and (f"« {name} »" in text or f" {name} " in text):
            return node.lineno
    return None
