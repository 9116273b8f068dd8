"""Errors meant for people: what is wrong, where, and what to do.

A :class:`FabriqueError` is a user mistake or a problem of the surroundings (a bad
config key, a missing file, a busy port). The CLI prints it without a traceback.
Its texts are already translated (see :mod:`fabrique_kit.i18n`).

Example::

    raise FabriqueError(
        _("La clé « {key} » est inconnue.", key="lieux"),
        file="fabrique.toml", line=3, field="kit.lieux",
        hint=_("Vouliez-vous dire « {suggestion} » ?", suggestion="lieu"),
    )
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass

from fabrique_kit.i18n import _


def field_name(path: Iterable[str | int]) -> str:
    """A key's path as messages name it: ``("lieux", 0, "creneaux", 3, "fin")`` →
    ``lieux[0].creneaux[3].fin`` (``fabrique.toml`` and ``semainier.json`` alike).

    Example: ``field_name(("flux", 1, "adresse"))`` → ``'flux[1].adresse'``
    """
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text

@dataclass
class Problem:
    """One located problem: a message, where it is, and a hint to fix it.

    ``severity`` is ``"error"`` (the file cannot be used) or ``"warning"``.
    """

    message: str
    file: str | None = None
    line: int | None = None
    field: str | None = None
    hint: str | None = None
    severity: str = "error"

    def where(self) -> str:
        """``fabrique.toml, ligne 3, clé kit.lieux`` — the place of the problem, for people."""
        parts = []
        if self.file:
            parts.append(str(self.file))
        if self.line:
            parts.append(_("ligne {line}", line=self.line))
        if self.field:
            parts.append(_("champ « {field} »", field=self.field))
        return ", ".join(parts)

    def __str__(self) -> str:
        where = self.where()
        text = f"{where}{_(' : ')}{self.message}" if where else self.message
        if self.hint:
            text += f"\n  → {self.hint}"
        return text

    def as_dict(self) -> dict:
        """The problem as plain data (for the JSON API and the web pages)."""
        return {
            "message": self.message,
            "file": self.file,
            "line": self.line,
            "field": self.field,
            "hint": self.hint,
            "severity": self.severity,
        }


class FabriqueError(Exception):
    """A mistake a person can fix; shown without a traceback.

    It holds one or more :class:`Problem`; ``str(error)`` reads as a short report.
    """

    def __init__(
        self,
        message: str | None = None,
        *,
        file: str | None = None,
        line: int | None = None,
        field: str | None = None,
        hint: str | None = None,
        problems: Iterable[Problem] | None = None,
    ):
        self.problems: list[Problem] = list(problems or [])
        if message is not None:
            self.problems.insert(
                0, Problem(message, file=file, line=line, field=field, hint=hint)
            )
        super().__init__(str(self))

    def __str__(self) -> str:
        return "\n".join(str(p) for p in self.problems)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]


class ConfigError(FabriqueError):
    """The kit's config file is wrong."""


class DataError(FabriqueError):
    """A data file (semainier, feed, ...) is wrong."""


class HardwareError(FabriqueError):
    """A pin, a device or a screen cannot be used."""


class DiskFullError(FabriqueError):
    """The disk (SD card) is full: nothing more can be written; the kit's API answers 507.

    Example: ``raise DiskFullError()`` (a counter does it when SQLite says the disk is full)
    """

    def __init__(self, message: str | None = None, **where):
        where.setdefault("hint", self.hint_text())
        super().__init__(message or self.text(), **where)

    @staticmethod
    def text() -> str:
        """The French message (English through the catalogue). Example: ``DiskFullError.text()``"""
        return _("La carte mémoire du kit est pleine : ce ticket n'a pas été enregistré.")

    @staticmethod
    def hint_text() -> str:
        """What to do. Example: ``DiskFullError.hint_text()``"""
        return _("Prévenez l'équipe : il faut libérer de la place sur le kit (fabrique doctor).")


def did_you_mean(word: str, choices: Iterable[str]) -> str | None:
    """The choice closest to a mistyped ``word``, if one is close enough.

    Example::

        >>> did_you_mean("lieux", ["lieu", "nom"])
        'lieu'
    """
    choices = list(choices)
    lowered = {c.lower(): c for c in choices}
    match = difflib.get_close_matches(word.lower(), list(lowered), n=1, cutoff=0.6)
    return lowered[match[0]] if match else None


def suggestion_hint(word: str, choices: Iterable[str]) -> str:
    """A translated hint: "did you mean X?" or the list of accepted words."""
    choices = sorted(choices)
    best = did_you_mean(word, choices)
    if best:
        return _("Vouliez-vous dire « {suggestion} » ?", suggestion=best)
    return _("Clés possibles : {choices}.", choices=", ".join(choices))
