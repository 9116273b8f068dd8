"""``fabrique check``: every problem of a project, before it runs.

The config goes through the same checker as ``fabrique run`` (one schema), then the data
files it names and the script's syntax.

Example::

    for problem in check_project("~/hall-maurepas"):
        print(problem)
"""

from __future__ import annotations

from pathlib import Path

from fabrique_kit.config import CONFIG_NAME, KitConfig, check_config, located
from fabrique_kit.errors import FabriqueError, Problem
from fabrique_kit.i18n import _
from fabrique_kit.project.script import find_script


def check_project(project_dir: str | Path) -> list[Problem]:
    """Every problem of the project: config, the data files it names, the script's syntax."""
    project_dir = Path(project_dir).resolve()
    problems: list[Problem] = []
    config_path = project_dir / CONFIG_NAME
    config = None
    if config_path.exists():
        config, found = check_config(config_path)
        problems += found
        if config is not None:  # what the kit would refuse when it builds the declared items
            problems += declared_item_problems(config)
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
            problems.append(
                Problem(
                    _("Faute de syntaxe : {detail}", detail=error.msg),
                    file=str(script),
                    line=error.lineno,
                    hint=_("Regardez la ligne indiquée et celle d'avant (parenthèse, guillemet ou deux-points oubliés ?)."),
                )
            )
    return problems


def declared_item_problems(config: KitConfig) -> list[Problem]:
    """The declared items' mistakes the kit would refuse at start (key names), located.

    Example: ``[[boutons]] touche = "espaec"`` → a problem at that line, with a suggestion.
    """
    from fabrique_kit.devices import normalise_key_name

    problems: list[Problem] = []
    for i, button in enumerate(config.buttons):
        if button.key:
            try:
                with located(config, ("boutons", i, "touche")):
                    normalise_key_name(button.key)
            except FabriqueError as error:
                problems += error.problems
    return problems
