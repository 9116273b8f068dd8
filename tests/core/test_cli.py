"""The `fabrique` command, as a person types it (real processes where it matters)."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time

import pytest
from click.testing import CliRunner
from PIL import Image

from fabrique_kit.cli import build_cli
from fabrique_kit.i18n import set_language

ENV = {**os.environ, "FABRIQUE_SIMULATION": "1", "FABRIQUE_LANG": "fr"}


def fabrique(*args, cwd=None, timeout=60, env=None):
    """Run the real `fabrique` command in a new process."""
    return subprocess.run(
        [sys.executable, "-m", "fabrique_kit", *map(str, args)],
        capture_output=True, text=True, timeout=timeout, cwd=cwd, env=env or ENV,
    )


@pytest.fixture
def runner():
    set_language("fr")
    yield CliRunner()
    set_language(None)


def test_version():
    from fabrique_kit import __version__

    result = fabrique("--version")
    assert result.returncode == 0
    assert __version__ in result.stdout


def test_new_without_template_lists_them(runner):
    result = runner.invoke(build_cli(), ["new"])
    assert result.exit_code == 0
    assert "afficheur" in result.output
    assert "Écran de hall" in result.output


def test_new_refuses_non_empty_folder(runner, tmp_path):
    (tmp_path / "notes.txt").write_text("à garder")
    result = runner.invoke(build_cli(), ["new", "afficheur", str(tmp_path)])
    assert result.exit_code == 1
    assert "n'est pas vide" in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]
    assert "Traceback" not in result.output


def test_new_unknown_template_suggests(runner, tmp_path):
    result = runner.invoke(build_cli(), ["new", "aficheur", str(tmp_path / "x")])
    assert result.exit_code == 1
    assert "afficheur" in result.output
    assert not (tmp_path / "x").exists()


def test_new_then_preview_writes_a_full_hd_frame_with_the_schedule(tmp_path):
    project = tmp_path / "x"
    assert fabrique("new", "afficheur", project).returncode == 0
    config = (project / "fabrique.toml").read_text()
    assert 'cle = "' in config and "$cle" not in config
    frame = tmp_path / "f.png"
    result = fabrique("preview", project, "-o", frame)
    assert result.returncode == 0, result.stderr
    image = Image.open(frame)
    assert image.size == (1920, 1080)
    # the frame is not blank: the schedule region has text pixels of several colours
    colours = image.convert("RGB").getcolors(maxcolors=1_000_000)
    assert len(colours) > 20
    assert "Simulation" in result.stdout


def test_preview_shows_the_sample_schedule(tmp_path):
    """The frame drawn by the template contains today's sessions from the sample week."""
    from fabrique_kit.project import new_project, run_project

    project = new_project("afficheur", tmp_path / "p")
    kit = run_project(project, mode="preview", png=tmp_path / "f.png", network=False, quiet=True, simulate=True)
    sessions = kit.semainier().today()
    assert isinstance(sessions, list)
    assert (tmp_path / "f.png").exists()


def test_check_mistyped_key(tmp_path):
    project = tmp_path / "x"
    fabrique("new", "afficheur", project)
    path = project / "fabrique.toml"
    text = path.read_text().replace('lieu = "Espace Social Commun Maurepas"  #', 'lieux = "Espace Social Commun Maurepas"  #')
    path.write_text(text)
    line = next(i for i, row in enumerate(text.splitlines(), 1) if row.startswith("lieux"))
    result = fabrique("check", project)
    assert result.returncode == 1
    out = result.stdout + result.stderr
    assert "fabrique.toml" in out
    assert f"ligne {line}" in out
    assert "kit.lieux" in out
    assert "Vouliez-vous dire « lieu »" in out
    assert "Traceback" not in out


def test_check_good_project(tmp_path):
    project = tmp_path / "x"
    fabrique("new", "afficheur", project)
    result = fabrique("check", project)
    assert result.returncode == 0, result.stdout
    assert "Tout est correct" in result.stdout


def test_check_reports_script_syntax_error(tmp_path):
    project = tmp_path / "x"
    fabrique("new", "afficheur", project)
    (project / "main.py").write_text("from fabrique_kit import Kit\nkit = Kit(\n")
    result = fabrique("check", project)
    assert result.returncode == 1
    assert "main.py" in result.stdout and "ligne" in result.stdout


