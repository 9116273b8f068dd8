"""Running a project like ``fabrique run`` (or ``preview``, or ``load`` for tests and tools).

The script's ``kit.run()`` obeys the run options; a script that creates a kit and never
calls ``run()`` is run anyway, like Pygame Zero does.

Example::

    from fabrique_kit.project import run_project
    kit = run_project("~/hall-maurepas", mode="load", network=False)
"""

from __future__ import annotations

import contextlib
import runpy
import sys
from pathlib import Path

from fabrique_kit.config import CONFIG_NAME, KitConfig, check_config
from fabrique_kit.errors import FabriqueError
from fabrique_kit.i18n import _
from fabrique_kit.kit import Kit
from fabrique_kit.project.dry_run import render_problems
from fabrique_kit.project.messages import print_kept, reachability_line, told_once
from fabrique_kit.project.problems import config_problems, web_problem_in_config
from fabrique_kit.project.script import find_script
from fabrique_kit.run_options import created_kits, forget_kits, idle_kits, run_options
from fabrique_kit.script_errors import locate_in_script, script_error, syntax_problem


def run_project(project_dir: str | Path, **options):
    """Run the project in ``project_dir`` like ``fabrique run`` (or ``preview`` with mode=...).

    The script's ``kit.run()`` obeys the options; a script that creates a kit and never
    calls ``run()`` is run anyway, like Pygame Zero does. Its mistakes are told in the
    file to edit (see :mod:`.problems`), the same way ``fabrique check`` tells them.
    """
    project_dir = Path(project_dir).resolve()
    if not project_dir.is_dir():
        raise FabriqueError(_("Le dossier {path} n'existe pas.", path=project_dir))
    script = find_script(project_dir)
    config = project_dir / CONFIG_NAME
    if script is None and not config.exists():
        raise FabriqueError(
            _("Aucun projet dans {path} : ni main.py ni fabrique.toml.", path=project_dir),
            hint=_("Créez-en un avec « fabrique new afficheur {path} ».", path=project_dir),
        )
    loaded = _refuse_what_check_refuses(config)
    if options.get("mode", "run") == "run" and options.get("network", True) and not options.get("quiet"):
        print(reachability_line(loaded, options.get("host")), flush=True)
    given = {name for name in ("port", "host") if options.get(name) is not None}
    quiet_logs = options.get("mode") in ("load", "preview")
    with told_once(keep=quiet_logs) as told, run_options(project_dir=project_dir, **options):
        try:
            kit = _run_script(project_dir, script, config, options)
        except FabriqueError as error:
            _close_created()  # a kit stopped by a mistake gives its pins and threads back
            web_problem_in_config(error, config, given)
            if options.get("mode") == "preview":
                print_kept(told, already_told=str(error))
            raise
        except BaseException:
            _close_created()
            raise
        if options.get("mode") == "preview":
            problems = [p for k in created_kits() for p in render_problems(k, script)]
            told_text = "\n".join(str(p) for p in problems)
            print_kept(told, already_told=told_text)
            if problems:  # the picture is written; a block that failed is still a mistake
                raise FabriqueError(problems=problems)
        return kit


def _close_created() -> None:
    """Close the kits the script created (closing twice is harmless)."""
    for created in created_kits():
        with contextlib.suppress(Exception):  # closing after a mistake never hides the mistake
            created.close()


def _refuse_what_check_refuses(config_path: Path) -> KitConfig | None:
    """Stop before the script runs on a config the kit could not use (the place, mostly)."""
    if not config_path.exists():
        return None
    config, _found = check_config(config_path)
    if config is None:  # the kit tells these itself, located, when it reads the file
        return None
    problems = config_problems(config)
    if problems:
        raise FabriqueError(problems=problems)
    return config


def _run_script(project_dir: Path, script: Path | None, config: Path, options: dict):
    if script is None:
        kit = Kit(config)
        kit.run()
        return kit
    forget_kits()
    sys.path.insert(0, str(project_dir))
    try:
        runpy.run_path(str(script), run_name="__main__")
    except SyntaxError as error:
        raise FabriqueError(problems=[syntax_problem(script, error)]) from None
    except FabriqueError as error:
        locate_in_script(error, script)
        raise
    except (KeyboardInterrupt, SystemExit):
        raise
    except Exception as error:  # a beginner's mistake in main.py: say where, not a traceback
        raise script_error(script, error) from None
    finally:
        if sys.path and sys.path[0] == str(project_dir):
            sys.path.pop(0)
    kits = created_kits()
    if options.get("mode") != "load":
        for kit in idle_kits():
            kit.run()
    return kits[0] if kits else None
