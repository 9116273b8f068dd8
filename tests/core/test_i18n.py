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


def test_catalogues_agree():
    """A message translated in two parts' catalogues has the same English in both."""
    from pathlib import Path

    from babel.messages.pofile import read_po

    seen: dict[str, tuple[str, str]] = {}
    clashes = []
    folder = Path(__file__).resolve().parents[2] / "fabrique_kit/i18n/locales/en/LC_MESSAGES"
    for path in sorted(folder.glob("*.po")):
        with path.open("rb") as handle:
            for message in read_po(handle, locale="en"):
                if not message.id or not message.string:
                    continue
                if message.id in seen and seen[message.id][0] != message.string:
                    clashes.append(f"{message.id!r}: {seen[message.id][1]} vs {path.name}")
                seen.setdefault(message.id, (message.string, path.name))
    assert clashes == []
