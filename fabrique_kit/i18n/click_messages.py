"""click's own messages (« Usage: », « No such option ») in French when the kit speaks French.

click writes them with ``gettext``; we give its modules a translator that reads
``locales/fr/LC_MESSAGES/click.po`` (English → French) and follows the kit's language.

Example::

    install_click_translations()   # the fabrique CLI does it before building its commands
"""

from __future__ import annotations

import importlib
from functools import cache
from pathlib import Path

from fabrique_kit.i18n import get_language

_PO = Path(__file__).parent / "locales" / "fr" / "LC_MESSAGES" / "click.po"
_MODULES = ("core", "decorators", "exceptions", "formatting", "parser", "termui", "types", "utils")


@cache
def _french() -> tuple[dict[str, str], dict[tuple[str, ...], tuple[str, ...]]]:
    from babel.messages.pofile import read_po

    with _PO.open("rb") as handle:
        catalog = read_po(handle, locale="fr")
    single: dict[str, str] = {}
    plural: dict[tuple[str, ...], tuple[str, ...]] = {}
    for message in catalog:
        if not message.id or not message.string:
            continue
        if isinstance(message.id, tuple):
            plural[tuple(message.id)] = tuple(message.string)
        elif isinstance(message.id, str) and isinstance(message.string, str):
            single[message.id] = message.string
    return single, plural


def gettext(message: str) -> str:
    """``message`` in French when the kit speaks French, else as click wrote it."""
    if get_language() != "fr":
        return message
    return _french()[0].get(message, message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """The plural-aware version of :func:`gettext`."""
    if get_language() == "fr":
        forms = _french()[1].get((singular, plural))
        if forms:
            return forms[0] if count <= 1 else forms[1]
    return singular if count == 1 else plural


def install_click_translations() -> None:
    """Point click's modules at our translators (safe to call more than once)."""
    for name in _MODULES:
        module = importlib.import_module(f"click.{name}")
        if hasattr(module, "_"):
            setattr(module, "_", gettext)  # noqa: B010 (click's modules declare no `_` for mypy)
        if hasattr(module, "ngettext"):
            setattr(module, "ngettext", ngettext)  # noqa: B010
