"""A broken contributed module is reported by name and skipped; the kit runs on."""

from __future__ import annotations

import logging

from fabrique_kit.modules import (
    BrokenWidget,
    MissingSource,
    get_registry,
    load_modules,
    make_widget,
)
from fabrique_kit.modules.registry import modules_report
from fabrique_kit.modules.testing import dark_pixels, make_kit

GOOD_WIDGET = """
    from fabrique_kit.screen import Widget

    class Hello(Widget):
        def __init__(self, text="Bonjour"):
            super().__init__()
            self.text = text

        def content(self, now):
            return (self.text,)

        def paint(self, canvas):
            canvas.fill()
            canvas.write(self.text, size=canvas.title_size)

    def hello_box(text):
        return Hello(text.upper())

    class NotAWidget:
        pass

    def make_source(kit, name="bonjour", every=60.0):
        raise ValueError("clé d'API manquante")
"""


def test_a_module_that_raises_on_import_is_reported_and_skipped(fake_dist, caplog):
    fake_dist.add("fabrique-casse", "1.0", {
        "fabrique_kit.widgets": {"casse": "fabrique_casse:Bloc"},
        "fabrique_kit.sources": {"casse": "fabrique_casse:make_source"},
    }, {"fabrique_casse.py": "RATE = 1 / 0\n"})
    fake_dist.add("fabrique-bon", "2.3.1", {"fabrique_kit.widgets": {"bonjour": "fabrique_bon:Hello"}},
                  {"fabrique_bon.py": GOOD_WIDGET})
    with caplog.at_level(logging.WARNING):
        registry = load_modules()  # never raises
    assert "bonjour" in registry.widgets and "casse" not in registry.widgets
    failures = [f for f in registry.failures if f.module == "fabrique-casse"]
    assert {f.entry for f in failures} == {"fabrique_kit.widgets:casse", "fabrique_kit.sources:casse"}
    assert failures[0].reason == "ZeroDivisionError: division by zero"
    assert str(failures[0]).startswith("Le module fabrique-casse est ignoré")
    assert "fabrique-casse" in caplog.text
    assert registry.modules["fabrique-bon"].version == "2.3.1"
    report = modules_report()
    assert "fabrique-bon 2.3.1" in report and "  blocs : bonjour" in report
    assert any("ERREUR" in line and "ZeroDivisionError" in line for line in report)


def test_the_kit_runs_on_with_a_broken_module(fake_dist, tmp_path, wired):
    fake_dist.add("fabrique-casse", "1.0", {
        "fabrique_kit.widgets": {"casse": "fabrique_casse:Bloc"},
        "fabrique_kit.sources": {"casse": "fabrique_casse:make_source"},
    }, {"fabrique_casse.py": "import module_qui_n_existe_pas\n"})
    with make_kit(tmp_path) as kit:
        source = kit.source("casse", every="5 min")  # no exception: a stand-in
        assert isinstance(source, MissingSource)
        assert source.latest() is None  # every reading helper answers None
        kit.refresh_all()
        error = kit.state.value("casse").error
        assert "fabrique-casse" in error and "ModuleNotFoundError" in error

        @kit.screen
        def hall(screen):
            screen.header("Espace Social Commun Kléber")
            screen.big_number(42)
            screen.widget("casse", source.latest())

        frame = kit.render()
    assert any("fabrique-casse" in e for e in frame.errors)
    assert dark_pixels(frame.image) > 5000  # the header and the number are there


def test_entry_points_that_do_not_fit_their_group_are_refused(fake_dist, tmp_path):
    fake_dist.add("fabrique-bon", "1.0", {
        "fabrique_kit.widgets": {"bonjour": "fabrique_bon:Hello", "pasbloc": "fabrique_bon:NotAWidget"},
        "fabrique_kit.templates": {"vide": "fabrique_bon"},  # a module without modele.toml
    }, {"fabrique_bon.py": GOOD_WIDGET})
    fake_dist.add("fabrique-jumeau", "1.0", {"fabrique_kit.widgets": {"bonjour": "fabrique_jumeau:hello_box"}},
                  {"fabrique_jumeau.py": GOOD_WIDGET})
    registry = get_registry()
    reasons = {f.entry: f.reason for f in registry.failures}
    assert "n'est pas un bloc" in reasons["fabrique_kit.widgets:pasbloc"]
    assert "modele.toml" in reasons["fabrique_kit.templates:vide"]
    # one name, two modules: the first (by module name) keeps it, the second is reported
    assert registry.widgets["bonjour"].module == "fabrique-bon"
    assert "déjà pris par le module fabrique-bon" in reasons["fabrique_kit.widgets:bonjour"]


def test_widgets_are_made_by_class_or_function_and_never_raise(fake_dist):
    fake_dist.add("fabrique-bon", "1.0", {"fabrique_kit.widgets": {
        "bonjour": "fabrique_bon:Hello", "boite": "fabrique_bon:hello_box"}}, {"fabrique_bon.py": GOOD_WIDGET})
    assert make_widget("bonjour", "Salut").text == "Salut"
    assert make_widget("boite", "salut").text == "SALUT"
    wrong_call = make_widget("boite")  # missing argument: a stand-in, not a crash
    assert isinstance(wrong_call, BrokenWidget)
    assert "TypeError" in wrong_call.reason and "fabrique-bon" in wrong_call.reason
    typo = make_widget("bonjur")
    assert isinstance(typo, BrokenWidget)
    assert "Vouliez-vous dire « bonjour » ?" in typo.reason


def test_a_source_factory_that_raises_gives_a_stand_in(fake_dist, tmp_path, wired):
    fake_dist.add("fabrique-bon", "1.0", {"fabrique_kit.sources": {"bonjour": "fabrique_bon:make_source"}},
                  {"fabrique_bon.py": GOOD_WIDGET})
    with make_kit(tmp_path) as kit:
        source = kit.source("bonjour")
        source.refresh(kit.state)
        assert "clé d'API manquante" in kit.state.value("bonjour").error
        kit.state.set("bonjour", None)  # forget the error: the kit's own refresh must set it again
        kit.refresh_all()  # added to the kit: refreshed with the others
        assert "clé d'API manquante" in kit.state.value("bonjour").error


def test_contributed_templates_leave_fabrique_kit_names_alone(fake_dist):
    from fabrique_kit.modules import contributed_templates

    files = {
        "fabrique_modeles/__init__.py": """
            from pathlib import Path
            HERE = Path(__file__).parent
            BIBLIO, CASSE, HALL = HERE / "biblio", HERE / "casse", HERE / "hall"
        """,
        "fabrique_modeles/biblio/modele.toml": 'description = "Écran de la bibliothèque"\n',
        "fabrique_modeles/biblio/main.py": "print('bonjour')\n",
        "fabrique_modeles/casse/modele.toml": "description = \n",
        "fabrique_modeles/hall/modele.toml": 'description = "Un autre afficheur"\n',
    }
    fake_dist.add("fabrique-modeles", "1.0", {"fabrique_kit.templates": {
        "biblio": "fabrique_modeles:BIBLIO", "casse": "fabrique_modeles:CASSE",
        "afficheur": "fabrique_modeles:HALL", "module": "fabrique_modeles:HALL"}}, files)
    found = contributed_templates()
    assert set(found) == {"biblio"}  # a broken modele.toml is skipped, fabrique-kit's names kept
    assert found["biblio"].description_en == "Écran de la bibliothèque"  # no English: the French one
    assert (found["biblio"].folder / "main.py").is_file()
    reasons = {f.entry: f.reason for f in get_registry().failures}
    assert "réservé" in reasons["fabrique_kit.templates:module"]
