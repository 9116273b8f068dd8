"""A Python mistake in a project's ``main.py``, told as a located, readable problem.

Both the project runner (an error while the script runs) and the kit (an error in the
draw function, later) use it, so it sits below both.

Example::

    try:
        runpy.run_path("main.py")
    except Exception as error:
        raise script_error(Path("main.py"), error) from None
"""

from __future__ import annotations

import ast
import traceback
from pathlib import Path

from fabrique_kit.errors import FabriqueError, did_you_mean
from fabrique_kit.i18n import _


def script_error(script: Path, error: Exception) -> FabriqueError:
    """A Python error raised by the project's script, told as a located, readable problem."""
    frames = [f for f in traceback.extract_tb(error.__traceback__) if Path(f.filename) == script]
    line = frames[-1].lineno if frames else None
    hint = _("Lisez la ligne indiquée : un nom mal écrit, une parenthèse en trop ou en moins ?")
    close = None
    if isinstance(error, NameError) and error.name:
        close = did_you_mean(error.name, [n for n in _names_in(script) if n != error.name])
    elif isinstance(error, AttributeError) and error.name:
        public = [n for n in dir(getattr(error, "obj", None)) if not n.startswith("_")]
        close = did_you_mean(error.name, public)
    if close:
        hint = _("Vouliez-vous dire « {suggestion} » ?", suggestion=close)
    return FabriqueError(
        _("Le script s'est arrêté sur une erreur : {kind}: {detail}", kind=type(error).__name__, detail=error),
        file=str(script),
        line=line,
        hint=hint,
    )


def locate_in_script(error: FabriqueError, script: Path) -> None:
    """Add the script's file and line to a problem raised from it that has no place yet.

    Example: ``locate_in_script(error, Path("main.py"))`` → ``error.problems[0].line == 12``
    """
    frames = [f for f in traceback.extract_tb(error.__traceback__) if Path(f.filename) == script]
    if frames and error.problems and error.problems[0].file is None:
        error.problems[0].file, error.problems[0].line = str(script), frames[-1].lineno


def _names_in(script: Path) -> set[str]:
    """The names a script defines or imports (for "did you mean" suggestions)."""
    try:
        tree = ast.parse(script.read_text(encoding="utf-8"))
    except (OSError, SyntaxError):
        return set()
    names = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)}
    names |= {n.name for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.ClassDef)}
    names |= {a.asname or a.name for n in ast.walk(tree) if isinstance(n, ast.Import | ast.ImportFrom)
              for a in n.names}
    return names
