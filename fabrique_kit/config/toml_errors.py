"""A ``fabrique.toml`` that is not valid TOML, told in French at its line.

Python's ``tomllib`` answers in English (« Illegal character '\\n' (at line 3, column
12) »); this turns its messages into a French sentence with the line, the English
words kept in parentheses, and a hint for pasted typographic quotes.

Example::

    try:
        tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise toml_error(path, text, error) from None
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable
from pathlib import Path

from fabrique_kit.config.lines import pasted_characters_hint
from fabrique_kit.errors import ConfigError
from fabrique_kit.i18n import _

_WHERE = re.compile(r"\s*\(at (?:line (\d+), column (\d+)|end of document)\)\s*$")

# tomllib's messages → French; the first match wins.
_MESSAGES: list[tuple[str, Callable[[dict], str]]] = [
    (r"Illegal character '\\n'", lambda g: _("un texte n'est pas refermé avant la fin de la ligne (guillemet oublié ?)", **g)),
    (r"Illegal character", lambda g: _("un caractère interdit à cet endroit", **g)),
    (r"Unterminated string", lambda g: _("un texte sans guillemet de fin", **g)),
    (r"Invalid value", lambda g: _("la valeur après « = » n'est ni un texte entre guillemets, ni un nombre, ni true/false", **g)),
    (r"Expected '=' after a key", lambda g: _("il manque « = » entre la clé et sa valeur", **g)),
    (r"Invalid initial character for a key part", lambda g: _("une clé commence par un caractère interdit", **g)),
    (r"Invalid statement", lambda g: _("cette ligne n'est ni « clé = valeur », ni une [section]", **g)),
    (r"Expected ']' at the end of a table", lambda g: _("il manque « ] » à la fin du nom de section", **g)),
    (r"Expected ']]' at the end of an array", lambda g: _("il manque « ]] » à la fin du nom de section", **g)),
    (r"Cannot declare (?P<key>.*) twice", lambda g: _("la section {key} est écrite deux fois", **g)),
    (r"Cannot overwrite a value", lambda g: _("cette clé est écrite deux fois", **g)),
    (r"Unclosed array", lambda g: _("une liste « [ » n'est pas refermée par « ] »", **g)),
    (r"Unclosed inline table", lambda g: _("une accolade « { » n'est pas refermée par « } »", **g)),
    (r"Expected newline or end of document", lambda g: _("il reste quelque chose après la valeur, sur la même ligne", **g)),
    (r"Found invalid character", lambda g: _("un caractère invisible ou interdit dans un texte", **g)),
    (r"Invalid date or datetime", lambda g: _("une date mal écrite", **g)),
    (r"Unescaped '\\\\' in a string", lambda g: _("une barre « \\ » seule dans un texte (écrivez « \\\\ » ou « / »)", **g)),
]


def explain_toml(message: str) -> str:
    """``tomllib``'s message (without its position) in French, the English kept after it.

    Example: ``explain_toml("Invalid value")`` → ``"la valeur après « = » … (TOML : « Invalid value »)"``
    """
    for pattern, french in _MESSAGES:
        match = re.match(pattern, message)
        if match:
            return _("{text} (TOML : « {original} »)", text=french(match.groupdict()), original=message)
    return message


def toml_error(path: Path, text: str, error: tomllib.TOMLDecodeError) -> ConfigError:
    """The located :class:`ConfigError` for a file ``tomllib`` could not read.

    Example: ``toml_error(Path("fabrique.toml"), 'lieu = "Maurepas', error).problems[0].line`` → ``1``
    """
    message = str(error)
    where = _WHERE.search(message)
    line = int(where.group(1)) if where and where.group(1) else None
    if where and where.group(1) is None:  # at the end of the document: the last written line
        line = max(1, len(text.rstrip().splitlines()))
    bare = _WHERE.sub("", message)
    lines = text.splitlines()
    written = lines[line - 1] if line and line <= len(lines) else ""
    hint = pasted_characters_hint(written) or _(
        "Vérifiez les guillemets autour des textes et les crochets des sections.")
    return ConfigError(
        _("Le fichier n'est pas écrit correctement : {detail}.", detail=explain_toml(bare)),
        file=str(path),
        line=line,
        hint=hint,
    )
