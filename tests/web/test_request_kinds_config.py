"""The kinds of request noted for a person turned away (« refus ») come from
``[[compteurs]] demandes`` in fabrique.toml: the real Kit's counter and its admin form take
that list, and a list too long is a located error of ``fabrique check`` and ``fabrique run``.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from fabrique_kit.clock import FakeClock
from fabrique_kit.errors import FabriqueError
from fabrique_kit.project import check_project, new_project, run_project
from tests.web.test_closures import mediator


def counter_project(folder: Path, demandes: str) -> tuple[Path, int]:
    """A « compteur » project whose [[compteurs]] has ``demandes = <demandes>``; returns its line."""
    project = new_project("compteur", folder)
    config = project / "fabrique.toml"
    text = config.read_text(encoding="utf-8")
    lines = text.splitlines()
    (at,) = [i for i, line in enumerate(lines) if line.startswith("guichets =")]
    lines.insert(at + 1, f"demandes = {demandes}")
    config.write_text("\n".join(lines) + "\n\n[reseau]\ndecouverte = false\n", encoding="utf-8")
    return project, at + 2


def test_the_configured_kinds_are_the_ones_the_reception_can_note(tmp_path):
    project, _line = counter_project(tmp_path / "compteur", '["CAF", "Logement"]')
    assert [p for p in check_project(project) if p.severity == "error"] == []
    kit = run_project(project, mode="load", quiet=True, simulate=True, port=0, clock=FakeClock("2026-11-23 10:00"))
    kit.start()
    try:
        assert kit.counter("attente").request_kinds == ("CAF", "Logement")
        browser, base = mediator(kit)
        page = browser.get(f"{base}/admin/compteurs", timeout=10).text
        assert '<option value="Logement">Logement</option>' in page
        assert '<option value="emploi">' not in page  # the default list is replaced, not extended
        token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
        answer = browser.post(f"{base}/admin/compteurs/attente/refus", data={"csrf_token": token, "kind": "logement"},
                              timeout=10)
        assert "Personne non reçue notée (1 aujourd&#39;hui)." in answer.text
        wrong = browser.post(f"{base}/admin/compteurs/attente/refus", data={"csrf_token": token, "kind": "emploi"},
                             timeout=10)
        assert "« emploi » n&#39;est pas un type de demande de ce compteur." in wrong.text
        assert "Types possibles : CAF, Logement (ou rien)." in wrong.text
        with pytest.raises(FabriqueError, match="emploi"):
            kit.actions.run("attente.turn_away", kind="emploi")
        assert kit.actions.run("attente.turn_away", kind="CAF") == 2
    finally:
        kit.close()


def test_without_the_key_the_counter_keeps_the_default_kinds(tmp_path):
    project = new_project("compteur", tmp_path / "compteur")
    kit = run_project(project, mode="load", quiet=True, simulate=True, network=False)
    try:
        assert "emploi" in kit.counter("attente").request_kinds
    finally:
        kit.close()


@pytest.mark.parametrize(("demandes", "said"), [
    ("[" + ", ".join(f'"type {i}"' for i in range(13)) + "]", "13 types de demande, c'est trop : 12 au plus."),
    ('["CAF", "' + "x" * 41 + '"]', "est trop long : 40 caractères au plus."),
    ('["CAF", ""]', "Chaque type de demande doit être un texte non vide"),
    ('["CAF", "caf"]', "« caf » est en double."),
    ('"CAF"', "« demandes » doit être une liste"),
], ids=["too-many", "too-long", "empty", "twice", "not-a-list"])
def test_a_wrong_list_is_a_located_error_of_check_and_run(tmp_path, demandes, said):
    project, line = counter_project(tmp_path / "compteur", demandes)
    errors = [p for p in check_project(project) if p.severity == "error"]
    assert errors and said in errors[0].message
    assert (Path(errors[0].file).name, errors[0].line, errors[0].field) == ("fabrique.toml", line, "compteurs[0].demandes")
    with pytest.raises(FabriqueError) as caught:
        run_project(project, mode="load", quiet=True, simulate=True, network=False)
    refused = caught.value.problems[0]
    assert (refused.message, refused.line) == (errors[0].message, line)
