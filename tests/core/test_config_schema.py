"""Every key of the schema: ``fabrique check`` and ``fabrique run`` refuse the same wrong
values at the same place of ``fabrique.toml``, and accept the same good ones."""

from __future__ import annotations

import dataclasses
import json
import shutil
from pathlib import Path

import pytest

import fabrique_kit
from fabrique_kit import i18n
from fabrique_kit.config import PARSERS, SCHEMA, KitConfig, ScreenConfig
from fabrique_kit.config.models import FIELDS, LIST_MODELS
from fabrique_kit.config.schema import Key, Section
from fabrique_kit.errors import FabriqueError
from fabrique_kit.project import check_project, run_project

SAMPLE = Path(fabrique_kit.__file__).parent / "sources" / "samples" / "semainier-exemple.json"
MAIN = "from fabrique_kit import Kit\n\nkit = Kit()\nkit.run()\n"
# a value each converter refuses (a new converter without one fails test_every_parser_has_a_bad_sample)
BAD_PARSED = {
    "size": "grand",
    "duration": "bientôt",
    "url": "ftp://example.org/feed",
    "host": "pas une adresse !",
    "file": "absent.json",
    "counter_name": "salle d'attente",
    "pin": "GPIO dix-sept",
    "request_kinds": ["CAF", "une demande bien trop longue pour un bouton d'accueil"],
}
KEYS = [(section, key) for section in SCHEMA.values() for key in section.keys]


def toml_value(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return json.dumps(value)
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    return str(value)


def wrong_type(key: Key):
    kinds = key.kind if isinstance(key.kind, tuple) else (key.kind,)
    if str not in kinds:
        return "douze"
    if bool not in kinds and kinds == (str,):
        return 12
    return [1, 2]


def bad_values(key: Key) -> list:
    values = [wrong_type(key)]
    if key.choices:
        values.append(45 if isinstance(key.choices[0], int) else "zzz-inconnu")
    if key.minimum is not None:
        values.append(key.minimum - 1)
    if key.maximum is not None:
        values.append(key.maximum + 1)
    if key.parse is not None:
        values.append(BAD_PARSED[key.parse])
    return values


def companions(section: Section, key: Key) -> list[tuple[str, object]]:
    """The other keys an element of a [[list]] needs to be complete."""
    if not section.repeated:
        return []
    pairs = [(k.name, k.good_value()) for k in section.keys if k.required and k.name != key.name]
    if section.name == "boutons":
        pairs.append(("broche", 17) if key.name == "touche" else ("touche", "space"))
    return pairs


def write_project(folder: Path, section: Section, key: Key, value) -> tuple[int, str]:
    """A project whose fabrique.toml sets ``key`` to ``value``; returns (line, field)."""
    header = f"[[{section.name}]]" if section.repeated else f"[{section.name}]"
    lines = ["# projet de test", header]
    lines += [f"{name} = {toml_value(v)}" for name, v in companions(section, key)]
    lines.append(f"{key.name} = {toml_value(value)}")
    (folder / "fabrique.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (folder / "main.py").write_text(MAIN, encoding="utf-8")
    shutil.copyfile(SAMPLE, folder / "semainier.json")
    field = f"{section.name}[0].{key.name}" if section.repeated else f"{section.name}.{key.name}"
    return len(lines), field


def load(folder: Path):
    return run_project(folder, mode="load", quiet=True, network=False, simulate=True)


@pytest.fixture(autouse=True)
def _keep_language(monkeypatch):
    monkeypatch.setattr(i18n, "_forced", i18n._forced)  # a [kit] langue must not leak


@pytest.mark.parametrize(
    ("section", "key", "value"),
    [(s, k, v) for s, k in KEYS for v in bad_values(k)],
    ids=lambda item: item.name if isinstance(item, Key | Section) else repr(item),
)
def test_a_wrong_value_is_refused_by_check_and_run_at_its_line(tmp_path, section, key, value):
    line, field = write_project(tmp_path, section, key, value)
    errors = [p for p in check_project(tmp_path) if p.severity == "error"]
    assert errors, f"fabrique check accepts {key.name} = {value!r}"
    found = errors[0]
    assert (Path(found.file).name, found.line, found.field) == ("fabrique.toml", line, field)
    with pytest.raises(FabriqueError) as caught:
        load(tmp_path)
    refused = caught.value.problems[0]
    assert (Path(refused.file).name, refused.line, refused.field) == ("fabrique.toml", line, field)
    assert refused.message == found.message


@pytest.mark.parametrize(("section", "key"), KEYS, ids=lambda item: item.name)
def test_a_good_value_is_accepted_by_check_and_run(tmp_path, section, key):
    write_project(tmp_path, section, key, key.good_value())
    assert [p for p in check_project(tmp_path) if p.severity == "error"] == []
    kit = load(tmp_path)
    assert kit is not None
    kit.close()


def test_every_parser_has_a_bad_sample():
    assert {k.parse for _s, k in KEYS if k.parse} <= set(BAD_PARSED) == set(PARSERS)


def test_every_key_lands_in_one_attribute_of_the_dataclasses():
    assert set(FIELDS) == {(s.name, k.name) for s, k in KEYS}
    plain = {f.name for f in dataclasses.fields(KitConfig)} | {
        "screen." + f.name for f in dataclasses.fields(ScreenConfig)
    }
    for (section, _key), attribute in FIELDS.items():
        if SCHEMA[section].repeated:
            assert attribute in {f.name for f in dataclasses.fields(LIST_MODELS[section])}
        else:
            assert attribute in plain, attribute
    covered = {a for (s, _k), a in FIELDS.items() if not SCHEMA[s].repeated}
    own = {"path", "project_dir", "screen", "feeds", "counters", "buttons", "warnings", "text"}
    assert plain - covered - own == set()


def test_every_key_has_a_description_and_a_good_value():
    for section, key in KEYS:
        assert key.description, (section.name, key.name)
        if key.required or key.parse == "file":
            assert key.example is not None, (section.name, key.name)


def test_counter_names_follow_the_counters_rule():
    from fabrique_kit.sources.counters import check_counter_name

    for name in ("attente", "guichet-2", "salle_1"):
        assert check_counter_name(name) == name
        assert PARSERS["counter_name"](name, SCHEMA["compteurs"].key("nom"), Path("."))
    for name in ("salle d'attente", "", "é"):
        with pytest.raises(FabriqueError):
            check_counter_name(name)
        with pytest.raises(FabriqueError):
            PARSERS["counter_name"](name, SCHEMA["compteurs"].key("nom"), Path("."))


def test_a_mistyped_key_name_is_refused_by_check_and_run_at_its_line(tmp_path):
    section = SCHEMA["boutons"]
    line, field = write_project(tmp_path, section, section.key("touche"), "espaec")
    found = [p for p in check_project(tmp_path) if p.severity == "error"][0]
    assert (Path(found.file).name, found.line, found.field) == ("fabrique.toml", line, field)
    assert "space" in found.hint
    with pytest.raises(FabriqueError) as caught:
        load(tmp_path)
    refused = caught.value.problems[0]
    assert (Path(refused.file).name, refused.line, refused.field) == ("fabrique.toml", line, field)


def test_a_pin_the_board_refuses_is_told_at_its_line_of_the_config(tmp_path):
    section = SCHEMA["boutons"]
    line, field = write_project(tmp_path, section, section.key("broche"), "BOARD1")  # 3V3, not a GPIO
    with pytest.raises(FabriqueError) as caught:
        load(tmp_path)
    refused = caught.value.problems[0]
    assert (Path(refused.file).name, refused.line, refused.field) == ("fabrique.toml", line, field)
