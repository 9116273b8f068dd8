# Exemple 7b — la salle d'attente : elle trouve l'accueil sur le réseau,
# affiche son numéro appelé et envoie « appeler le suivant » avec la clé du site.
from fabrique_kit import Kit

kit = Kit()
attente = kit.follow("accueil", "attente")  # la valeur de l'accueil, en direct


def appeler_le_suivant():
    kit.peer("accueil").counter("attente").call_next(desk=1)


kit.button(27, "Appeler le suivant").when_pressed = appeler_le_suivant


@kit.screen
def salle(screen):
    screen.header(kit.place, clock=True)
    screen.big_number(attente.value(), label="Numéro appelé")


kit.run()
