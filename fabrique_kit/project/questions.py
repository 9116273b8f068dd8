"""The game's ``questions.toml``: what a mediator writes, read and checked with located errors.

Each ``[[question]]`` has a ``texte`` (shown and spoken), an optional ``image`` (a file
beside ``questions.toml``), two to four ``reponses`` and the ``bonne`` one (its text, or
its number from 1). ``texte_en`` (optional) is spoken after the French text. Every
mistake is a :class:`~fabrique_kit.errors.Problem` naming ``questions.toml``, its line
and its key, in French first; ``fabrique check`` lists them (:func:`check_questions`).

Example::

    questions = load_questions("questions.toml")     # a DataError when something is wrong
    questions.items[0].answers                        # ('Deux', 'Trois', 'Quatre')
    check_questions("questions.toml")                 # [] or the located problems
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from fabrique_kit.config.lines import find_key_line
from fabrique_kit.errors import DataError, Problem, field_name, suggestion_hint
from fabrique_kit.i18n import _

QUESTIONS_NAME = "questions.toml"
MAX_BYTES = 256 * 1024  # a mediator's file is a few kilobytes
MAX_QUESTIONS = 100
MIN_ANSWERS, MAX_ANSWERS = 2, 4
QUESTION_KEYS = ("texte", "texte_en", "image", "reponses", "bonne")
TOP_KEYS = ("titre", "question")


@dataclass(frozen=True)
class Question:
    """One question: its text, its picture (or None), its answers and the right one (index).

    Example: ``question.answers[question.right]`` → ``'Trois'``
    """

    text: str
    answers: tuple[str, ...]
    right: int
    picture: Path | None = None
    text_en: str | None = None


@dataclass(frozen=True)
class Questions:
    """The game's title and its questions, in order."""

    title: str
    items: tuple[Question, ...]


class _Reader:
    """Collects the problems of one file, each at its line."""

    def __init__(self, path: Path, text: str):
        self.path, self.text = path, text
        self.problems: list[Problem] = []

    def add(self, message: str, where: tuple, hint: str | None = None) -> None:
        line = find_key_line(self.text, where)
        if line is None and len(where) == 3:  # a missing key: the line of its question
            line = find_key_line(self.text, where[:2])
        self.problems.append(Problem(message, file=str(self.path), line=line, field=field_name(where), hint=hint))


