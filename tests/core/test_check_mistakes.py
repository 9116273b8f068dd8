"""A beginner's mistakes in a fresh project: `fabrique check` catches what `run` and
`preview` would meet, at the same place (file, line, key), with the same words, and
never a traceback (issue 20)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from fabrique_kit.cli import build_cli
from fabrique_kit.i18n import set_language
from fabrique_kit.project import new_project

ENV = {**os.environ, "FABRIQUE_SIMULATION": "1", "FABRIQUE_LANG": "fr"}
PLACE = 'lieu = "Espace Social Commun Maurepas"\n'


def _replace(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    if count == -1:  # the last occurrence only
        head, _sep, tail = text.rpartition(old)
        path.write_text(head + new + tail, encoding="utf-8")
    else:
        path.write_text(text.replace(old, new, count), encoding="utf-8")


def _line_of(path: Path, needle: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, start=1) if needle in line)


# name: (how to make the mistake, the file to name, the text of the line to name, the key or words)
MISTAKES = {
    "lieu du semainier": (lambda p: _replace(p / "fabrique.toml", PLACE, 'lieu = "Espace Social Comun Maurepas"\n', -1),
                          "fabrique.toml", 'lieu = "Espace Social Comun', "semainier.lieu"),
    "scren.header": (lambda p: _replace(p / "main.py", "screen.header", "scren.header"),
                     "main.py", "scren.header", "« scren »"),
    "kit.Button": (lambda p: _replace(p / "main.py", "kit.button(17", "kit.Button(17"),
                   "main.py", "kit.Button(17", "« button »"),
    "broche 99": (lambda p: _replace(p / "main.py", "kit.button(17", "kit.button(99"),
                  "main.py", "kit.button(99", "« 99 »"),
    "bloc inconnu": (lambda p: _replace(p / "main.py", "    screen.big_number(attente.status())",
                                        '    screen.widget("departz")'),
                     "main.py", 'screen.widget("departz")', "« departz »"),
    "fabrique.toml vide": (lambda p: (p / "fabrique.toml").write_text("", encoding="utf-8"),
                           "fabrique.toml", None, "vide"),
    "retrait en trop": (lambda p: _replace(p / "main.py", "attente = kit.counter", "  attente = kit.counter"),
                        "main.py", "  attente = kit.counter", "retrait"),
    "guillemets collés": (lambda p: _replace(p / "fabrique.toml", 'theme = "clair"', "theme = “clair”"),
                          "fabrique.toml", "theme = “clair”", "guillemets"),
}


@pytest.fixture
def runner():
    set_language("fr")
    yield CliRunner()
    set_language(None)


def _project(tmp_path: Path, mistake: str) -> Path:
    folder = new_project("afficheur", tmp_path / "hall")
    MISTAKES[mistake][0](folder)
    return folder


def _first_problem(output: str) -> str:
    """The first problem's place and message line (« …/main.py, ligne 21 : … »)."""
    return next(line for line in output.splitlines() if re.search(r"(main\.py|fabrique\.toml)", line))


@pytest.mark.parametrize("mistake", sorted(MISTAKES))
def test_check_then_preview_name_the_same_place(runner, tmp_path, mistake):
    folder = _project(tmp_path, mistake)
    _make, file, line_text, words = MISTAKES[mistake]
    check = runner.invoke(build_cli(), ["check", str(folder)])
    assert check.exit_code == 1, check.output
    assert "Tout est correct" not in check.output
    assert "Traceback" not in check.output
    first = _first_problem(check.output)
    assert str(folder / file) in first
    line = 1 if line_text is None else _line_of(folder / file, line_text)
    assert f"ligne {line}" in first, check.output
    assert words in check.output
    preview = runner.invoke(build_cli(), ["preview", str(folder), "-o", str(tmp_path / "apercu.png")])
    assert preview.exit_code == 1, preview.output
    assert "Traceback" not in preview.output
    assert _first_problem(preview.output).removeprefix("Erreur — ") == first.removeprefix("Erreur — ")
    # told once: the preview does not print the mistake twice
    assert preview.output.count(first.removeprefix("Erreur — ")) == 1, preview.output


def test_python_words_are_told_in_french(runner, tmp_path):
    folder = _project(tmp_path, "retrait en trop")
    check = runner.invoke(build_cli(), ["check", str(folder)])
    assert "un retrait (des espaces en début de ligne) en trop" in check.output
    folder = _project(tmp_path / "b", "guillemets collés")
    check = runner.invoke(build_cli(), ["check", str(folder)])
    assert "Illegal" not in check.output.split("TOML : ")[0]
    assert "traitement de texte" in check.output


def test_toml_newline_in_text_is_explained(runner, tmp_path):
    folder = new_project("afficheur", tmp_path / "hall")
    _replace(folder / "fabrique.toml", 'theme = "clair"', 'theme = "clair')
    check = runner.invoke(build_cli(), ["check", str(folder)])
    assert check.exit_code == 1
    assert f"ligne {_line_of(folder / 'fabrique.toml', 'theme = ')}" in check.output
    assert "n'est pas refermé avant la fin de la ligne" in check.output


def test_a_correct_project_is_correct_and_check_writes_nothing(runner, tmp_path):
    folder = new_project("afficheur", tmp_path / "hall")
    check = runner.invoke(build_cli(), ["check", str(folder)])
    assert check.exit_code == 0, check.output
    assert "Tout est correct" in check.output
    assert not (folder / "apercu.png").exists() and not (folder / "ecran.png").exists()
    assert not (folder / ".fabrique").exists()  # the dry run used a scratch copy: no counters written here


def test_check_needs_no_network(tmp_path):
    """A feed in the config: the dry run never reaches the network (the name lookup fails at once)."""
    folder = new_project("afficheur", tmp_path / "hall")
    _replace(folder / "fabrique.toml", '# [[flux]]\n# adresse = "https://www.espacenumeriqueesc.fr/feed/"',
             '[[flux]]\nadresse = "https://fabrique.invalid/feed/"')
    started = time.monotonic()
    from fabrique_kit.project.dry_run import dry_run_problems, no_network

    assert dry_run_problems(folder) == []
    assert time.monotonic() - started < 20
    import socket

    with no_network(), pytest.raises(socket.gaierror):
        socket.getaddrinfo("127.0.0.1", 80)
    assert socket.getaddrinfo("127.0.0.1", 80)  # other code, after the block, is not touched


def _run_until(folder: Path, needle: str, timeout: float = 30.0) -> str:
    """Start `fabrique run` and read its output until ``needle`` appears; then stop it."""
    import threading

    process = subprocess.Popen(
        [sys.executable, "-m", "fabrique_kit", "run", str(folder), "--port", "0", "--host", "127.0.0.1"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=ENV,
    )
    seen: list[str] = []
    reader = threading.Thread(target=lambda: seen.extend(process.stdout), daemon=True)  # type: ignore[arg-type]
    reader.start()
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and needle not in "".join(seen) and process.poll() is None:
        time.sleep(0.1)
    time.sleep(1.0)  # a second chance to repeat itself, which it must not
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
    reader.join(5)
    return "".join(seen)


@pytest.mark.parametrize("mistake", ["lieu du semainier", "scren.header"])
def test_run_says_what_check_says(runner, tmp_path, mistake):
    folder = _project(tmp_path, mistake)
    first = _first_problem(runner.invoke(build_cli(), ["check", str(folder)]).output).removeprefix("Erreur — ")
    output = _run_until(folder, first)
    assert first in output, output
    assert output.count(first) == 1, output
    assert "Traceback" not in output
