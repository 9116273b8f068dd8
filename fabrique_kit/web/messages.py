"""The French messages of the web pages' templates, for the English catalogue.

``python -m fabrique_kit.i18n`` reads ``_()`` calls in ``.py`` files only; the pages'
templates also call ``{{ _("...") }}``. This module finds those, so that a test (and
``python -m fabrique_kit.web.messages``) can list the ones without an English translation.

Example::

    from fabrique_kit.web.messages import missing_template_translations
    missing_template_translations("en")     # [] when web.po is complete
"""

from __future__ import annotations

import sys
from pathlib import Path

TEMPLATES = Path(__file__).parent / "templates"


def template_messages() -> list[tuple[str, str]]:
    """Every ``_("...")`` message of the templates, as ``(message, "file:line")``."""
    from jinja2 import Environment
    from jinja2.ext import extract_from_ast

    environment = Environment()
    found = []
    for path in sorted(TEMPLATES.glob("*.html")):
        tree = environment.parse(path.read_text(encoding="utf-8"))
        for line, _function, message in extract_from_ast(tree, gettext_functions=("_",)):
            if isinstance(message, tuple):
                message = message[0]
            if isinstance(message, str) and message:
                found.append((message, f"fabrique_kit/web/templates/{path.name}:{line}"))
    return found


def missing_template_translations(lang: str = "en") -> list[tuple[str, str]]:
    """Template messages that the ``lang`` catalogue does not translate yet."""
    from fabrique_kit.i18n import catalogue

    known = catalogue(lang)
    seen: set[str] = set()
    missing = []
    for message, where in template_messages():
        if message not in known and message not in seen:
            seen.add(message)
            missing.append((message, where))
    return missing


def main() -> int:
    missing = missing_template_translations("en")
    for message, where in missing:
        escaped = message.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
        print(f'#: {where}\nmsgid "{escaped}"\nmsgstr ""\n')
    print(f"# {len(missing)} message(s) sans traduction", file=sys.stderr)
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
