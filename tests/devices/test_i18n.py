"""Every message of the devices part has an English translation."""

from __future__ import annotations

import pytest

from fabrique_kit.errors import FabriqueError
from fabrique_kit.i18n import catalogue, use_language
from fabrique_kit.i18n.extract import PACKAGE


@pytest.fixture(scope="module")
def ours() -> set[str]:
    """The messages of fabrique_kit/devices, found as the i18n tool finds them."""
    from babel.messages.extract import extract_from_dir

    found = extract_from_dir(
        str(PACKAGE / "devices"),
        method_map=[("**.py", "python")],
        keywords={"_": None, "both": None},
    )
    return {message for _file, _line, message, _comments, _context in found}


def test_every_devices_message_is_translated(ours):
    assert len(ours) > 50
    assert sorted(ours - set(catalogue("en"))) == []


def test_translations_keep_their_placeholders(ours):
    english = catalogue("en")
    for message in ours:
        assert set(_fields(message)) == set(_fields(english[message])), message


def test_called_action_mistake_in_english(devices):
    button = devices.button(17, "Take a ticket")
    with use_language("en"), pytest.raises(FabriqueError) as caught:
        button.when_pressed = 12
    assert "without parentheses" in caught.value.problems[0].hint
    assert "must be given a function" in caught.value.problems[0].message


def _fields(text: str) -> list[str]:
    import string

    return [name for _literal, name, _spec, _conv in string.Formatter().parse(text) if name]
