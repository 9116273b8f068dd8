"""French public holidays (metropolitan France), computed from the date of Easter.

The ``holidays`` package gives the same eleven dates (a test checks it, year by year)
but costs 12 to 17 MB of memory when loaded; a hall screen on a Pi Zero 2 W has 512 MB.

Example::

    >>> from datetime import date
    >>> french_public_holidays(2026)[date(2026, 5, 25)]
    'Lundi de Pentecôte'
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

from dateutil.easter import easter


@lru_cache(maxsize=32)
def french_public_holidays(year: int) -> dict[date, str]:
    """The eleven public holidays of ``year`` in metropolitan France, by date."""
    sunday = easter(year)
    return {
        date(year, 1, 1): "Jour de l'an",
        sunday + timedelta(days=1): "Lundi de Pâques",
        date(year, 5, 1): "Fête du Travail",
        date(year, 5, 8): "Victoire 1945",
        sunday + timedelta(days=39): "Ascension",
        sunday + timedelta(days=50): "Lundi de Pentecôte",
        date(year, 7, 14): "Fête nationale",
        date(year, 8, 15): "Assomption",
        date(year, 11, 1): "Toussaint",
        date(year, 11, 11): "Armistice 1918",
        date(year, 12, 25): "Noël",
    }


def holiday_name(name: str) -> str:
    """A holiday's name in the current language (the dates above keep the French names).

    Example: ``with use_language("en"): holiday_name("Noël")`` → ``'Christmas Day'``
    """
    from fabrique_kit.i18n import _

    return {
        "Jour de l'an": _("Jour de l'an"),
        "Lundi de Pâques": _("Lundi de Pâques"),
        "Fête du Travail": _("Fête du Travail"),
        "Victoire 1945": _("Victoire 1945"),
        "Ascension": _("Ascension"),
        "Lundi de Pentecôte": _("Lundi de Pentecôte"),
        "Fête nationale": _("Fête nationale"),
        "Assomption": _("Assomption"),
        "Toussaint": _("Toussaint"),
        "Armistice 1918": _("Armistice 1918"),
        "Noël": _("Noël"),
    }.get(name, name)
