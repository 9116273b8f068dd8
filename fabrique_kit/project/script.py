"""Finding a project's script: ``main.py``, or the only ``.py`` file of its folder.

Example: ``find_script(Path("~/hall-maurepas"))`` → ``PosixPath('…/main.py')``
"""

from __future__ import annotations

from pathlib import Path

SCRIPT_NAME = "main.py"


def find_script(project_dir: Path) -> Path | None:
    """The project's script: ``main.py``, or the only ``.py`` file of the folder."""
    main = project_dir / SCRIPT_NAME
    if main.exists():
        return main
    scripts = [p for p in project_dir.glob("*.py") if not p.name.startswith("test")]
    return scripts[0] if len(scripts) == 1 else None
