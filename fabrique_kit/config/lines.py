"""Where a key is written in ``fabrique.toml``: its line (``errors.field_name`` names it).

Example::

    find_key_line(text, ("flux", 1, "adresse"))   # 16
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from fabrique_kit.errors import ConfigError, FabriqueError, Problem, field_name
from fabrique_kit.i18n import _

if TYPE_CHECKING:
    from fabrique_kit.config.models import KitConfig

_HEADER = re.compile(r"^\s*(\[\[?)\s*([A-Za-z0-9_\-]+)\s*\]\]?")


def find_key_line(text: str, path: tuple) -> int | None:
    """The line (from 1) where the key ``path`` is written, e.g. ``("flux", 1, "adresse")``.

    It follows ``[table]`` and ``[[array]]`` headers, which is how these files are written.
    """
    section, index, key = None, -1, None
    if len(path) == 1:
        section = path[0]
    elif len(path) == 2 and isinstance(path[1], int):
        section, index = path
    elif len(path) == 2:
        section, key = path
    else:
        section, index, key = path[0], path[1], path[2]
    current: str | None = None
    count: dict[str, int] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        m = _HEADER.match(line)
        if m:
            current = m.group(2)
            if m.group(1) == "[[":
                count[current] = count.get(current, -1) + 1
            if key is None and current == section and (index < 0 or count.get(current) == index):
                return number
            continue
        if key is None or current != section:
            continue
        if index >= 0 and (current is None or count.get(current) != index):
            continue
        if re.match(rf"^\s*[\"']?{re.escape(str(key))}[\"']?\s*=", line):
            return number
    return None


@contextlib.contextmanager
def located(config: KitConfig, where: tuple) -> Iterator[None]:
    """Re-raise a problem that has no place as a :class:`ConfigError` at ``where`` in the file.

    Example::

        with located(config, ("boutons", 0, "broche")):
            kit.button(config.buttons[0].pin)      # its error names fabrique.toml, line 12
    """
    try:
        yield
    except FabriqueError as error:
        first = error.problems[0] if error.problems else None
        if config.path is None or first is None or first.file is not None:
            raise
        raise ConfigError(
            problems=[
                Problem(
                    first.message,
                    file=str(config.path),
                    line=find_key_line(config.text, where),
                    field=field_name(where),
                    hint=first.hint,
                )
            ]
        ) from None


# Characters a word processor or a web page puts in place of what the keyboard types.
PASTED_CHARACTERS = {
    "\u201c": "“", "\u201d": "”", "\u2018": "‘", "\u2019": "’", "\u00ab": "«", "\u00bb": "»",
    "\u00a0": "", "\u202f": "",
}


def pasted_characters_hint(line: str) -> str | None:
    """A hint when ``line`` holds typographic quotes or non-breaking spaces (pasted text).

    Example: ``pasted_characters_hint('lieu = “Maurepas”')`` → ``"Cette ligne contient …"``
    """
    found = list(dict.fromkeys(shown or _("espace insécable") for char, shown in PASTED_CHARACTERS.items() if char in line))
    if not found:
        return None
    return _(
        "Cette ligne contient des caractères collés depuis un traitement de texte ou une page web "
        "({characters}) : retapez les guillemets au clavier (\") et remplacez les espaces spéciales "
        "par des espaces ordinaires.",
        characters=", ".join(found),
    )
