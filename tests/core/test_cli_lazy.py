"""The optional commands are imported only when they run, and a broken one says why."""

import subprocess
import sys

from click.testing import CliRunner

from fabrique_kit.cli import app


def test_version_imports_no_optional_command():
    code = ("import sys\nfrom fabrique_kit.cli import main\n"
            "try:\n    main(['--version'])\nexcept SystemExit:\n    pass\n"
            "print(sorted(m for m in sys.modules if m.startswith('fabrique_kit.cli.') or m.startswith('zeroconf')"
            " or m.startswith('fabrique_kit.screen') or m.startswith('flask')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60)
    assert out.stdout.splitlines()[0] == "fabrique-kit 0.1.0"
    assert out.stdout.splitlines()[1] == "['fabrique_kit.cli.app']"


def test_a_command_whose_module_fails_to_import_says_why(tmp_path, monkeypatch):
    (tmp_path / "broken_command.py").write_text("raise KeyError('jour')\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setitem(app.OPTIONAL_COMMANDS, "semainier", "broken_command")
    result = CliRunner().invoke(app.build_cli(), ["semainier", "check", "x.json"])
    assert result.exit_code == 1
    assert "La commande « semainier » n'a pas pu être chargée (broken_command) : KeyError: 'jour'" in result.output
    assert "Traceback" not in result.output


def test_the_optional_commands_are_listed_and_run():
    result = CliRunner().invoke(app.build_cli(), ["--help"])
    assert all(name in result.output for name in ("semainier", "stats", "bilan", "ville", "deploy"))
    result = CliRunner().invoke(app.build_cli(), ["semainier", "--help"])
    assert result.exit_code == 0 and "semainier" in result.output
