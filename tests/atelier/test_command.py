"""``fabrique atelier``: --une-fois, the reports, --tables and the guided loop."""

import json
import queue
from datetime import UTC, datetime, timedelta

from click.testing import CliRunner

from fabrique_kit.atelier.checks import StepContext
from fabrique_kit.atelier.report import needs_a_visit, summary_lines, write_report
from fabrique_kit.atelier.session import GuidedSession
from fabrique_kit.atelier.steps import load_guide
from fabrique_kit.cli.atelier import atelier
from tests.atelier.helpers import edit


def run(*args):
    return CliRunner().invoke(atelier, [str(a) for a in args])


def test_once_without_project_passes_nothing(tmp_path):
    result = run("--une-fois", "--dossier", tmp_path / "rien")
    assert result.exit_code == 0
    assert "0/8" in result.output


def test_once_counts_the_steps_passed_in_order(project, tmp_path):
    edit(project, 'lieu = "Espace Social Commun Maurepas"  #', 'lieu = "Espace Social Commun Le Blosne"  #')
    edit(project, 'theme = "clair"', 'theme = "sombre"')  # step 7 passes, but after a failure
    report = tmp_path / "rapports" / "table-3.json"
    result = run("--une-fois", "--dossier", project, "--rapport", report)
    assert result.exit_code == 3, result.output
    assert "✓ 7." in result.output
    data = json.loads(report.read_text(encoding="utf-8"))
    assert data["table"] == "table-3"
    assert data["etape"] == 4
    assert data["titre"] == "Lancer l'aperçu"
    assert data["reussies"] == [1, 2, 3, 7]
    assert data["statut"] == "en_cours"


def test_once_with_the_preview_running(project, fake_kit):
    edit(project, 'lieu = "Espace Social Commun Maurepas"  #', 'lieu = "Espace Social Commun Kléber"  #')
    fake_kit.set("attente", {"last_ticket": 1})
    result = run("--une-fois", "--dossier", project)
    assert result.exit_code == 5, result.output


def test_once_in_english(project):
    result = run("--une-fois", "--dossier", project, "--lang", "en")
    from fabrique_kit.i18n import set_language

    set_language(None)
    assert "Create the project" in result.output
    assert "Project found in" in result.output
    assert "1/8 step(s) passed in order." in result.output


def test_unknown_guide_is_refused(tmp_path):
    result = run("--guide", "afficheurr", "--une-fois", "--dossier", tmp_path)
    assert result.exit_code == 2
    assert "afficheur" in result.output


def _report(table, etape, minutes_on_step, aides=0, statut="en_cours", silent_min=0):
    now = datetime(2026, 11, 27, 10, 0, tzinfo=UTC)
    return {
        "table": table, "guide": "afficheur", "etape": etape, "total": 8, "titre": "x",
        "statut": statut, "aides": aides,
        "depuis": (now - timedelta(minutes=minutes_on_step)).isoformat(),
        "mis_a_jour": (now - timedelta(minutes=silent_min)).isoformat(),
    }, now


def test_a_stuck_table_is_flagged():
    report, now = _report("table-1", 3, minutes_on_step=14)
    assert "14 min" in needs_a_visit(report, now)
    report, now = _report("table-2", 3, minutes_on_step=2)
    assert needs_a_visit(report, now) is None
    report, now = _report("table-4", 3, minutes_on_step=2, aides=3)
    assert "3" in needs_a_visit(report, now)
    report, now = _report("table-5", 3, minutes_on_step=2, silent_min=8)
    assert "arrêté" in needs_a_visit(report, now)


def test_summary_names_the_step_in_the_readers_language():
    report, now = _report("table-6", 4, minutes_on_step=1)
    lines = summary_lines([report], now)
    assert "étape 4/8 — Lancer l'aperçu" in lines[0]


def test_tables_command_reads_every_report(tmp_path):
    folder = tmp_path / "partage"
    for i, etape in ((1, 2), (2, 5)):
        report, _now = _report(f"table-{i}", etape, minutes_on_step=0)
        write_report(folder / f"table-{i}.json", report)
    (folder / "casse.json").write_text("{pas du json", encoding="utf-8")
    result = run("--tables", folder, "--une-fois")
    assert result.exit_code == 0
    assert "table-1" in result.output and "étape 2/8" in result.output
    assert "table-2" in result.output and "étape 5/8" in result.output


def _session(project, commands, report=None):
    lines = queue.Queue()
    for command in commands:
        lines.put(command)
    said = []
    session = GuidedSession(load_guide("afficheur"), StepContext(project), echo=said.append,
                            lines=lines, report=report, poll_seconds=0.01)
    return session, said


def test_guided_session_moves_on_and_gives_hints(project, tmp_path):
    report = tmp_path / "table-8.json"
    session, said = _session(project, ["aide\n", "quitter\n"], report)
    edit(project, 'lieu = "Espace Social Commun Maurepas"  #', 'lieu = "Espace Social Commun Cleunay"  #')
    passed = session.run()
    text = "\n".join(said)
    assert passed == 3
    assert "Étape 4/8 — Lancer l'aperçu" in text
    assert "Indice :" in text
    assert "Le port est déjà utilisé" in text  # the hint of step 4
    data = json.loads(report.read_text(encoding="utf-8"))
    assert data["statut"] == "quitte"
    assert data["etape"] == 4
    assert data["aides"] == 1


def test_guided_session_can_skip_every_step_to_the_end(project, tmp_path):
    report = tmp_path / "table-7.json"
    session, said = _session(project, ["passer\n"] * 8, report)
    session.run()
    assert session.skipped == [2, 4, 5, 6, 7, 8]  # 1 and 3 pass by themselves
    assert json.loads(report.read_text(encoding="utf-8"))["statut"] == "termine"


def test_guided_session_keeps_checking_when_input_ends(project):
    session, said = _session(project, [None])
    edit(project, 'lieu = "Espace Social Commun Maurepas"  #', 'lieu = "Carrefour 18"  #')
    session.lines.put("passer\n")  # never read: input ended first
    command = session._next_command()
    assert command is None
    assert session._input_open is False


def test_guided_session_rewrites_its_report_while_waiting(project, tmp_path, monkeypatch):
    from fabrique_kit.atelier import session as session_module

    writes = []
    monkeypatch.setattr(session_module, "write_report", lambda path, report: writes.append(report))
    quiet, _said = _session(project, ["x\n"] * 5 + ["quitter\n"], tmp_path / "t.json")
    quiet.run()
    without_heartbeat = len(writes)
    writes.clear()
    monkeypatch.setattr(session_module, "HEARTBEAT_SECONDS", 0.0)
    alive, _said = _session(project, ["x\n"] * 5 + ["quitter\n"], tmp_path / "t.json")
    alive.run()
    assert len(writes) >= without_heartbeat + 5
    assert all(w["table"] == "t" for w in writes)


def test_default_folder_is_the_current_project(project, monkeypatch):
    from fabrique_kit.atelier.steps import default_folder

    guide = load_guide("borne")
    monkeypatch.chdir(project.parent)
    assert str(default_folder(guide)) == "ma-borne"
    monkeypatch.chdir(project)
    assert str(default_folder(guide)) == "."
