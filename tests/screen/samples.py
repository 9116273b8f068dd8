"""Sample data for the screen tests: a Monday afternoon at the ESC Maurepas."""

from __future__ import annotations

from datetime import datetime

from PIL import Image, ImageChops

from fabrique_kit.clock import PARIS
from fabrique_kit.model import NewsItem, Session
from fabrique_kit.state import State

LONG_FRENCH = (
    "Permanence numérique : démarches accompagnées pour la préfecture, les titres de séjour, "
    "la CAF, France Travail et les impôts. Venez avec vos identifiants, votre téléphone et "
    "vos justificatifs ! L'équipe de médiation vous reçoit sans rendez-vous l'après-midi ; "
    "le matin, les informaticiens publics de l'ARCS reçoivent sur rendez-vous. « Bienvenue » à toutes et à tous."
)
ARABIC = "مساعدة مجانية في الإجراءات الإدارية عبر الإنترنت كل يوم ثلاثاء في Maurepas من الساعة 14 إلى 17"


def at(hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, 23, hour, minute, tzinfo=PARIS)


def sample_sessions() -> list[Session]:
    return [
        Session(at(9), at(12), "Permanence numérique", who="Awa", room="Salle 2"),
        Session(at(14), at(17), "Démarches accompagnées : préfecture, titres de séjour", who="Karim",
                room="Salle 2"),
        Session(at(15), at(16, 30), "Atelier : découvrir son smartphone", room="Salle informatique",
                cancelled=True, reason="formatrice absente"),
        Session(at(17), at(18), "Espace Ressources Emploi", room="Accueil", drop_in=False),
    ]


def sample_news() -> list[NewsItem]:
    return [
        NewsItem("Nouveaux horaires des bornes CAF", "Les bornes en libre accès sont ouvertes aux heures d'accueil."),
        NewsItem("Atelier « FranceConnect » jeudi", "Apprendre à se connecter aux services publics en ligne."),
        NewsItem("Wi-Fi public gratuit", "Demandez le code à l'accueil !"),
        NewsItem(ARABIC, "كل يوم ثلاثاء"),
    ]


def hall(state: State, per_page: int = 2):
    """The standard hall screen used by most tests."""

    def draw(screen):
        screen.header("Espace Social Commun Maurepas")
        screen.schedule(state.get("semainier"))
        screen.big_number(state.get("attente"))
        screen.news(state.get("actus"), per_page=per_page, seconds_per_page=20)
        screen.qr("https://www.espacenumeriqueesc.fr", label="Tous nos ateliers")
        screen.status(simulation=True)

    return draw


def changed_box(before: Image.Image, after: Image.Image):
    """The bounding box of the pixels that differ (None if identical)."""
    return ImageChops.difference(before.convert("RGB"), after.convert("RGB")).getbbox()


def inside(inner, outer) -> bool:
    return inner[0] >= outer[0] and inner[1] >= outer[1] and inner[2] <= outer[2] and inner[3] <= outer[3]
