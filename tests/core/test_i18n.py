"""Every message of the library has its English translation."""

from fabrique_kit.i18n import _, both, use_language
from fabrique_kit.i18n.extract import messages_in_code, missing_translations


def test_every_message_is_translated():
    missing = missing_translations("en")
    assert missing == [], "\n".join(f"{where}: {message}" for message, where in missing[:20])


def test_extraction_finds_messages():
    messages = [m for m, _where in messages_in_code()]
    assert len(messages) > 50
    assert "Vouliez-vous dire « {suggestion} » ?" in messages


def test_translation_and_formatting():
    with use_language("en"):
        assert _("Vouliez-vous dire « {suggestion} » ?", suggestion="lieu") == "Did you mean “lieu”?"
    with use_language("fr"):
        assert _("Vouliez-vous dire « {suggestion} » ?", suggestion="lieu") == "Vouliez-vous dire « lieu » ?"
    assert both("Le message est vide.") == "Le message est vide.\nThe message is empty."
