"""The ``fabrique pair`` and ``fabrique discover`` commands."""

import json
import secrets

import pytest
from click.testing import CliRunner

from fabrique_kit.cli.net import discover_command, pair_command
from fabrique_kit.i18n import use_language
from fabrique_kit.net import Advertiser
from fabrique_kit.net.keys import generate_site_key, read_site_key

CONFIG = """# Kit de l'accueil, Maurepas
[kit]
nom = "Accueil"   # le nom affiché aux autres kits
lieu = "Espace Social Commun Maurepas"
"""


@pytest.fixture
def project(tmp_path):
    (tmp_path / "fabrique.toml").write_text(CONFIG, encoding="utf-8")
    return tmp_path


def test_pair_key_writes_the_key_and_keeps_comments(project):
    key = generate_site_key()
    result = CliRunner().invoke(pair_command, [str(project), "--key", key])
    assert result.exit_code == 0, result.output
    text = (project / "fabrique.toml").read_text(encoding="utf-8")
    assert text.startswith(CONFIG)  # comments and layout untouched
    assert f'[site]\ncle = "{key}"' in text
    assert read_site_key(project / "fabrique.toml") == key
    other = generate_site_key()  # pairing again replaces the key, still one [site]
    CliRunner().invoke(pair_command, [str(project), "--key", other])
    text = (project / "fabrique.toml").read_text(encoding="utf-8")
    assert text.count("[site]") == 1 and other in text and key not in text


def test_pair_show_creates_a_key_once_and_shows_the_line(project):
    first = CliRunner().invoke(pair_command, [str(project), "--show"])
    assert first.exit_code == 0
    key = read_site_key(project / "fabrique.toml")
    assert key and f'cle = "{key}"' in first.output and "nouvelle clé" in first.output
    again = CliRunner().invoke(pair_command, [str(project)])
    assert f"fabrique pair --key {key}" in again.output and "nouvelle" not in again.output
    assert read_site_key(project / "fabrique.toml") == key


def test_pair_refuses_bad_keys_and_missing_config(project, tmp_path_factory):
    bad = CliRunner().invoke(pair_command, [str(project), "--key", "trop court"])
    assert bad.exit_code == 1 and "pas la bonne forme" in bad.output
    assert read_site_key(project / "fabrique.toml") is None
    empty = tmp_path_factory.mktemp("vide")
    missing = CliRunner().invoke(pair_command, [str(empty), "--show"])
    assert missing.exit_code == 1 and "Pas de fichier fabrique.toml" in missing.output
    both = CliRunner().invoke(pair_command, [str(project), "--show", "--key", generate_site_key()])
    assert both.exit_code == 1 and "pas les deux" in both.output


def test_pair_reports_a_broken_config(project):
    (project / "fabrique.toml").write_text("[kit\nnom = ", encoding="utf-8")
    result = CliRunner().invoke(pair_command, [str(project), "--show"])
    assert result.exit_code == 1 and "Impossible de lire" in result.output
    assert "Traceback" not in result.output


@pytest.mark.multicast
def test_discover_lists_kits_as_a_table_and_json(multicast):
    name = f"Accueil {secrets.token_hex(3)}"
    info = {
        "id": f"kit-{name[-6:]}",
        "name": name,
        "place": "ESC Cleunay",
        "template": "ticket",
        "version": "0.1.0",
    }
    with Advertiser(info, 8080):
        table = CliRunner().invoke(discover_command, ["--timeout", "3"])
        as_json = CliRunner().invoke(discover_command, ["--timeout", "3", "--json"])
    assert table.exit_code == 0
    header = table.output.splitlines()[0]
    assert header.split()[:3] == ["Nom", "Lieu", "Modèle"]
    row = next(line for line in table.output.splitlines() if line.startswith(name))
    assert "ESC Cleunay" in row and ":8080" in row and "0.1.0" in row
    kits = {k["name"]: k for k in json.loads(as_json.output)}
    assert kits[name]["port"] == 8080 and kits[name]["gone"] is False
    assert kits[name]["base_url"].endswith(":8080")


def test_discover_headers_in_english():
    from fabrique_kit.cli.net import peers_table

    with use_language("en"):
        assert peers_table([]).split()[:3] == ["Name", "Place", "Template"]
