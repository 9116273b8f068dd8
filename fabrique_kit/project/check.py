"""``fabrique check``: every problem of a project, before it runs.

The config goes through the same checker as ``fabrique run`` (one schema), then the data
files it names and the script's syntax; then ``main.py`` runs in a dry simulation
(:mod:`.dry_run`: no network, no hardware, no window, a fixed clock) and draws one
screen, so that what ``run`` or ``preview`` would meet is told here first.

Example::

    for problem in check_project("~/hall-maurepas"):
        print(problem)
"""

from __future__ import annotations

from pathlib import Path

from fabrique_kit.config import CONFIG_NAME, check_config
from fabrique_kit.errors import Problem
from fabrique_kit.i18n import _
from fabrique_kit.project.problems import config_problems, declared_item_problems
from fabrique_kit.project.script import find_script
from fabrique_kit.script_errors import syntax_problem

__all__ = ["check_project", "declared_item_problems"]


def check_project(project_dir: str | Path, *, dry_run: bool = True) -> list[Problem]:
    """Every problem of the project: config, the data files it names, the script's syntax,
    then (``dry_run``) what running ``main.py`` once and drawing its screen meets."""
    project_dir = Path(project_dir).resolve()
    problems: list[Problem] = []
    config_path = project_dir / CONFIG_NAME
    config = None
    if config_path.exists():
        config, found = check_config(config_path)
        problems += found
        if config is not None:  # what the kit would refuse: declared items, the place
            problems += config_problems(config)
    elif find_script(project_dir) is None:
        return [
            Problem(
                _("Aucun projet ici : ni main.py ni fabrique.toml."),
                file=str(project_dir),
                hint=_("Créez-en un avec « fabrique new afficheur ».")
            )
        ]
    if config is not None and config.semainier is not None:
        from fabrique_kit.sources.semainier import validate_semainier

        problems += validate_semainier(config.semainier)
    from fabrique_kit.project.questions import check_questions  # the jeu template's questions.toml

    problems += check_questions(project_dir)
    script = find_script(project_dir)
    if script is not None:
        try:
            compile(script.read_text(encoding="utf-8"), str(script), "exec")
        except SyntaxError as error:
            problems.append(syntax_problem(script, error))
    if dry_run and not any(p.severity == "error" for p in problems):
        from fabrique_kit.project.dry_run import dry_run_problems

        problems += dry_run_problems(project_dir)
    return problems
