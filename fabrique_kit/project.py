"""A kit project on disk: find it, create it from a template, run its script, check it.

The CLI and the web app call these; they hold no logic of their own.
"""

from __future__ import annotations

import runpy
import secrets
import shutil
import string
import sys
import tomllib
import weakref
from dataclasses import dataclass
from pathlib import Path

from fabrique_kit.config import CONFIG_NAME, check_config
from fabrique_kit.errors import FabriqueError, Problem
from fabrique_kit.i18n import _, get_language

TEMPLATES_DIR = Path(__file__).parent / "templates"
SCRIPT_NAME = "main.py"
IGNORED_WHEN_EMPTY = {".DS_Store", ".git"}

_created_kits: weakref.WeakSet = weakref.WeakSet()


def register_kit(kit) -> None:
    """Remember a kit created by a project's script (so the runner can start it)."""
    _created_kits.add(kit)


@dataclass(frozen=True)
class Template:
    """A project template: a folder that ``fabrique new`` copies."""

    name: str
    folder: Path
    description_fr: str
    description_en: str
    extra_files: dict

    @property
    def description(self) -> str:
        return self.description_en if get_language() == "en" else self.description_fr


def templates() -> dict[str, Template]:
    """The templates shipped with fabrique-kit, by name."""
    found = {}
    for manifest in sorted(TEMPLATES_DIR.glob("*/modele.toml")):
        data = tomllib.loads(manifest.read_text(encoding="utf-8"))
        name = manifest.parent.name
        found[name] = Template(
            name=name,
            folder=manifest.parent,
            description_fr=data.get("description", ""),
            description_en=data.get("description_en", data.get("description", "")),
            extra_files=data.get("fichiers", {}),
        )
    from fabrique_kit.modules import contributed_templates

    for name, item in contributed_templates().items():  # templates of installed modules
        found.setdefault(name, Template(name, item.folder, item.description_fr, item.description_en, {}))
    return found


def new_project(template: str, target: str | Path, *, name: str | None = None) -> Path:
    """Create a project from ``template`` in ``target`` (which must be empty or absent)."""
    available = templates()
    if template not in available:
        from fabrique_kit.errors import suggestion_hint

        raise FabriqueError(
            _("Le modèle « {name} » n'existe pas.", name=template),
            hint=suggestion_hint(template, available),
        )
    target = Path(target)
    if target.exists() and not target.is_dir():
        raise FabriqueError(_("{path} est un fichier, pas un dossier.", path=target))
    if target.exists() and [p for p in target.iterdir() if p.name not in IGNORED_WHEN_EMPTY]:
        raise FabriqueError(
            _("Le dossier {path} n'est pas vide : rien n'a été écrit.", path=target),
            hint=_("Choisissez un nouveau dossier, par exemple « fabrique new {template} mon-projet ».", template=template),
        )
    chosen = available[template]
    values = {
        "nom": name or target.resolve().name,
        "cle": secrets.token_urlsafe(24),
        "modele": template,
    }
    target.mkdir(parents=True, exist_ok=True)
    for source in sorted(chosen.folder.rglob("*")):
        relative = source.relative_to(chosen.folder)
        if source.name == "modele.toml" or "__pycache__" in relative.parts:
            continue
        destination = target / relative
        if source.is_dir():
            destination.mkdir(parents=True, exist_ok=True)
            continue
        if source.suffix in (".toml", ".md", ".py", ".txt"):
            text = string.Template(source.read_text(encoding="utf-8")).safe_substitute(values)
            destination.write_text(text, encoding="utf-8")
        else:
            shutil.copyfile(source, destination)
    package = Path(__file__).parent
    for name_in_project, packaged in chosen.extra_files.items():
        shutil.copyfile(package / packaged, target / name_in_project)
    return target


def find_script(project_dir: Path) -> Path | None:
    """The project's script: ``main.py``, or the only ``.py`` file of the folder."""
    main = project_dir / SCRIPT_NAME
    if main.exists():
        return main
    scripts = [p for p in project_dir.glob("*.py") if not p.name.startswith("test")]
    return scripts[0] if len(scripts) == 1 else None


def run_project(project_dir: str | Path, **options):
    """Run the project in ``project_dir`` like ``fabrique run`` (or ``preview`` with mode=...).

    The script's ``kit.run()`` obeys the options; a script that creates a kit and never
    calls ``run()`` is run anyway, like Pygame Zero does.
    """
    from fabrique_kit.kit import Kit
    from fabrique_kit.run_options import run_options

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
    with run_options(project_dir=project_dir, **options):
        if script is None:
            kit = Kit(config)
            kit.run()
            return kit
        _created_kits.clear()
        sys.path.insert(0, str(project_dir))
        try:
            runpy.run_path(str(script), run_name="__main__")
        except SyntaxError as error:
            raise FabriqueError(
                _("Le script contient une faute de syntaxe : {detail}", detail=error.msg),
                file=str(script),
                line=error.lineno,
                hint=_("Regardez la ligne indiquée et celle d'avant (parenthèse, guillemet ou deux-points oubliés ?)."),
            ) from None
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
        kits = list(_created_kits)
        for kit in kits:
            if not kit._closed and not kit._running and options.get("mode") != "load":
                kit.run()
        return kits[0] if kits else None


def script_error(script: Path, error: Exception) -> FabriqueError:
    """A Python error raised by the project's script, told as a located, readable problem."""
    import traceback

    from fabrique_kit.errors import did_you_mean

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
    """Add the script's file and line to a problem raised from it that has no place yet."""
    import traceback

    frames = [f for f in traceback.extract_tb(error.__traceback__) if Path(f.filename) == script]
    if frames and error.problems and error.problems[0].file is None:
        error.problems[0].file, error.problems[0].line = str(script), frames[-1].lineno


def _names_in(script: Path) -> set[str]:
    """The names a script defines or imports (for "did you mean" suggestions)."""
    import ast

    try:
        tree = ast.parse(script.read_text(encoding="utf-8"))
    except (OSError, SyntaxError):
        return set()
    names = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)}
    names |= {n.name for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.ClassDef)}
    names |= {a.asname or a.name for n in ast.walk(tree) if isinstance(n, ast.Import | ast.ImportFrom)
              for a in n.names}
    return names


def check_project(project_dir: str | Path) -> list[Problem]:
    """Every problem of the project: config, the data files it names, the script's syntax."""
    project_dir = Path(project_dir).resolve()
    problems: list[Problem] = []
    config_path = project_dir / CONFIG_NAME
    config = None
    if config_path.exists():
        config, found = check_config(config_path)
        problems += found
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