def test_run_without_project_is_explained(tmp_path):
    result = fabrique("run", tmp_path)
    assert result.returncode == 1
    assert "Aucun projet" in result.stderr
    assert "Traceback" not in result.stderr


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def port_is_free(port: int) -> bool:
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


def test_run_stops_cleanly_on_sigterm(tmp_path):
    project = tmp_path / "x"
    fabrique("new", "afficheur", project)
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "fabrique_kit", "run", str(project), "--port", str(port)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=ENV,
    )
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and port_is_free(port):
            assert process.poll() is None, process.communicate()
            time.sleep(0.1)
        assert not port_is_free(port), "the preview never started"
        started = time.monotonic()
        process.send_signal(signal.SIGTERM)
        out, err = process.communicate(timeout=10)
        elapsed = time.monotonic() - started
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 0, err
    assert elapsed < 2.0
    assert port_is_free(port)
    assert "Simulation" in out
    assert "Traceback" not in err


def test_doctor_same_report_in_french_and_english():
    fr = fabrique("doctor", "--json")
    en = fabrique("--lang", "en", "doctor", "--json")
    fr_checks, en_checks = json.loads(fr.stdout), json.loads(en.stdout)
    assert [c["status"] for c in fr_checks] == [c["status"] for c in en_checks]
    assert len(fr_checks) >= 7
    assert fr_checks[0]["message"] != en_checks[0]["message"]
    text_fr = fabrique("doctor").stdout
    text_en = fabrique("--lang", "en", "doctor").stdout
    assert len(text_fr.splitlines()) == len(text_en.splitlines())
    assert "Machine" in text_fr and "Machine" in text_en
    assert "Python" in text_en


def test_english_cli_messages(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "x.txt").write_text("x")
    result = fabrique("--lang", "en", "new", "afficheur", tmp_path / "a")
    assert result.returncode == 1
    assert "not empty" in result.stderr


def test_click_own_messages_in_french_and_english():
    fr = fabrique("run", "--nope")
    assert fr.returncode == 2
    assert "Utilisation : fabrique run" in fr.stderr
    assert "L'option '--nope' n'existe pas." in fr.stderr
    en = fabrique("--lang", "en", "run", "--nope")
    assert "No such option '--nope'" in en.stderr


def test_new_module_route(runner, tmp_path):
    result = runner.invoke(build_cli(), ["new", "module", "qualite-air", str(tmp_path / "qa")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "qa" / "pyproject.toml").exists()
    assert "fabrique_kit.widgets" in (tmp_path / "qa" / "pyproject.toml").read_text()


def test_a_python_mistake_in_the_script_is_located_without_traceback(tmp_path):
    project = tmp_path / "x"
    fabrique("new", "afficheur", project)
    script = project / "main.py"
    text = script.read_text().replace("screen.schedule(planning.today()", "screen.schedule(planing.today()")
    script.write_text(text)
    line = next(i for i, row in enumerate(text.splitlines(), 1) if "planing.today" in row)
    result = fabrique("preview", project, "-o", tmp_path / "f.png")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert f"main.py, ligne {line}" in result.stderr
    assert "NameError" in result.stderr
    assert "Vouliez-vous dire « planning » ?" in result.stderr


def test_called_action_and_attribute_typo_are_located(tmp_path):
    project = tmp_path / "c"
    fabrique("new", "compteur", project)
    script = project / "main.py"
    original = script.read_text()
    script.write_text(original.replace("when_pressed = attente.take_ticket", "when_pressed = attente.take_ticket()"))
    result = fabrique("run", project)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "main.py, ligne" in result.stderr and "sans parenthèses" in result.stderr
    script.write_text(original.replace("kit.button(17", "kit.buton(17"))
    result = fabrique("run", project)
    assert "Vouliez-vous dire « button » ?" in result.stderr


def test_next_step_quotes_a_folder_with_a_space(runner, tmp_path):
    """« Étape suivante » is a command to copy: a folder with a space is quoted."""
    import shlex

    target = tmp_path / "mon écran"
    result = runner.invoke(build_cli(), ["new", "afficheur", str(target)])
    assert result.exit_code == 0, result.output
    line = next(x for x in result.output.splitlines() if x.startswith("Étape suivante : "))
    command = shlex.split(line.removeprefix("Étape suivante : "))
    assert command == ["fabrique", "run", str(target)]


def test_atelier_tables_help_says_it_runs_until_stopped(runner):
    result = runner.invoke(build_cli(), ["atelier", "--help"])
    assert "jusqu'à Ctrl+C" in " ".join(result.output.split())
