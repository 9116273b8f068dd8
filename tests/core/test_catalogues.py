"""The catalogues: compiled into the wheel, read with the standard library, plural forms."""

import gettext
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from fabrique_kit.i18n import ngettext, use_language
from fabrique_kit.i18n.catalogues import LOCALES, compile_po

ROOT = Path(__file__).resolve().parents[2]
PLACEHOLDER = re.compile(r"(?<!\{)\{([a-z_0-9]*)[^{}]*\}")


def _entries():
    for po in sorted((LOCALES / "en" / "LC_MESSAGES").glob("*.po")):
        with po.open("rb") as handle:
            for message in read_po(handle, locale="en"):
                if message.id and message.string:
                    yield po.name, message


def test_placeholders_are_the_same_in_both_languages():
    """A translation that drops or renames ``{n}`` would print a KeyError on a screen."""
    wrong = []
    for name, message in _entries():
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        french = set().union(*(PLACEHOLDER.findall(i) for i in ids))
        for text in strings:
            if set(PLACEHOLDER.findall(text)) != french:
                wrong.append(f"{name}: {ids[0]!r} → {text!r}")
    assert wrong == []


def test_a_compiled_catalogue_reads_with_gettext_alone():
    po = LOCALES / "en" / "LC_MESSAGES" / "core.po"
    translations = gettext.GNUTranslations(__import__("io").BytesIO(compile_po(po)))
    assert translations.gettext("Le message est vide.") == "The message is empty."


def test_fresh_catalogues_are_read_without_babel():
    """Once compiled (as in a wheel), starting a kit never imports Babel's .po parser."""
    code = (
        "import sys\n"
        "from fabrique_kit.i18n import _, use_language, catalogue\n"
        "catalogue('en')\n"  # compiles the .mo files if a .po changed
        "for name in [m for m in sys.modules if m.startswith('babel')]: del sys.modules[name]\n"
        "sys.modules['babel'] = None\n"
        "catalogue.cache_clear()\n"
        "from fabrique_kit.i18n import catalogues\n"
        "catalogues.parts.cache_clear()\n"
        "with use_language('en'): print(_('Le message est vide.'))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True)
    assert out.stdout.strip() == "The message is empty."


def test_plural_forms_in_french_and_english(tmp_path):
    with use_language("fr"):
        assert ngettext("{n} erreur", "{n} erreurs", 0) == "0 erreur"
        assert ngettext("{n} erreur", "{n} erreurs", 1) == "1 erreur"
        assert ngettext("{n} erreur", "{n} erreurs", 2) == "2 erreurs"


@pytest.mark.slow
def test_the_wheel_ships_compiled_catalogues(tmp_path):
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(tmp_path), str(ROOT)],
        check=True, capture_output=True, timeout=300,
    )
    wheel = next(tmp_path.glob("fabrique_kit-*.whl"))
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        pos = {n for n in names if n.endswith(".po") and "/locales/en/" in n}
        assert pos, "no English catalogue in the wheel"
        for po in pos:
            mo = po[:-3] + ".mo"
            assert mo in names, f"{mo} missing from the wheel"
        data = archive.read("fabrique_kit/i18n/locales/en/LC_MESSAGES/core.mo")
    assert gettext.GNUTranslations(__import__("io").BytesIO(data)).gettext("Le message est vide.") == "The message is empty."


def test_plural_forms_come_from_the_english_catalogue():
    with use_language("en"):
        assert ngettext("{n} message sans traduction", "{n} messages sans traduction", 1) == "1 message without a translation"
        assert ngettext("{n} message sans traduction", "{n} messages sans traduction", 2) == "2 messages without a translation"


def test_public_holiday_names_are_translated():
    from datetime import date

    from fabrique_kit.sources.holidays_fr import french_public_holidays, holiday_name
    from fabrique_kit.sources.semainier import load_semainier

    sample = load_semainier(ROOT / "fabrique_kit/sources/samples/semainier-exemple.json")

    with use_language("en"):
        names = [holiday_name(n) for n in french_public_holidays(2026).values()]
        assert "Christmas Day" in names and "Labour Day" in names
        assert not any(n in names for n in ("Noël", "Fête du Travail", "Toussaint"))
        assert holiday_name("Noël") == "Christmas Day"
        assert sample.closure(date(2026, 12, 25)) == "Public holiday: Christmas Day"
    with use_language("fr"):
        assert french_public_holidays(2026)[date(2026, 12, 25)] == holiday_name("Noël") == "Noël"


def test_the_cli_counts_in_english_with_plural_forms(tmp_path):
    """« fabrique --lang en stats … --csv » says « 1 row » for one day and « 2 rows » for two."""
    from click.testing import CliRunner

    from fabrique_kit.cli.app import build_cli
    from fabrique_kit.clock import FakeClock
    from fabrique_kit.sources.counters import Counter, counter_db_path

    clock = FakeClock("2026-11-23 10:00")
    queue = Counter("attente", db_path=counter_db_path(tmp_path, "attente"), clock=clock)
    queue.take_ticket()
    said = []
    for days in (1, 2):
        if days == 2:
            clock.advance(hours=24)
            queue.take_ticket()
        out = CliRunner().invoke(build_cli(), ["--lang", "en", "stats", str(tmp_path), "--csv", str(tmp_path / "s.csv")])
        assert out.exit_code == 0, out.output
        said.append(out.output)
    queue.close()
    assert "(1 row)." in said[0] and "(2 rows)." in said[1]
