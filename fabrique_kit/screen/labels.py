"""Words shown to the public, in the kit's language (French unless told otherwise).

Widgets take French defaults such as ``label="Numéro appelé"``; :func:`public`
translates those known defaults and leaves your own words untouched.

Example::

    public("Numéro appelé")     # 'Called number' when the kit speaks English
    public("Guichet CAF")       # your own label stays as it is
"""

from __future__ import annotations

from fabrique_kit.i18n import _


def known_labels() -> dict[str, str]:
    """The French default labels of the widgets and their current translation."""
    return {
        "Numéro appelé": _("Numéro appelé"),
        "Aujourd'hui": _("Aujourd'hui"),
        "Actualités": _("Actualités"),
        "Informations": _("Informations"),
    }


def public(text: str) -> str:
    """``text`` translated if it is one of the widgets' default labels."""
    return known_labels().get(text, text)
