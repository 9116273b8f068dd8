"""Small checks of one field of the semainier file, each with a located French message.

:class:`FieldChecker` collects :class:`~fabrique_kit.errors.Problem` objects; the
semainier validator (:mod:`~fabrique_kit.sources.semainier.validate`) calls it for
every key it reads.

Example::

    checker = FieldChecker("semainier.json", lines)
    start = checker.clock(slot, ("lieux", 0, "creneaux", 3), "debut", "créneau 4")
    checker.problems    # [] or the located problems
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, time
from typing import Any

from fabrique_kit.errors import Problem, field_name, suggestion_hint
from fabrique_kit.i18n import _
from fabrique_kit.sources.semainier.json_lines import Path, line_of
from fabrique_kit.sources.semainier.model import DAYS
from fabrique_kit.sources.semainier.queries import simplify

TIME_PATTERN = re.compile(r"^(\d{1,2}):(\d{2})$")
DATE_PATTERN = re.compile(r"^\d{4}-\d{2}-\d{2}$")
HOUR_WITH_H = re.compile(r"^(\d{1,2})\s*h\s*(\d{2})?$", re.IGNORECASE)
_MISSING = object()


def excerpt(value: object, limit: int = 40) -> str:
    """``value`` as text, cut to ``limit`` characters with « … » (a message quotes a bad
    input, never a whole megabyte of it).

    Example: ``excerpt("x" * 1000, 5)`` → ``'xxxx…'``
    """
    text = str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def parse_clock(text: str) -> time | None:
    """``"9:30"`` or ``"09:30"`` → ``time(9, 30)``; None when it is not a valid time."""
    match = TIME_PATTERN.match(text.strip())
    if not match:
        return None
    hour, minute = int(match[1]), int(match[2])
    return time(hour, minute) if hour < 24 and minute < 60 else None


class FieldChecker:
    """Reads fields of plain JSON data and records what is wrong, with file and line."""

    def __init__(self, file: str | None, lines: Mapping[Path, int]):
        self.file = file
        self.lines = lines
        self.problems: list[Problem] = []

    def add(self, path: Path, message: str, hint: str | None = None, severity: str = "error") -> None:
        """Record a problem at ``path`` (its line is looked up in the text)."""
        self.problems.append(
            Problem(message, file=self.file, line=line_of(self.lines, path),
                    field=field_name(path) or None, hint=hint, severity=severity)
        )

    def warn(self, path: Path, message: str, hint: str | None = None) -> None:
        self.add(path, message, hint, severity="warning")

    @property
    def has_errors(self) -> bool:
        return any(p.severity == "error" for p in self.problems)

    # -- shapes ----------------------------------------------------------------
    def is_object(self, value: Any, path: Path, what: str) -> bool:
        if isinstance(value, dict):
            return True
        self.add(path, _("{what} : un objet entre accolades est attendu ici.", what=what))
        return False

    def items(self, data: dict, path: Path, key: str, what: str) -> list:
        """The list under ``key`` (missing = empty list)."""
        value = data.get(key, [])
        if isinstance(value, list):
            return value
        self.add(path + (key,), _("{what} : « {key} » doit être une liste entre crochets [ ].", what=what, key=key))
        return []

    def known_keys(self, data: dict, path: Path, allowed: set[str], what: str) -> None:
        """Report the keys that are not in ``allowed``, with a suggestion."""
        for key in data:
            if key in allowed:
                continue
            plain = simplify(key).replace(" ", "_").replace("'", "_")
            if plain in allowed:
                hint = _("Écrivez les clés sans accents ni majuscules : « {suggestion} ».", suggestion=plain)
            else:
                hint = suggestion_hint(key, allowed)
            self.add(path + (key,), _("{what} : la clé « {key} » est inconnue.", what=what, key=excerpt(key)), hint)

    # -- values ----------------------------------------------------------------
    def _get(self, data: dict, path: Path, key: str, what: str, required: bool) -> Any:
        if key in data and data[key] is not None:
            return data[key]
        if required:
            self.add(path, _("{what} : la clé « {key} » manque.", what=what, key=key),
                     _("Ajoutez par exemple : {example}", example=_EXAMPLES.get(key, f'"{key}": "…"')))
        return _MISSING

    def text(self, data: dict, path: Path, key: str, what: str, required: bool = False) -> str | None:
        value = self._get(data, path, key, what, required)
        if value is _MISSING:
            return None
        if not isinstance(value, str):
            self.add(path + (key,), _("{what} : « {key} » doit être un texte entre guillemets.", what=what, key=key))
            return None
        if not value.strip():
            if required:
                self.add(path + (key,), _("{what} : « {key} » est vide.", what=what, key=key))
            return None
        return value.strip()

    def boolean(self, data: dict, path: Path, key: str, what: str) -> bool | None:
        value = self._get(data, path, key, what, False)
        if value is _MISSING:
            return None
        if isinstance(value, bool):
            return value
        self.add(path + (key,), _("{what} : « {key} » doit valoir true ou false, sans guillemets.", what=what, key=key))
        return None

    def day(self, data: dict, path: Path, key: str, what: str, required: bool = False) -> date | None:
        value = self.text(data, path, key, what, required)
        if value is None:
            return None
        try:
            if DATE_PATTERN.match(value):
                return date.fromisoformat(value)
        except ValueError:
            pass
        self.add(path + (key,), _("{what} : la date « {value} » n'est pas valide.", what=what, value=excerpt(value)),
                 _("Écrivez la date AAAA-MM-JJ, par exemple 2026-11-23."))
        return None

    def clock(self, data: dict, path: Path, key: str, what: str, required: bool = False) -> time | None:
        value = self.text(data, path, key, what, required)
        if value is None:
            return None
        moment = parse_clock(value)
        if moment is not None:
            return moment
        self.add(path + (key,), _("{what} : l'heure « {value} » n'est pas valide.", what=what, value=excerpt(value)),
                 clock_hint(value))
        return None

    def weekday(self, data: dict, path: Path, key: str, what: str) -> int | None:
        value = self.text(data, path, key, what, required=True)
        if value is None:
            return None
        number = weekday_number(value)
        if number is None:
            self.add(path + (key,), _("{what} : le jour « {value} » est inconnu.", what=what, value=excerpt(value)),
                     suggestion_hint(value, DAYS))
        return number

    def text_list(self, data: dict, path: Path, key: str, what: str) -> tuple[str, ...]:
        values = self.items(data, path, key, what)
        good = tuple(v.strip() for v in values if isinstance(v, str) and v.strip())
        if len(good) != len(values):
            self.add(path + (key,), _("{what} : « {key} » doit être une liste de textes.", what=what, key=key))
        return good


def weekday_number(name: str) -> int | None:
    """``"Lundi"`` → 0 … ``"dimanche"`` → 6 (any case, accents ignored); None otherwise."""
    plain = simplify(name)
    return DAYS.index(plain) if plain in DAYS else None


def clock_hint(value: str) -> str:
    """How to write a time the file accepts, from what was written (« 9h30 » → « 09:30 »)."""
    match = HOUR_WITH_H.match(value.strip())
    if match and int(match[1]) < 24:
        fixed = f"{int(match[1]):02d}:{match[2] or '00'}"
        return _("Écrivez « {fixed} » au lieu de « {value} ».", fixed=fixed, value=value)
    return _("Écrivez l'heure HH:MM, de 00:00 à 23:59, par exemple 09:30.")


_EXAMPLES = {
    "nom": '"nom": "Espace Social Commun Maurepas"',
    "jour": '"jour": "lundi"',
    "debut": '"debut": "09:30"',
    "fin": '"fin": "12:00"',
    "service": '"service": "Permanence numérique"',
    "date": '"date": "2026-12-07"',
    "du": '"du": "2026-12-24"',
    "au": '"au": "2027-01-02"',
    "lieux": '"lieux": [ { "nom": "…" } ]',
}
