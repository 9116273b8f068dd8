"""Import of the open-data file « Lieux de médiation numérique » and its opening hours."""

from pathlib import Path

import pytest

from fabrique_kit.errors import DataError
from fabrique_kit.sources.semainier import load_semainier, save_semainier
from fabrique_kit.sources.semainier.importers.mednum import (
    OpeningHoursError,
    import_mednum,
    parse_opening_hours,
)

CSV = Path(__file__).parent / "fixtures" / "semainier" / "lieux-mediation-numerique.csv"


@pytest.mark.parametrize(
    "text, expected, holidays_off",
    [
        ("Mo-Fr 09:00-12:00,14:00-17:00; Sa 09:00-12:00",
         {**{d: ["09:00-12:00", "14:00-17:00"] for d in range(5)}, 5: ["09:00-12:00"]}, False),
        ("Mo,We,Fr 10:00-12:00; PH off", {0: ["10:00-12:00"], 2: ["10:00-12:00"], 4: ["10:00-12:00"]}, True),
        ("Sa-Mo 10:00-12:00", {5: ["10:00-12:00"], 6: ["10:00-12:00"], 0: ["10:00-12:00"]}, False),
        ("Mo-Fr 09:00-18:00; We off", {0: ["09:00-18:00"], 1: ["09:00-18:00"], 3: ["09:00-18:00"],
                                       4: ["09:00-18:00"]}, False),
        ("09:00-12:00", {d: ["09:00-12:00"] for d in range(7)}, False),
        ("Mo-We,Fr 14:00-24:00", {0: ["14:00-23:59"], 1: ["14:00-23:59"], 2: ["14:00-23:59"],
                                  4: ["14:00-23:59"]}, False),
        ("24/7", {d: ["00:00-23:59"] for d in range(7)}, False),
        ("", {}, False),
    ],
)
def test_opening_hours_common_subset(text, expected, holidays_off):
    assert parse_opening_hours(text) == (expected, holidays_off)


@pytest.mark.parametrize(
    "text", ["Jan-Jun Mo 10:00-12:00", "Mo 10:00-12:00 \"sur RDV\"", "SH off", "PH 10:00-12:00",
             "Mo 10h-12h", "Mo 12:00-10:00", "Mo-Fr 09:00-12:00 || Sa 10:00-11:00", "week 1-10 Mo 09:00-10:00"],
)
def test_unsupported_opening_hours_are_refused(text):
    with pytest.raises(OpeningHoursError):
        parse_opening_hours(text)


def test_import_keeps_the_commune_and_explains_unsupported_rows(tmp_path):
    document, warnings = import_mednum(CSV, commune="rennes")
    names = [p["nom"] for p in document["lieux"]]
    assert names == ["Espace Social Commun Maurepas", "Espace Social Commun Villejean", "Carrefour 18"]
    maurepas = document["lieux"][0]
    assert maurepas["adresse"] == "Place du Gros Chêne, 35700 Rennes"
    assert maurepas["services"][1] == "Accéder à une connexion internet"
    assert maurepas["horaires"]["lundi"] == "09:00-12:30, 13:30-17:30"
    assert "horaires" not in document["lieux"][2]
    unsupported, nameless = warnings
    assert (unsupported.line, unsupported.field) == (4, "horaires")
    assert "Jan-Jun Mo-Fr 14:00-18:00" in unsupported.message and "Carrefour 18" in unsupported.message
    assert nameless.line == 6
    save_semainier(tmp_path / "semainier.json", document)
    semainier = load_semainier(tmp_path / "semainier.json")
    assert [len(p.slots) for p in semainier.places] == [10, 8, 0]
    assert semainier.places[1].hours[0][0][0].hour == 13


def test_import_without_filter_and_errors(tmp_path):
    document, _warnings = import_mednum(CSV)
    assert len(document["lieux"]) == 4
    with pytest.raises(DataError) as caught:
        import_mednum(CSV, commune="Brest")
    assert "Aucun lieu" in str(caught.value)
    wrong = tmp_path / "wrong.csv"
    wrong.write_text("name;hours\nA;Mo 09:00-10:00\n", "utf-8")
    with pytest.raises(DataError) as caught:
        import_mednum(wrong)
    assert "horaires, nom" in str(caught.value) and caught.value.problems[0].line == 1


HEADER = "id,nom,commune,code_postal,adresse,horaires,services\n"


def test_a_file_saved_in_windows_1252_is_read_with_its_accents(tmp_path):
    path = tmp_path / "lieux.csv"
    path.write_bytes((HEADER + 'a,Espace Social Commun Cleunay,Rennes,35000,Rue Jules Lallemand,'
                      '"Mo 09:00-12:00",Accéder à du matériel\n').encode("cp1252"))
    document, warnings = import_mednum(path)
    assert document["lieux"][0]["services"] == ["Accéder à du matériel"]
    assert [w.severity for w in warnings] == ["warning"] and "Windows-1252" in warnings[0].message


def test_school_holidays_and_dated_exceptions_keep_the_regular_hours(tmp_path):
    path = tmp_path / "lieux.csv"
    path.write_text(HEADER
                    + 'a,ESC Cleunay,Rennes,35000,,"Mo-Fr 09:00-12:00; SH off",\n'
                    + 'b,ESC Bréquigny,Rennes,35200,,"Tu 14:00-17:00; 2020 Dec 24 off",\n'
                    + 'c,ESC Blosne,Rennes,35200,,"We 10:00-12:00; 2099 Dec 24-26 off; PH off",\n', "utf-8")
    document, warnings = import_mednum(path)
    cleunay, brequigny, blosne = document["lieux"]
    assert len(cleunay["creneaux"]) == 5 and all(s["pendant_vacances"] is False for s in cleunay["creneaux"])
    assert brequigny["horaires"] == {"mardi": "14:00-17:00"} and "fermetures" not in brequigny
    assert blosne["horaires"] == {"mercredi": "10:00-12:00"}
    assert [f["date"] for f in blosne["fermetures"]] == ["2099-12-24", "2099-12-25", "2099-12-26"]
    assert [(w.line, "vacances" in w.message or "2020 Dec 24" in w.message) for w in warnings] == [(2, True), (3, True)]
    save_semainier(tmp_path / "semainier.json", document)  # a valid semainier
    assert [len(p.slots) for p in load_semainier(tmp_path / "semainier.json").places] == [5, 1, 1]
