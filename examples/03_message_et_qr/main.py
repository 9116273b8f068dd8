# Exemple 3 — un message du jour et un QR code pour prendre rendez-vous.
from fabrique_kit import Kit

kit = Kit()
kit.post_message("Permanence exceptionnelle samedi matin, sans rendez-vous.")


@kit.screen
def hall(screen):
    screen.header("Carrefour 18", clock=True)
    if kit.message:
        screen.message(kit.message["text"])
    screen.text("Besoin d'aide pour une démarche en ligne ? Venez avec vos papiers et vos codes.",
                title="Permanence numérique")
    screen.qr("https://metropole.rennes.fr", label="Prendre rendez-vous")


kit.run()
