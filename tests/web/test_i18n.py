"""Every message of the web pages has an English translation with the same placeholders."""

from __future__ import annotations

import re
import string
from functools import cache

from fabrique_kit.i18n import _, catalogue, use_language
from fabrique_kit.i18n.extract import messages_in_code, missing_translations


@cache
def web_messages() -> list[tuple[str, str]]:
    """The messages of the web app's Python files and templates, as
    ``python -m fabrique_kit.i18n`` finds them. ``api.py`` belongs to the API's catalogue."""
    return [(m, where) for m, where in messages_in_code()
            if where.startswith("fabrique_kit/web/") and not where.startswith("fabrique_kit/web/api.py")]


def template_messages() -> list[tuple[str, str]]:
    return [(m, where) for m, where in web_messages() if where.startswith("fabrique_kit/web/templates/")]


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_templates_use_translatable_messages():
    assert len(template_messages()) > 100
    assert ("État du kit", "fabrique_kit/web/templates/preview.html") in {
        (m, re.sub(r":\d+$", "", w)) for m, w in template_messages()
    }


def test_every_web_message_is_translated_to_english():
    english = catalogue("en")
    missing = sorted({m for m, _where in web_messages() if not english.get(m)})
    assert missing == []
    assert [m for m, where in missing_translations("en") if "/web/templates/" in where] == []


def test_translations_keep_the_placeholders():
    english = catalogue("en")
    for message, where in web_messages():
        assert placeholders(english[message]) == placeholders(message), where


def test_translation_is_used_in_english():
    with use_language("en"):
        assert _("Le port {port} est déjà utilisé par un autre programme.", port=8000) == (
            "Port 8000 is already used by another program."
        )
