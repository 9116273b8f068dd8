"""Every French message of the screen has its English translation."""

from fabrique_kit.i18n import _, use_language
from fabrique_kit.i18n.extract import missing_translations
from fabrique_kit.screen.labels import public


def test_screen_messages_are_all_translated():
    missing = [(m, where) for m, where in missing_translations("en") if where.startswith("fabrique_kit/screen/")]
    assert missing == []


def test_default_labels_follow_the_language_but_not_your_own():
    with use_language("en"):
        # another part's catalogue may word it differently: only ask for English
        assert public("Numéro appelé") == _("Numéro appelé") != "Numéro appelé"
        assert public("Aujourd'hui") == "Today"
        assert public("Guichet CAF") == "Guichet CAF"
    with use_language("fr"):
        assert public("Numéro appelé") == "Numéro appelé"
