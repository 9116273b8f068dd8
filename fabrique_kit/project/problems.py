"""The mistakes ``fabrique check``, ``run`` and ``preview`` tell alike, in the file to edit.

A busy port is a line of ``fabrique.toml`` (``[web] port``), not the ``kit.run()`` of
``main.py``; an unknown ``[semainier] lieu`` is that line too. These functions give
the located problem once, for every command.

Example::

    for problem in place_problems(config):
        print(problem)          # fabrique.toml, ligne 19, champ « semainier.lieu » : …
"""

from __future__ import annotations

from pathlib import Path

from fabrique_kit.config import KitConfig, find_key_line, located
from fabrique_kit.errors import ConfigError, FabriqueError, Problem, field_name
from fabrique_kit.i18n import _


def place_problems(config: KitConfig) -> list[Problem]:
    """``[semainier] lieu`` names no place of the semainier: the problem at that line.

    It asks the same question as the screen (``select_places``), so check and run agree.
    Example: ``place_problems(config)[0].field`` → ``'semainier.lieu'``
    """
    if config.semainier is None or not config.semainier_place or config.path is None:
        return []
    from fabrique_kit.sources.semainier import read_semainier
    from fabrique_kit.sources.semainier.queries import select_places

    semainier, _problems = read_semainier(config.semainier)
    if semainier is None:  # the file's own problems are told by its checker
        return []
    try:
        with located(config, ("semainier", "lieu")):
            select_places(semainier, config.semainier_place)
    except FabriqueError as error:
        problem = error.problems[0]
        problem.hint = (problem.hint or "") + " " + _(
            "Le nom doit être celui d'un lieu de {file} (clé « nom » de « lieux »).", file=config.semainier.name)
        return [problem]
    return []


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


def config_problems(config: KitConfig) -> list[Problem]:
    """What the kit would refuse in a config that reads well: declared items, the place."""
    return declared_item_problems(config) + place_problems(config)


# the run options' name of each web setting, and its key in fabrique.toml
_WEB_KEYS = {"port": ("web", "port"), "host": ("web", "adresse")}


def web_problem_in_config(error: FabriqueError, config_path: Path, from_command_line: set[str]) -> None:
    """Point a web server's problem (a busy port) at ``fabrique.toml [web]``, or at the option.

    ``from_command_line`` holds the settings given as ``--port`` / ``--host``: the fix is
    then on the command line. Changes ``error`` in place.
    Example: a busy 8000 → ``fabrique.toml, ligne 14, champ « web.port »``
    """
    if not error.problems:
        return
    problem = error.problems[0]
    if problem.field not in _WEB_KEYS or (problem.file and Path(problem.file).name != "fabrique.toml"
                                           and Path(problem.file).suffix != ".py"):
        return
    where = _WEB_KEYS[problem.field]
    if problem.field in from_command_line:
        option = "--port" if problem.field == "port" else "--host"
        problem.file, problem.line, problem.field = None, None, option
        return
    text = config_path.read_text(encoding="utf-8", errors="replace") if config_path.exists() else ""
    line = find_key_line(text, where)
    problem.file = str(config_path)
    problem.line = line or find_key_line(text, where[:1])
    problem.field = field_name(where)
    if problem.field == "web.port":
        problem.hint = (problem.hint or "") + " " + (
            _("Dans fabrique.toml, changez la ligne « port = … » de la section [web].") if line else
            _("Dans fabrique.toml, ajoutez une section [web] avec par exemple « port = 8001 ».")
        )


def as_config_error(problems: list[Problem]) -> ConfigError:
    """The problems as one error (what run and preview raise for what check reports)."""
    return ConfigError(problems=problems)
