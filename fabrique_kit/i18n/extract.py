"""Find every ``_("...")`` message in the library's code (with Babel's extractor)."""

from __future__ import annotations

from pathlib import Path

from fabrique_kit.i18n import catalogue
from fabrique_kit.i18n.catalogues import plural_ids

PACKAGE = Path(__file__).resolve().parent.parent


def messages_in_code() -> list[tuple[str, str]]:
    """Every translatable message as ``(message, "file:line")``, from ``_()``, ``both()`` and
    ``ngettext()`` (whose French singular names the entry)."""
    from babel.messages.extract import extract_from_dir

    found = []
    method_map = [
        ("**/web/templates/**.html", "jinja2"),
        ("**/templates/**", "ignore"),
        ("**.py", "python"),
    ]
    for filename, lineno, message, _comments, _context in extract_from_dir(
        str(PACKAGE), method_map=method_map, keywords={"_": None, "both": None, "ngettext": (1, 2)}
    ):
        if isinstance(message, tuple):
            message = message[0]
        if message:
            found.append((message, f"fabrique_kit/{filename}:{lineno}"))
    return found


def missing_translations(lang: str = "en") -> list[tuple[str, str]]:
    """Messages of the code that the ``lang`` catalogue does not translate."""
    known = set(catalogue(lang)) | plural_ids(lang)
    seen = set()
    missing = []
    for message, where in messages_in_code():
        if message not in known and message not in seen:
            seen.add(message)
            missing.append((message, where))
    return missing
