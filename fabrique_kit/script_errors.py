"""A Python mistake in a project's ``main.py``, told as a located, readable problem.

Both the project runner (an error while the script runs) and the kit (an error in the
draw function, later) use it, so it sits below both. Python's own English words
(« unexpected indent », « name 'scren' is not defined ») are told in French; the
exception's name stays, in parentheses, for searching the web.

Example::

    try:
        runpy.run_path("main.py")
    except Exception as error:
        raise script_error(Path("main.py"), error) from None
"""

from __future__ import annotations

import ast
import re
import traceback
from collections.abc import Callable
from pathlib import Path

from fabrique_kit.config.lines import pasted_characters_hint
from fabrique_kit.errors import FabriqueError, Problem, did_you_mean
from fabrique_kit.i18n import _


def script_error(script: Path, error: Exception) -> FabriqueError:
    """A Python error raised by the project's script, told as a located, readable problem."""
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
        _("Le script s'est arrêté sur une erreur : {detail} ({kind} en Python).",
          detail=explain_exception(error), kind=type(error).__name__),
        file=str(script),
        line=line,
        hint=hint,
    )


def explain_exception(error: BaseException) -> str:
    """Python's message for ``error``, in French when it is a common one.

    Example: ``explain_exception(NameError("name 'scren' is not defined", name="scren"))``
    → ``"le nom « scren » n'est défini nulle part"``
    """
    detail = str(error)
    if isinstance(error, NameError) and getattr(error, "name", None):
        return _("le nom « {name} » n'est défini nulle part", name=error.name)
    if isinstance(error, AttributeError) and getattr(error, "name", None):
        owner = type(getattr(error, "obj", None)).__name__
        return _("« {name} » n'existe pas pour un objet {owner}", name=error.name, owner=owner)
    if isinstance(error, ModuleNotFoundError) and error.name:
        return _("le module « {name} » n'est pas installé", name=error.name)
    if isinstance(error, FileNotFoundError):
        return _("le fichier {file} est introuvable", file=error.filename or detail)
    if isinstance(error, ZeroDivisionError):
        return _("une division par zéro")
    if isinstance(error, KeyError):
        return _("la clé {key} n'existe pas", key=detail)
    if isinstance(error, IndexError):
        return _("une liste n'a pas d'élément à cette position ({detail})", detail=detail)
    if isinstance(error, TypeError):
        return _("une valeur ou un nombre d'arguments ne convient pas ({detail})", detail=detail)
    if isinstance(error, ValueError):
        return _("une valeur ne convient pas ({detail})", detail=detail)
    return detail or type(error).__name__


# Python's syntax messages (3.11 to 3.13) → French; the first match wins.
_SYNTAX: list[tuple[str, Callable[[dict], str]]] = [
    (r"unexpected indent", lambda g: _("un retrait (des espaces en début de ligne) en trop", **g)),
    (r"unindent does not match any outer indentation level",
     lambda g: _("le retrait de cette ligne ne correspond à aucune ligne au-dessus", **g)),
    (r"expected an indented block", lambda g: _("il manque un retrait (quatre espaces) après la ligne qui finit par « : »", **g)),
    (r"invalid non-printable character", lambda g: _("un caractère invisible (une espace insécable ?)", **g)),
    (r"invalid character '(?P<c>.)'", lambda g: _("le caractère « {c} » n'a pas sa place dans du Python", **g)),
    (r"unterminated triple-quoted string", lambda g: _("un texte entre triples guillemets jamais refermé", **g)),
    (r"unterminated string literal", lambda g: _("un texte sans guillemet de fin", **g)),
    (r"'(?P<c>.)' was never closed", lambda g: _("« {c} » ouvert mais jamais refermé", **g)),
    (r"unmatched '(?P<c>.)'", lambda g: _("« {c} » refermé sans avoir été ouvert", **g)),
    (r"closing parenthesis '(?P<c>.)' does not match opening parenthesis '(?P<o>.)'",
     lambda g: _("« {c} » ne referme pas « {o} »", **g)),
    (r"expected ':'", lambda g: _("il manque « : » à la fin de la ligne", **g)),
    (r"invalid syntax\. Perhaps you forgot a comma\?", lambda g: _("il manque sans doute une virgule", **g)),
    (r"invalid syntax\. Maybe you meant '==' or ':=' instead of '='\?",
     lambda g: _("« = » à la place de « == » (comparer) ?", **g)),
    (r"invalid decimal literal", lambda g: _("un nombre mal écrit (des lettres collées à un nombre ?)", **g)),
    (r"cannot assign to", lambda g: _("on ne peut pas donner une valeur à cela", **g)),
    (r"unexpected EOF|unexpected end of file", lambda g: _("le fichier s'arrête au milieu d'une instruction", **g)),
    (r"invalid syntax", lambda g: _("une phrase que Python ne comprend pas", **g)),
]


def explain_syntax(message: str) -> str:
    """Python's syntax message in French, with Python's words kept after it.

    Example: ``explain_syntax("unexpected indent")``
    → ``"un retrait (des espaces en début de ligne) en trop (Python : « unexpected indent »)"``
    """
    for pattern, french in _SYNTAX:
        match = re.match(pattern, message)
        if match:
            text = french(match.groupdict())
            return _("{text} (Python : « {original} »)", text=text, original=message)
    return message


def syntax_problem(script: Path, error: SyntaxError) -> Problem:
    """The located problem of a script Python cannot read (``fabrique check`` and ``run`` alike).

    Example: ``syntax_problem(Path("main.py"), error).line`` → ``12``
    """
    hint = pasted_characters_hint(error.text or "") or _(
        "Regardez la ligne indiquée et celle d'avant (parenthèse, guillemet ou deux-points oubliés ?).")
    return Problem(
        _("Faute de syntaxe : {detail}", detail=explain_syntax(error.msg or "")),
        file=str(script),
        line=error.lineno,
        hint=hint,
    )


def locate_in_script(error: FabriqueError, script: Path) -> None:
    """Add the script's file and line to a problem raised from it that has no place yet.

    Example: ``locate_in_script(error, Path("main.py"))`` → ``error.problems[0].line == 12``
    """
    frames = [f for f in traceback.extract_tb(error.__traceback__) if Path(f.filename) == script]
    if frames and error.problems and error.problems[0].file is None:
        error.problems[0].file, error.problems[0].line = str(script), frames[-1].lineno


def _names_in(script: Path) -> set[str]:
    """The names a script defines or imports (for "did you mean" suggestions)."""
    try:
        tree = ast.parse(script.read_text(encoding="utf-8"))
    except (OSError, SyntaxError):
        return set()
    names = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)}
    names |= {n.name for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.ClassDef)}
    names |= {a.asname or a.name for n in ast.walk(tree) if isinstance(n, ast.Import | ast.ImportFrom)
              for a in n.names}
    return names
