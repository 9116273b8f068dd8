"""The checks of the game workshop (``fabrique atelier --guide jeu``): the team's own
questions, a picture they changed, a game played to its end on the running kit.

Example::

    ctx = StepContext(folder=Path("mon-jeu"), template="jeu")
    GAME_CHECKS["questions_ecrites"](ctx).ok      # True once four questions of their own check
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

from fabrique_kit.atelier import local_kit
from fabrique_kit.atelier.context import CheckResult, StepContext
from fabrique_kit.i18n import _

QUESTIONS = "questions.toml"
WANTED_QUESTIONS = 4


def _template_folder(template: str) -> Path:
    from fabrique_kit.project.new import TEMPLATES_DIR

    return TEMPLATES_DIR / template


def questions_written(ctx: StepContext) -> CheckResult:
    """``questions.toml`` has at least four questions, no mistake, and is not the template's."""
    from fabrique_kit.project.questions import read_questions

    path = ctx.folder / QUESTIONS
    questions, problems = read_questions(path)
    if questions is None:
        first = problems[0] if problems else None
        where = _("ligne {line}", line=first.line) if first is not None and first.line else QUESTIONS
        return CheckResult(False, _("{file}, {where} : {message}", file=QUESTIONS, where=where,
                                    message=first.message if first is not None else "?"))
    template = (_template_folder(ctx.template) / QUESTIONS).read_text(encoding="utf-8")
    if path.read_text(encoding="utf-8") == template:
        return CheckResult(False, _("Les questions sont encore celles du modèle : écrivez les vôtres."))
    count = len(questions.items)
    if count < WANTED_QUESTIONS:
        return CheckResult(False, _("{count} questions écrites : il en faut {wanted}.", count=count,
                                    wanted=WANTED_QUESTIONS))
    return CheckResult(True, _("{count} questions, sans faute : bravo !", count=count))


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def picture_changed(ctx: StepContext) -> CheckResult:
    """A question shows a picture that is not one of the template's (a new file or a drawing)."""
    from fabrique_kit.project.questions import read_questions

    questions, _problems = read_questions(ctx.folder / QUESTIONS)
    if questions is None:
        return CheckResult(False, _("Le fichier des questions a une faute : lancez fabrique check {folder}.",
                                    folder=ctx.shown_folder))
    shipped = {_digest(p) for p in (_template_folder(ctx.template) / "images").glob("*") if p.is_file()}
    for question in questions.items:
        if question.picture is not None and _digest(question.picture) not in shipped:
            return CheckResult(True, _("Nouvelle image : {name}.", name=question.picture.name))
    return CheckResult(False, _("Toutes les images sont encore celles du modèle."))


def game_played(ctx: StepContext) -> CheckResult:
    """The running kit's game reached its final screen (read from ``/api/state``)."""
    state = local_kit.read_json(local_kit.kit_url(ctx.port, "/api/state"))
    if state is None:
        return CheckResult(False, _("L'aperçu ne répond pas : lancez fabrique run {folder}.", folder=ctx.shown_folder))
    game = ((state.get("values") or {}).get("jeu") or {}).get("value") or {}
    if game.get("phase") == "fin":
        return CheckResult(True, _("Partie finie : {score} bonnes réponses sur {total}.",
                                   score=game.get("score", 0), total=game.get("total", 0)))
    return CheckResult(False, _("En attente de la fin d'une partie (question {n} sur {total})…",
                                n=int(game.get("index", 0)) + 1, total=game.get("total", "?")))


GAME_CHECKS: dict[str, Callable[[StepContext], CheckResult]] = {
    "questions_ecrites": questions_written,
    "image_changee": picture_changed,
    "partie_jouee": game_played,
}
