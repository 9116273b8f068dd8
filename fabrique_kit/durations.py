"""Durations written the way people write them: ``"15 min"``, ``"30 s"``, ``"1 h"``.

Example::

    >>> parse_duration("15 min")
    900.0
    >>> parse_duration(90)
    90.0
"""

from __future__ import annotations

import re

from fabrique_kit.errors import FabriqueError
from fabrique_kit.i18n import _

_UNITS = {
    "s": 1, "sec": 1, "seconde": 1, "secondes": 1, "second": 1, "seconds": 1,
    "min": 60, "mn": 60, "minute": 60, "minutes": 60,
    "h": 3600, "heure": 3600, "heures": 3600, "hour": 3600, "hours": 3600,
    "j": 86400, "jour": 86400, "jours": 86400, "d": 86400, "day": 86400, "days": 86400,
}
_PATTERN = re.compile(r"^\s*(\d+(?:[.,]\d+)?)\s*([a-zA-Z]*)\s*$")


def parse_duration(text: str | int | float, *, field: str | None = None) -> float:
    """Seconds in ``text`` (a number of seconds, or a number and a unit)."""
    if isinstance(text, bool):
        text = str(text)
    if isinstance(text, int | float):
        if text < 0:
            raise FabriqueError(_("Une durée ne peut pas être négative."), field=field)
        return float(text)
    match = _PATTERN.match(str(text))
    unit = match.group(2).lower() if match else ""
    if not match or (unit and unit not in _UNITS):
        raise FabriqueError(
            _("« {text} » n'est pas une durée.", text=text),
            field=field,
            hint=_("Écrivez par exemple « 30 s », « 15 min » ou « 1 h »."),
        )
    return float(match.group(1).replace(",", ".")) * _UNITS.get(unit or "s", 1)
