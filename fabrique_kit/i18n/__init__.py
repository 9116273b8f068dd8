"""Messages people read, in French first and English second.

Every message is written in French in the code, wrapped in ``_()``; the English
catalogue ``locales/en/LC_MESSAGES/*.po`` translates it (one ``.po`` file per part of
the library, merged when read). They are plain gettext files, so translators use their
usual tools; they are read compiled, with the standard library
(:mod:`~fabrique_kit.i18n.catalogues`). A count takes :func:`ngettext`. ``python -m fabrique_kit.i18n`` lists the messages
that have no English translation yet, as ``.po`` entries ready to fill in.

Example::

    from fabrique_kit.i18n import _
    print(_("Fichier introuvable : {path}", path="semainier.json"))

The language is French unless ``set_language("en")`` was called, or
``FABRIQUE_LANG`` / the locale (``LC_ALL``, ``LC_MESSAGES``, ``LANG``) says English.
"""

from __future__ import annotations

import os
import threading
from functools import cache

SUPPORTED = ("fr", "en")
_state = threading.local()
_forced: str | None = None


def _from_environment() -> str:
    for var in ("FABRIQUE_LANG", "LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = os.environ.get(var, "")
        if value:
            code = value.split(":")[0][:2].lower()
            return code if code in SUPPORTED else "fr"
    return "fr"


def set_language(lang: str | None) -> str:
    """Force the language for the whole process (``"fr"`` or ``"en"``; None = environment)."""
    global _forced
    if lang is not None and lang[:2].lower() not in SUPPORTED:
        raise ValueError(f"unsupported language {lang!r}; use one of {SUPPORTED}")
    _forced = lang[:2].lower() if lang else None
    return get_language()


def get_language() -> str:
    """The language messages are shown in now: ``"fr"`` or ``"en"``."""
    local = getattr(_state, "lang", None)
    return local or _forced or _from_environment()


class use_language:
    """Show messages in ``lang`` inside a ``with`` block, for this thread only.

    Example::

        with use_language("en"):
            print(_("Bonjour"))
    """

    def __init__(self, lang: str):
        self.lang = lang[:2].lower()

    def __enter__(self):
        self._previous = getattr(_state, "lang", None)
        _state.lang = self.lang
        return self

    def __exit__(self, *exc):
        _state.lang = self._previous


@cache
def catalogue(lang: str) -> dict[str, str]:
    """The translations of one language, French id → text (French has none)."""
    if lang == "fr":
        return {}
    from fabrique_kit.i18n.catalogues import messages

    return messages(lang)


@cache
def _plurals(lang: str):
    from fabrique_kit.i18n.catalogues import translations

    return translations(lang)


def _(message: str, /, **values) -> str:
    """Translate a French ``message`` to the current language and fill in ``values``."""
    text = catalogue(get_language()).get(message, message)
    return text.format(**values) if values else text


def ngettext(singular: str, plural: str, n: int, /, **values) -> str:
    """The French ``singular`` or ``plural`` for ``n`` (translated), filled with ``n`` and ``values``.

    French counts 0 and 1 as singular; English has its own rule in its catalogue.

    Example::

        ngettext("{n} élément", "{n} éléments", 2)   # '2 éléments' ('2 items' in English)
    """
    lang = get_language()
    if lang == "fr":
        text = singular if abs(n) <= 1 else plural
    else:
        text = _plurals(lang).ngettext(singular, plural, n)
    return text.format(n=n, **values)


def both(message: str, /, **values) -> str:
    """The message in French, then in English on the next line (for screens and guides)."""
    with use_language("fr"):
        fr = _(message, **values)
    with use_language("en"):
        en = _(message, **values)
    return fr if fr == en else f"{fr}\n{en}"
