# Exemple 7a — l'accueil : un bouton donne un ticket ; le compteur vit ici.
from fabrique_kit import Kit

kit = Kit()
attente = kit.counter("attente")
kit.button(17, "Prendre un ticket").when_pressed = attente.take_ticket


@kit.screen
def accueil(screen):
    screen.header(kit.place, clock=True)
    screen.big_number(attente.status(), label="Dernier ticket appelé")


kit.run()
