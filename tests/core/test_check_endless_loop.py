"""A main.py that never ends at its top level: fabrique check stops it and says where."""

from fabrique_kit.i18n import use_language
from fabrique_kit.project import dry_run, new_project
from fabrique_kit.project.check import check_project


def test_an_endless_loop_is_interrupted_and_located(tmp_path, monkeypatch):
    folder = new_project("afficheur", tmp_path / "hall")
    script = folder / "main.py"
    lines = script.read_text(encoding="utf-8").splitlines()
    lines.insert(3, "while True:\n    pass")
    script.write_text("\n".join(lines) + "\n", encoding="utf-8")
    monkeypatch.setattr(dry_run, "DRY_RUN_SECONDS", 1)
    with use_language("fr"):
        problems = [p for p in check_project(folder) if p.severity == "error"]
    assert len(problems) == 1
    (problem,) = problems
    assert problem.message.startswith("main.py ne s'arrête pas")
    assert problem.file.endswith("main.py") and "fabrique-check-" not in problem.file
    assert problem.line in (4, 5)
    assert "@kit.every" in problem.hint
