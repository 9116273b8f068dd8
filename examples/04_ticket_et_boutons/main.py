# Exemple 4 — une file d'attente : un bouton donne un ticket, un autre appelle le suivant.
# Sans Raspberry Pi, cliquez les boutons dans l'aperçu (http://127.0.0.1:8000).
from fabrique_kit import Kit

kit = Kit()
attente = kit.counter("attente")
voyant = kit.led(22, "Voyant d'appel")


def appeler():
    attente.call_next()
    voyant.blink(on_time=0.5, off_time=0.5, n=3)


kit.button(17, "Prendre un ticket").when_pressed = attente.take_ticket
kit.button(27, "Appeler le suivant").when_pressed = appeler


@kit.screen
def hall(screen):
    screen.header("Espace Social Commun Cleunay", clock=True)
    screen.big_number(attente.status())


kit.run()
