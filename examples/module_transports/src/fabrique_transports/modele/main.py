# Les prochains bus et métros d'un arrêt STAR, à côté du nom du lieu.
# Changez ARRET pour l'arrêt le plus proche (son nom exact sur star.fr).
from fabrique_kit import Kit

ARRET = "Gros Chêne"

kit = Kit()
bus = kit.source("transports", arret=ARRET, every="1 min")


@kit.screen
def hall(screen):
    screen.header(kit.place, clock=True)
    screen.text("Bienvenue ! L'accueil est au rez-de-chaussée.", title="Informations")
    screen.widget("departs", bus.next(6), title=f"Bus à {ARRET}")


kit.run()
