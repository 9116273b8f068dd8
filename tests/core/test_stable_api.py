"""The stable API: importable from ``fabrique_kit``, lazily, and the Source protocol."""

import subprocess
import sys

import fabrique_kit
from fabrique_kit import Source
from fabrique_kit.source import missing_members


def test_every_stable_name_is_importable_from_the_package():
    for name in fabrique_kit.STABLE_API:
        assert getattr(fabrique_kit, name) is not None, name
    assert set(fabrique_kit.__all__) == set(fabrique_kit.STABLE_API) | {"__version__"}


def test_import_fabrique_kit_loads_no_screen_web_or_network_code():
    code = "import sys, fabrique_kit; print(sorted(m for m in sys.modules if m.startswith('fabrique_kit.')))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60)
    loaded = eval(out.stdout)
    assert loaded == ["fabrique_kit._version"]


def test_the_source_protocol():
    class Thermometre:
        name, every = "temperature", 60.0

        def refresh(self, state):
            return None

        def close(self):
            pass

    class NoClose:
        name, every = "x", 1.0

        def refresh(self, state):
            return None

    assert isinstance(Thermometre(), Source)
    assert missing_members(Thermometre()) == []
    assert not isinstance(NoClose(), Source)
    assert missing_members(NoClose()) == ["close"]
    assert missing_members(object()) == ["name", "every", "refresh", "close"]


def _copy_of_the_package(tmp_path):
    import shutil
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    shutil.copytree(root / "fabrique_kit", tmp_path / "fabrique_kit",
                    ignore=shutil.ignore_patterns("__pycache__", "*.ttf", "*.po", "*.mo", "*.png"))
    return root, tmp_path


def _check(root, copy):
    sys.path.insert(0, str(root / "tools"))
    try:
        import check_api
    finally:
        sys.path.pop(0)
    return check_api.breakages(copy)


def test_the_api_check_passes_on_the_code_and_fails_on_a_removed_name(tmp_path):
    root, copy = _copy_of_the_package(tmp_path)
    assert _check(root, root) == []
    init = copy / "fabrique_kit" / "__init__.py"
    init.write_text(init.read_text().replace('    "Problem": "fabrique_kit.errors",\n', ""))
    problems = _check(root, copy)
    assert problems == ["Problem: retiré de l'API stable / removed from the stable API"]


def test_the_api_check_fails_on_a_removed_member(tmp_path):
    root, copy = _copy_of_the_package(tmp_path)
    clock = copy / "fabrique_kit" / "clock.py"
    text = clock.read_text()
    assert "def now(" in text
    clock.write_text(text.replace("def now(", "def _now_gone(", 1))
    problems = _check(root, copy)
    assert "Clock.now: Public object was removed (now -> None)" in problems


def test_the_contributing_table_is_written_from_the_code():
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    sys.path.insert(0, str(root / "tools"))
    try:
        import stable_api_table
    finally:
        sys.path.pop(0)
    text = (root / "CONTRIBUTING.md").read_text(encoding="utf-8")
    assert stable_api_table.updated(text) == text, "run: python tools/stable_api_table.py"
    assert "| `fabrique_kit.Source` |" in text