def _read_text(path: Path) -> tuple[str | None, list[Problem]]:
    where = str(path)
    try:
        size = path.stat().st_size
    except OSError:
        return None, [Problem(_("Le fichier des questions est introuvable."), file=where,
                              hint=_("Créez-le à côté de main.py, ou recopiez celui du modèle « jeu »."))]
    if size > MAX_BYTES:
        return None, [Problem(_("Le fichier des questions est trop gros ({size} Ko, au plus {limit} Ko).",
                                size=size // 1024, limit=MAX_BYTES // 1024), file=where)]
    try:
        return path.read_text(encoding="utf-8"), []
    except (OSError, UnicodeDecodeError) as error:
        return None, [Problem(_("Le fichier des questions est illisible : {error}", error=error), file=where,
                              hint=_("Enregistrez-le en UTF-8 (le choix par défaut des éditeurs de texte)."))]


def _syntax_problem(path: Path, error: tomllib.TOMLDecodeError) -> Problem:
    found = re.search(r"line (\d+)", str(error))
    line = getattr(error, "lineno", None) or (int(found.group(1)) if found else None)
    return Problem(
        _("Faute d'écriture dans le fichier des questions."), file=str(path), line=line,
        hint=_("Vérifiez les guillemets, les crochets [ ] et les virgules à cette ligne et à celle d'avant."),
    )


def _right_index(reader: _Reader, index: int, answers: list[str], right) -> int | None:
    where = ("question", index, "bonne")
    number = index + 1
    if right is None:
        reader.add(_("La question {number} n'a pas de bonne réponse.", number=number), where,
                   hint=_("Ajoutez par exemple « bonne = \"{answer}\" » (une des réponses).",
                          answer=answers[0] if answers else "…"))
        return None
    if isinstance(right, bool) or not isinstance(right, str | int):
        reader.add(_("La bonne réponse de la question {number} doit être une des réponses, entre guillemets.",
                     number=number), where)
        return None
    if isinstance(right, int):
        if 1 <= right <= len(answers):
            return right - 1
        reader.add(_("La question {number} a {count} réponses : « bonne = {right} » n'en désigne aucune.",
                     number=number, count=len(answers), right=right), where,
                   hint=_("Écrivez le texte de la bonne réponse, ou son numéro de 1 à {count}.", count=len(answers)))
        return None
    wanted = right.strip().casefold()
    for position, answer in enumerate(answers):
        if answer.strip().casefold() == wanted:
            return position
    reader.add(_("La bonne réponse « {right} » de la question {number} n'est pas une des réponses.",
                 right=right, number=number), where,
               hint=suggestion_hint(right, answers) if answers else None)
    return None


def _question(reader: _Reader, index: int, item, folder: Path) -> Question | None:
    number = index + 1
    if not isinstance(item, dict):
        reader.add(_("La question {number} doit être une section [[question]].", number=number), ("question", index))
        return None
    for key in item:
        if key not in QUESTION_KEYS:
            reader.add(_("La clé « {key} » est inconnue dans la question {number}.", key=key, number=number),
                       ("question", index, key), hint=suggestion_hint(key, QUESTION_KEYS))
    ok = True
    text = item.get("texte")
    if not isinstance(text, str) or not text.strip():
        reader.add(_("La question {number} n'a pas de texte.", number=number), ("question", index, "texte"),
                   hint=_("Ajoutez par exemple « texte = \"Combien de pommes vois-tu ?\" »."))
        ok = False
    answers = item.get("reponses")
    if not isinstance(answers, list) or not all(isinstance(a, str) and a.strip() for a in answers):
        reader.add(_("Les réponses de la question {number} doivent être une liste de textes.", number=number),
                   ("question", index, "reponses"), hint=_("Par exemple « reponses = [\"Deux\", \"Trois\"] »."))
        answers, ok = [], False
    elif not MIN_ANSWERS <= len(answers) <= MAX_ANSWERS:
        reader.add(_("La question {number} a {count} réponses : il en faut de 2 à 4 (une par touche de la Makey Makey).",
                     number=number, count=len(answers)), ("question", index, "reponses"))
        ok = False
    elif len({a.strip().casefold() for a in answers}) < len(answers):
        reader.add(_("La question {number} a deux fois la même réponse.", number=number),
                   ("question", index, "reponses"))
        ok = False
    right = _right_index(reader, index, answers, item.get("bonne")) if answers else None
    picture = None
    if "image" in item:
        name = item["image"]
        picture = (folder / name) if isinstance(name, str) and name.strip() else None
        if picture is None or not picture.is_file():
            reader.add(_("L'image « {name} » de la question {number} est introuvable.", name=name, number=number),
                       ("question", index, "image"),
                       hint=_("Mettez l'image dans le dossier du projet (par exemple images/) et écrivez son chemin."))
            ok = False
    text_en = item.get("texte_en")
    if text_en is not None and not isinstance(text_en, str):
        reader.add(_("« texte_en » de la question {number} doit être un texte.", number=number),
                   ("question", index, "texte_en"))
        ok = False
    if not ok or right is None or not isinstance(text, str):
        return None
    return Question(text.strip(), tuple(a.strip() for a in answers), right, picture, text_en)


def read_questions(path: str | Path) -> tuple[Questions | None, list[Problem]]:
    """The questions of ``path`` and the problems found (located); None when any is an error."""
    path = Path(path)
    text, problems = _read_text(path)
    if text is None:
        return None, problems
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        return None, [_syntax_problem(path, error)]
    reader = _Reader(path, text)
    for key in data:
        if key not in TOP_KEYS:
            reader.add(_("La clé « {key} » est inconnue.", key=key), (key,), hint=suggestion_hint(key, TOP_KEYS))
    items = data.get("question", [])
    if not isinstance(items, list) or not items:
        reader.add(_("Le fichier n'a aucune question."), ("question",),
                   hint=_("Ajoutez une section [[question]] avec texte, reponses et bonne."))
        items = []
    if len(items) > MAX_QUESTIONS:
        reader.add(_("Trop de questions ({count}, au plus {limit}).", count=len(items), limit=MAX_QUESTIONS),
                   ("question", MAX_QUESTIONS))
        items = items[:MAX_QUESTIONS]
    questions = [_question(reader, i, item, path.parent) for i, item in enumerate(items)]
    title = data.get("titre", "")
    if not isinstance(title, str):
        reader.add(_("Le titre doit être un texte."), ("titre",))
    if reader.problems:
        return None, reader.problems
    return Questions(title.strip() if isinstance(title, str) else "", tuple(q for q in questions if q is not None)), []


def load_questions(path: str | Path) -> Questions:
    """The questions of ``path``; a :class:`DataError` listing every located problem.

    Example: ``len(load_questions("questions.toml").items)`` → ``4``
    """
    questions, problems = read_questions(path)
    if questions is None:
        raise DataError(problems=problems)
    return questions


def check_questions(project_dir: str | Path) -> list[Problem]:
    """``fabrique check``'s part: the problems of the project's ``questions.toml`` (none without one).

    Example: ``check_questions("mon-jeu")`` → ``[Problem(... line=12, field='question[1].bonne')]``
    """
    path = Path(project_dir) / QUESTIONS_NAME
    if not path.exists():
        return []
    return read_questions(path)[1]
