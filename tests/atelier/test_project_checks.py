"""The checks that read the project folder (no kit running)."""

from fabrique_kit.atelier.checks import CHECKS, StepContext, run_check
from tests.atelier.helpers import edit


def check(name, folder, template="afficheur"):
    return run_check(name, StepContext(folder=folder, template=template))


def test_project_created_needs_the_folder(tmp_path):
    result = check("projet_cree", tmp_path / "absent")
    assert not result.ok
    assert "n'existe pas encore" in result.detail


def test_project_created_needs_fabrique_toml(tmp_path):
    (tmp_path / "vide").mkdir()
    result = check("projet_cree", tmp_path / "vide")
    assert not result.ok
    assert "fabrique.toml" in result.detail


def test_project_created_by_fabrique_new(project):
    assert check("projet_cree", project).ok


def test_project_from_another_template_is_named(project):
    result = check("projet_cree", project, template="borne")
    assert not result.ok
    assert "--guide afficheur" in result.detail


def test_place_of_the_template_is_not_enough(project):
    result = check("lieu_nomme", project)
    assert not result.ok
    assert "Maurepas" in result.detail


def test_place_changed_passes(project):
    edit(project, 'lieu = "Espace Social Commun Maurepas"  #', 'lieu = "Carrefour 18"  #')
    result = check("lieu_nomme", project)
    assert result.ok
    assert "Carrefour 18" in result.detail


def test_empty_place_fails(project):
    edit(project, 'lieu = "Espace Social Commun Maurepas"  #', 'lieu = "  "  #')
    assert not check("lieu_nomme", project).ok


def test_place_in_a_broken_file_says_to_run_check(project):
    edit(project, 'lieu = "Espace Social Commun Maurepas"', 'lieu = "Villejean')
    result = check("lieu_nomme", project)
    assert not result.ok
    assert "fabrique check" in result.detail


def test_project_valid_as_created(project):
    assert check("projet_valide", project).ok


def test_mistyped_key_fails_with_its_name(project):
    edit(project, "theme = ", "theeme = ")
    result = check("projet_valide", project)
    assert not result.ok
    assert "theeme" in result.detail
    assert "\n" not in result.detail  # one line for the status


def test_theme_must_change_and_exist(project):
    assert not check("theme_change", project).ok
    edit(project, 'theme = "clair"', 'theme = "noir"')
    assert "n'est pas un thème" in check("theme_change", project).detail
    edit(project, 'theme = "noir"', 'theme = "contraste"')
    assert check("theme_change", project).ok


def test_button_added_counts_real_lines_only(project):
    assert not check("bouton_ajoute", project).ok
    edit(project, "kit.run()", '# kit.button(5, "x")\nkit.run()', file="main.py")
    assert not check("bouton_ajoute", project).ok  # a comment is not a button
    edit(project, "kit.run()", 'kit.button(5, "Ticket prioritaire").when_pressed = attente.take_ticket\nkit.run()',
         file="main.py")
    result = check("bouton_ajoute", project)
    assert result.ok
    assert "3" in result.detail


def test_button_declared_in_config_counts(project):
    with (project / "fabrique.toml").open("a", encoding="utf-8") as handle:
        handle.write('\n[[boutons]]\nbroche = 5\naction = "attente.take_ticket"\n')
    assert check("bouton_ajoute", project).ok


def test_unknown_check_is_a_failure_not_a_crash(project):
    result = check("nimporte_quoi", project)
    assert not result.ok
    assert "nimporte_quoi" in result.detail


def test_a_crashing_check_is_reported(project, monkeypatch):
    def broken(ctx):
        raise RuntimeError("boom")

    monkeypatch.setitem(CHECKS, "projet_cree", broken)
    result = check("projet_cree", project)
    assert not result.ok
    assert "boom" in result.detail


def test_schedule_place_must_be_in_the_semainier(project):
    edit(project, 'lieu = "Espace Social Commun Maurepas"  #', 'lieu = "Espace Social Commun Villejean"  #')
    edit(project, 'lieu = "Espace Social Commun Maurepas"', 'lieu = "Espace Social Commun Villejan"')
    result = check("lieu_nomme", project)
    assert not result.ok
    assert "Vouliez-vous dire « Espace Social Commun Villejean »" in result.detail
    edit(project, 'lieu = "Espace Social Commun Villejan"', 'lieu = "Mairie de quartier"')
    result = check("lieu_nomme", project)
    assert not result.ok
    assert "Carrefour 18" in result.detail  # the list of places
    edit(project, 'lieu = "Mairie de quartier"', 'lieu = "Espace Social Commun Villejean"')
    assert check("lieu_nomme", project).ok


def test_a_wrong_schedule_place_fails_steps_2_and_3_alike(project):
    """One checker: the guided mode's step 2 and step 3 (fabrique check) see the same mistake."""
    from fabrique_kit.project import check_project

    edit(project, 'lieu = "Espace Social Commun Maurepas"  #', 'lieu = "Espace Social Commun Villejean"  #')
    edit(project, 'lieu = "Espace Social Commun Maurepas"', 'lieu = "Espace Social Commun Villejan"')
    place, valid = check("lieu_nomme", project), check("projet_valide", project)
    assert not place.ok and not valid.ok
    first = [p for p in check_project(project) if p.severity == "error"][0]
    assert first.field == "semainier.lieu"
    assert first.message in place.detail and first.message in valid.detail


def test_project_valid_runs_main_py_and_asks_again_only_after_a_change(project):
    edit(project, "screen.header", "scren.header", file="main.py")
    result = check("projet_valide", project)
    assert not result.ok and "« scren »" in result.detail
    edit(project, "scren.header", "screen.header", file="main.py")
    assert check("projet_valide", project).ok
