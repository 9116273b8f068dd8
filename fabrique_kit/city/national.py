"""The city's offer as national open data: the schema « Lieux de médiation numérique »
(version 1.0.2, https://schema.data.gouv.fr/LaMednum/standard-mediation-num/), one row per
place, in CSV (the schema's file format) and JSON (the same rows); ``horaires`` in
OpenStreetMap ``opening_hours`` syntax. Importing it back uses the semainier's importer.

The schema needs facts a semainier does not hold: the place's SIRET or RNA (``pivot``)
is given by the coordinator, never invented; a place without one is left out with a
located warning, like a place whose address has no postal code.

Example::

    rows, warnings = national_rows(semainier, pivots={"maurepas": "21350238800019"})
    write_national("lieux.csv", rows)          # or "lieux.json"
    document, problems = import_national("lieux.csv")
"""

from __future__ import annotations

import csv
import io
import json
import re
import tempfile
from datetime import date
from pathlib import Path

from fabrique_kit.city.offer import osm_hours
from fabrique_kit.city.topics import place_id
from fabrique_kit.errors import DataError, Problem
from fabrique_kit.files import write_atomically
from fabrique_kit.i18n import _
from fabrique_kit.sources.semainier.importers.mednum import import_mednum
from fabrique_kit.sources.semainier.model import Place, SemainierData

SCHEMA_VERSION = "1.0.2"
COLUMNS = (
    "id", "pivot", "nom", "commune", "code_postal", "code_insee", "adresse", "complement_adresse",
    "latitude", "longitude", "typologie", "telephone", "courriels", "site_web", "horaires",
    "presentation_resume", "presentation_detail", "source", "itinerance", "structure_parente", "date_maj",
    "services", "publics_specifiquement_adresses", "prise_en_charge_specifique", "frais_a_charge",
    "dispositif_programmes_nationaux", "formations_labels", "autres_formations_labels", "modalites_acces",
    "modalites_accompagnement", "fiche_acces_libre", "prise_rdv",
)
# words of the semainier's services and what the national vocabulary calls them
SERVICE_WORDS = (
    ("demarche", "Aide aux démarches administratives"),
    ("caf", "Aide aux démarches administratives"),
    ("emploi", "Insertion professionnelle via le numérique"),
    ("atelier", "Maîtrise des outils numériques du quotidien"),
    ("informaticien", "Maîtrise des outils numériques du quotidien"),
    ("arnaque", "Utilisation sécurisée du numérique"),
    ("scolarite", "Parentalité et éducation avec le numérique"),
    ("parent", "Parentalité et éducation avec le numérique"),
    ("wi-fi", "Accès internet et matériel informatique"),
    ("acces libre", "Accès internet et matériel informatique"),
)
_ADDRESS = re.compile(r"^(?P<street>.*?)[,\s]+(?P<postcode>\d{5})\s+(?P<town>.+)$")
_PIVOT = re.compile(r"^[a-zA-Z0-9]{9,14}$")


def split_address(address: str | None) -> tuple[str, str, str] | None:
    """``"Place du Gros Chêne, 35700 Rennes"`` → ``("Place du Gros Chêne", "35700", "Rennes")``."""
    match = _ADDRESS.match((address or "").strip())
    if not match or not match["street"].strip():
        return None
    return match["street"].strip(" ,"), match["postcode"], match["town"].strip()


def national_services(place: Place) -> str:
    """The national names of what ``place`` offers, ``|``-separated (the schema's separator)."""
    from fabrique_kit.sources.semainier.queries import simplify

    names = [s.service for s in place.slots] + [o.service for o in place.one_offs] + list(place.services)
    found: list[str] = []
    for name in names:
        text = simplify(name)
        for word, national in SERVICE_WORDS:
            if word in text and national not in found:
                found.append(national)
    return "|".join(found)


def place_row(semainier: SemainierData, place: Place, *, pivot: str, updated: date, source: str) -> dict:
    """One place as one row of the national schema (every column, empty when unknown)."""
    street, postcode, town = split_address(place.address) or ("", "", "")
    drop_in = any(s.drop_in for s in place.slots)
    by_appointment = any(not s.drop_in for s in place.slots)
    row = dict.fromkeys(COLUMNS, "")
    row.update({
        "id": place_id(place.name), "pivot": pivot, "nom": place.name, "commune": town, "code_postal": postcode,
        "adresse": street, "horaires": osm_hours(place, semainier.public_holidays), "source": source,
        "itinerance": "Fixe", "date_maj": updated.isoformat(), "services": national_services(place),
        "modalites_acces": "|".join(m for m, on in (("Se présenter", drop_in), ("Téléphoner", by_appointment)) if on),
        "modalites_accompagnement": "Accompagnement individuel" if place.slots else "",
    })
    return row


def national_rows(semainier: SemainierData, *, pivots: dict[str, str], updated: date | None = None,
                  source: str = "", file: str | None = None) -> tuple[list[dict], list[Problem]]:
    """Every exportable place of ``semainier`` as rows; the others as warnings.

    ``pivots`` maps a place's identifier (``place_id`` of its name) to its SIRET or RNA.
    """
    rows, warnings = [], []
    for place in semainier.places:
        ident = place_id(place.name)
        pivot = (pivots.get(ident) or "").strip()
        if not _PIVOT.match(pivot):
            warnings.append(Problem(
                _("Lieu « {name} » : pas de SIRET ou RNA (« pivot » du schéma national) ; il n'est pas exporté.",
                  name=place.name), file=file, field="pivot", severity="warning",
                hint=_("Ajoutez --siret {ident}=NUMERO (14 chiffres) ou le numéro RNA.", ident=ident)))
            continue
        if split_address(place.address) is None:
            warnings.append(Problem(
                _("Lieu « {name} » : l'adresse n'a pas de code postal ; il n'est pas exporté.", name=place.name),
                file=file, field="adresse", severity="warning",
                hint=_("Écrivez l'adresse ainsi : « Place du Gros Chêne, 35700 Rennes »."))
            )
            continue
        rows.append(place_row(semainier, place, pivot=pivot, updated=updated or date.today(), source=source))
    return rows, warnings


def csv_text(rows: list[dict]) -> str:
    """The rows as the schema's CSV: every column in order, UTF-8, commas, quoted when needed."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def write_national(path: str | Path, rows: list[dict]) -> Path:
    """Write ``rows`` to ``path``: JSON when it ends in ``.json``, else CSV (atomically)."""
    path = Path(path)
    if path.suffix.lower() == ".json":
        return write_atomically(path, json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
    return write_atomically(path, csv_text(rows))


def import_national(path: str | Path, commune: str | None = None) -> tuple[dict, list[Problem]]:
    """A semainier document from a national file (CSV or the JSON rows); see ``import_mednum``."""
    path = Path(path)
    if path.suffix.lower() != ".json":
        return import_mednum(path, commune=commune)
    try:
        rows = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise DataError(_("Impossible de lire le fichier : {error}", error=error), file=str(path)) from error
    if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
        raise DataError(_("Le fichier doit être une liste de lieux (schéma « Lieux de médiation numérique »)."),
                        file=str(path))
    with tempfile.TemporaryDirectory() as folder:
        plain = Path(folder) / (path.stem + ".csv")
        plain.write_text(csv_text([{k: str(r.get(k) or "") for k in COLUMNS} for r in rows]), encoding="utf-8")
        document, problems = import_mednum(plain, commune=commune)
    document["commentaire"] = _("Importé de {source}.", source=path.name)
    return document, problems
