"""The checks of the guided mode: each one looks at the project folder or the running kit.

A check never changes anything and never raises: it returns a :class:`CheckResult`
(passed or not, and one French sentence saying what it saw).

Example::

    context = StepContext(folder=Path("mon-afficheur"), template="afficheur")
    result = CHECKS["lieu_nomme"](context)
    result.ok, result.detail     # (False, "Le lieu est encore celui du modèle : …")
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from pathlib import Path

from fabrique_kit.atelier import local_kit
from fabrique_kit.atelier.context import CheckResult, StepContext
from fabrique_kit.atelier.game_checks import GAME_CHECKS
from fabrique_kit.atelier.input_checks import input_evidence, wait_for_input
from fabrique_kit.errors import FabriqueError
from fabrique_kit.i18n import _

__all__ = ["CHECKS", "CheckResult", "StepContext", "input_evidence", "run_check"]

log = logging.getLogger("fabrique_kit.atelier")
THEMES = ("clair", "sombre", "contraste")


def project_created(ctx: StepContext) -> CheckResult:
    """The folder exists and holds a ``fabrique.toml`` made from the guide's template."""
    folder = ctx.folder
    if not folder.is_dir():
        return CheckResult(False, _("Le dossier {folder} n'existe pas encore.", folder=ctx.shown_folder))
    if not (folder / "fabrique.toml").exists():
        return CheckResult(
            False,
            _("Le dossier {folder} existe mais n'a pas de fabrique.toml : il n'a pas été créé par fabrique new.",
              folder=ctx.shown_folder),
        )
    template = local_kit.setting(local_kit.project_config(folder), "kit", "modele")
    if isinstance(template, str) and template and template != ctx.template:
        return CheckResult(
            False,
            _("Ce projet vient du modèle « {found} », pas « {expected} » : lancez fabrique atelier --guide {found}.",
              found=template, expected=ctx.template),
        )
    return CheckResult(True, _("Projet trouvé dans {folder}.", folder=ctx.shown_folder))


def place_named(ctx: StepContext) -> CheckResult:
    """``[kit] lieu`` is written and differs from the template's example."""
    config = local_kit.project_config(ctx.folder)
    if config is None:
        return _unreadable(ctx)
    place = local_kit.setting(config, "kit", "lieu", "")
    if not isinstance(place, str) or not place.strip():
        return CheckResult(False, _("Le lieu est vide : écrivez-le après « lieu = », entre guillemets."))
    example = local_kit.setting(local_kit.template_config(ctx.template), "kit", "lieu", "")
    if isinstance(example, str) and place.strip() == example.strip():
        return CheckResult(False, _("Le lieu est encore celui du modèle : « {place} ».", place=place))
    unknown = _unknown_schedule_place(ctx.folder, config)
    if unknown:
        return CheckResult(False, unknown)
    return CheckResult(True, _("Lieu : « {place} ».", place=place.strip()))


def _unknown_schedule_place(folder: Path, config: dict) -> str | None:
    """Why ``[semainier] lieu`` names no place of the schedule file, or None when it does.

    It asks the checker ``fabrique check`` and ``run`` use (one checker, one answer).
    """
    from fabrique_kit.config import check_config
    from fabrique_kit.project.problems import place_problems

    loaded, _problems = check_config(folder / "fabrique.toml")
    found = place_problems(loaded) if loaded is not None else []
    if not found:
        return None
    problem = found[0]
    return _("[semainier] lieu : {message} {hint}", message=problem.message, hint=problem.hint or "").strip()


def project_valid(ctx: StepContext) -> CheckResult:
    """``fabrique check`` finds no error in the project."""
    from fabrique_kit.project import check_project

    if not ctx.folder.is_dir():
        return CheckResult(False, _("Le dossier {folder} n'existe pas encore.", folder=ctx.shown_folder))
    key = _files_key(ctx.folder)
    cached = _checked.get(ctx.folder.resolve())
    if cached is not None and cached[0] == key:
        return cached[1]
    try:
        problems = check_project(ctx.folder)
    except FabriqueError as error:
        return CheckResult(False, _one_line(str(error)))
    result = _valid_result(problems)
    _checked[ctx.folder.resolve()] = (key, result)
    return result


# check_project runs main.py once (about a second): asked again only when a file changed
_checked: dict[Path, tuple[tuple, CheckResult]] = {}


def _files_key(folder: Path) -> tuple:
    """The name, size and time of the project's own files (not ``.fabrique/``)."""
    try:
        return tuple(sorted((p.name, p.stat().st_size, p.stat().st_mtime_ns)
                            for p in folder.iterdir() if p.is_file()))
    except OSError:
        return ()


def _valid_result(problems) -> CheckResult:
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        return CheckResult(
            False,
            _("fabrique check trouve {n} erreur(s). La première : {first}", n=len(errors), first=_one_line(str(errors[0]))),
        )
    return CheckResult(True, _("fabrique check : tout est correct."))


def preview_running(ctx: StepContext) -> CheckResult:
    """Something answers on ``http://127.0.0.1:PORT/``, and it is not another kit."""
    port = ctx.port
    url = local_kit.kit_url(port)
    if not local_kit.page_answers(url):
        return CheckResult(False, _("Rien ne répond sur {url} : lancez fabrique run {folder}.", url=url, folder=ctx.shown_folder))
    info = local_kit.read_json(local_kit.kit_url(port, "/api/info"))
    expected = _kit_name(ctx)
    if info and isinstance(info.get("name"), str) and expected and info["name"] != expected:
        return CheckResult(
            False,
            _("Un autre kit (« {other} ») répond sur le port {port} : arrêtez-le, ou changez [web] port.",
              other=info["name"], port=port),
        )
    return CheckResult(True, _("L'aperçu répond sur {url}.", url=url))


