# Le compteur d'attente : un bouton donne un ticket, un autre appelle le suivant.
# Lancez-le avec :  fabrique run
# Sans Raspberry Pi, cliquez les boutons dans l'aperçu : http://127.0.0.1:8000

from fabrique_kit import Kit

kit = Kit()  # lit fabrique.toml, à côté de ce fichier

# Les tickets de la file d'attente (gardés même après une coupure de courant)
attente = kit.counter("attente")

# Les deux boutons : à l'accueil, et au poste de la médiatrice
kit.button(17, "Prendre un ticket").when_pressed = attente.take_ticket
kit.button(27, "Appeler le suivant").when_pressed = attente.call_next


# Ce que montre l'écran de la salle d'attente
@kit.screen
def salle(screen):
    screen.header(kit.place, clock=True)  # le lieu et l'heure
    screen.big_number(attente.status())  # le numéro appelé, très grand


kit.run()
