"""The config file: located errors, suggestions, defaults."""

from pathlib import Path

import pytest

from fabrique_kit.config import find_key_line, load_config, parse_size
from fabrique_kit.durations import parse_duration
from fabrique_kit.errors import ConfigError, FabriqueError
from fabrique_kit.i18n import use_language

GOOD = """\
# Un afficheur
[kit]
nom = "afficheur-maurepas"
lieu = "Espace Social Commun Maurepas"

[ecran]
taille = "1280x1024"
theme = "sombre"

[[flux]]
adresse = "https://example.org/feed"
toutes_les = "30 min"

[[flux]]
nom = "ville"
adresse = "https://example.org/ville"

[[compteurs]]
nom = "attente"
guichets = 2
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "fabrique.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_good_config_is_read(tmp_path):
    config = load_config(write(tmp_path, GOOD))
    assert config.name == "afficheur-maurepas"
    assert config.place == "Espace Social Commun Maurepas"
    assert config.screen.size == (1280, 1024)
    assert config.screen.theme == "sombre"
    assert [f.every for f in config.feeds] == [1800.0, 900.0]
    assert [f.name for f in config.feeds] == ["actus", "ville"]
    assert config.counters[0].desks == 2
    assert config.port == 8000


def test_mistyped_key_is_located_with_suggestion(tmp_path):
    path = write(tmp_path, GOOD.replace('lieu = "Espace', 'lieux = "Espace'))
    with use_language("fr"), pytest.raises(ConfigError) as caught:
        load_config(path)
    problem = caught.value.problems[0]
    assert problem.line == 4
    assert problem.field == "kit.lieux"
    assert problem.file == str(path)
    assert "lieu" in problem.hint and "Vouliez-vous dire" in problem.hint


def test_mistyped_key_in_list_section(tmp_path):
    path = write(tmp_path, GOOD.replace('nom = "ville"', 'non = "ville"'))
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    problem = caught.value.problems[0]
    assert problem.field == "flux[1].non"
    assert problem.line == 15
    assert "nom" in problem.hint


def test_wrong_type_and_choice(tmp_path):
    text = GOOD.replace('theme = "sombre"', 'theme = "violet"\nrotation = "90"')
    with use_language("fr"), pytest.raises(ConfigError) as caught:
        load_config(write(tmp_path, text))
    messages = [p.message for p in caught.value.problems]
    assert any("violet" in m for m in messages)
    assert any("nombre entier" in m for m in messages)


def test_toml_syntax_error_has_line(tmp_path):
    with pytest.raises(ConfigError) as caught:
        load_config(write(tmp_path, '[kit]\nnom = "x\n'))
    assert caught.value.problems[0].line == 2


def test_english_messages(tmp_path):
    path = write(tmp_path, GOOD.replace("[ecran]", "[ecrann]"))
    with use_language("en"), pytest.raises(ConfigError) as caught:
        load_config(path)
    assert "does not exist" in caught.value.problems[0].message
    assert "ecran" in caught.value.problems[0].hint


def test_missing_file_and_missing_semainier(tmp_path):
    with pytest.raises(ConfigError):
        load_config(tmp_path / "absent.toml")
    with pytest.raises(ConfigError) as caught:
        load_config(write(tmp_path, '[semainier]\nfichier = "planning.json"\n'))
    assert caught.value.problems[0].field == "semainier.fichier"
    assert caught.value.problems[0].line == 2


def test_find_key_line():
    assert find_key_line(GOOD, ("flux", 1, "adresse")) == 16
    assert find_key_line(GOOD, ("ecran", "theme")) == 8
    assert find_key_line(GOOD, ("compteurs", 0)) == 18


def test_durations_and_sizes():
    assert parse_duration("15 min") == 900
    assert parse_duration("1,5 h") == 5400
    assert parse_duration(30) == 30
    with pytest.raises(FabriqueError):
        parse_duration("bientôt")
    assert parse_size("1024x768") == (1024, 768)
    assert parse_size("grand") is None


def test_a_file_with_only_comments_is_empty_and_located(tmp_path):
    from fabrique_kit.config import check_config

    path = tmp_path / "fabrique.toml"
    path.write_text("# rien ici\n\n", encoding="utf-8")
    config, problems = check_config(path)
    assert config is None
    assert problems[0].line == 1 and "est vide" in problems[0].message


@pytest.mark.parametrize("text, line, words", [
    ('[kit]\nlieu = "Maurepas\n', 2, "n'est pas refermé avant la fin de la ligne"),
    ('[kit]\nlieu = “Maurepas”\n', 2, "traitement de texte"),
    ('[kit]\nlieu\u00a0= "Maurepas"\n', 2, "espace insécable"),
    ('[kit\nlieu = "x"\n', 1, "il manque « ] »"),
    ('[kit]\nlieu = "a"\nlieu = "b"\n', 3, "écrite deux fois"),
])
def test_toml_mistakes_are_told_in_french_at_their_line(tmp_path, text, line, words):
    from fabrique_kit.config import check_config

    path = tmp_path / "fabrique.toml"
    path.write_text(text, encoding="utf-8")
    _config, problems = check_config(path)
    assert problems[0].line == line
    told = f"{problems[0].message} {problems[0].hint}"
    assert words in told, told