def button_pressed(ctx: StepContext) -> CheckResult:
    """A ticket was taken (the afficheur's button) or an input moved since the step began."""
    return wait_for_input(ctx, _("En attente d'un appui sur le bouton…"))


def input_used(ctx: StepContext) -> CheckResult:
    """A button, a key or a sensor of the kit moved since the step began."""
    return wait_for_input(ctx, _("En attente d'un mouvement d'une entrée (bouton, touche ou capteur)…"))


def message_changed(ctx: StepContext) -> CheckResult:
    """The running kit shows a message that is not the template's example."""
    config = local_kit.project_config(ctx.folder)
    if config is None:
        return _unreadable(ctx)
    example = local_kit.setting(local_kit.template_config(ctx.template), "message", "texte", "")
    written = local_kit.setting(config, "message", "texte", "")
    changed_in_file = isinstance(written, str) and bool(written.strip()) and written != example
    state = local_kit.read_json(local_kit.kit_url(ctx.port, "/api/state"))
    if state is None:
        if changed_in_file:
            return CheckResult(False, _("Message changé dans fabrique.toml : relancez fabrique run {folder} pour le voir.",
                                        folder=ctx.shown_folder))
        return CheckResult(False, _("Le message est encore celui du modèle, et l'aperçu ne répond pas."))
    shown = _shown_message(state)
    if shown and shown != example:
        return CheckResult(True, _("L'écran affiche : « {text} ».", text=shown))
    if changed_in_file:
        return CheckResult(False, _("Message changé dans fabrique.toml, mais l'aperçu montre l'ancien : relancez fabrique run {folder}.",
                                    folder=ctx.shown_folder))
    return CheckResult(False, _("Le message est encore celui du modèle."))


def theme_changed(ctx: StepContext) -> CheckResult:
    """``[ecran] theme`` is one of the themes and not the template's."""
    config = local_kit.project_config(ctx.folder)
    if config is None:
        return _unreadable(ctx)
    theme = local_kit.setting(config, "ecran", "theme", "clair")
    example = local_kit.setting(local_kit.template_config(ctx.template), "ecran", "theme", "clair")
    if theme not in THEMES:
        return CheckResult(False, _("« {theme} » n'est pas un thème : clair, sombre ou contraste.", theme=theme))
    if theme == example:
        return CheckResult(False, _("Le thème est encore « {theme} ».", theme=theme))
    return CheckResult(True, _("Thème « {theme} » choisi : relancez l'aperçu pour le voir.", theme=theme))


def button_added(ctx: StepContext) -> CheckResult:
    """``main.py`` has more buttons or keys than the template's, or ``[[boutons]]`` has one."""
    found = _count_inputs(local_kit.project_script(ctx.folder))
    example = _count_inputs(local_kit.template_script(ctx.template))
    in_config = local_kit.project_config(ctx.folder) or {}
    buttons = in_config.get("boutons")
    declared = buttons if isinstance(buttons, list) else []
    if found > example or declared:
        return CheckResult(True, _("{n} bouton(s) ou touche(s) dans le projet.", n=found + len(declared)))
    return CheckResult(False, _("main.py a encore {n} bouton(s), comme le modèle.", n=found))


CHECKS: dict[str, Callable[[StepContext], CheckResult]] = {
    "projet_cree": project_created,
    "lieu_nomme": place_named,
    "projet_valide": project_valid,
    "apercu_lance": preview_running,
    "bouton_appuye": button_pressed,
    "entree_utilisee": input_used,
    "message_change": message_changed,
    "theme_change": theme_changed,
    "bouton_ajoute": button_added,
    **GAME_CHECKS,  # the game workshop's (guide « jeu »)
}


def run_check(name: str, ctx: StepContext) -> CheckResult:
    """Run the check ``name``; a bug in a check becomes a failed result, never a crash."""
    check = CHECKS.get(name)
    if check is None:
        return CheckResult(False, _("Vérification inconnue : « {name} ».", name=name))
    try:
        return check(ctx)
    except Exception as error:  # noqa: BLE001 - the workshop goes on
        log.exception("check %s failed", name)
        return CheckResult(False, _("Vérification impossible : {error}", error=error))


# -- helpers ---------------------------------------------------------------------------
def _unreadable(ctx: StepContext) -> CheckResult:
    return CheckResult(False, _("fabrique.toml est absent ou mal écrit : lancez fabrique check {folder}.",
                                folder=ctx.shown_folder))


def _one_line(text: str) -> str:
    return " ".join(part.strip() for part in text.splitlines() if part.strip())


def _kit_name(ctx: StepContext) -> str:
    name = local_kit.setting(local_kit.project_config(ctx.folder), "kit", "nom")
    return name if isinstance(name, str) and name else ctx.folder.resolve().name


def _shown_message(state: dict) -> str:
    item = (state.get("values") or {}).get("message")
    value = item.get("value") if isinstance(item, dict) else None
    text = value.get("text") if isinstance(value, dict) else value
    return text.strip() if isinstance(text, str) else ""


_INPUT_CALL = re.compile(r"\.(button|key)\s*\(")


def _count_inputs(script: str) -> int:
    lines = (line.split("#", 1)[0] for line in script.splitlines())
    return sum(len(_INPUT_CALL.findall(line)) for line in lines)
