"""A kit project on disk: create it from a template, run its script, check it.

The CLI and the web app call these; they hold no logic of their own.

Example::

    from fabrique_kit.project import check_project, new_project, run_project
    new_project("afficheur", "hall")
    assert check_project("hall") == []
    run_project("hall", mode="preview", png="hall.png")
"""

from fabrique_kit.project.check import check_project
from fabrique_kit.project.new import TEMPLATES_DIR, Template, new_project, templates
from fabrique_kit.project.run import run_project
from fabrique_kit.project.script import SCRIPT_NAME, find_script
from fabrique_kit.script_errors import locate_in_script, script_error

__all__ = [
    "SCRIPT_NAME",
    "TEMPLATES_DIR",
    "Template",
    "check_project",
    "find_script",
    "locate_in_script",
    "new_project",
    "run_project",
    "script_error",
    "templates",
]
