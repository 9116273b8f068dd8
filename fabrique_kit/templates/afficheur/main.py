# L'afficheur du hall : le planning du jour, le message et le numéro appelé.
# Lancez-le avec :  fabrique run
# L'aperçu s'ouvre sur http://127.0.0.1:8000

from fabrique_kit import Kit

kit = Kit()  # lit fabrique.toml, à côté de ce fichier

# Les sources de données
planning = kit.semainier("semainier.json")  # le planning de la semaine
attente = kit.counter("attente")  # les tickets de la file d'attente

# Deux boutons (simulés dans l'aperçu si vous n'avez pas de Raspberry Pi)
kit.button(17, "Prendre un ticket").when_pressed = attente.take_ticket
kit.button(27, "Appeler le suivant").when_pressed = attente.call_next


# Ce que montre l'écran, de haut en bas
@kit.screen
def hall(screen):
    screen.header(kit.place, clock=True)  # le lieu, la date et l'heure
    if kit.message:  # le message du jour, s'il y en a un
        screen.message(kit.message["text"], kind=kit.message.get("kind", "information"))
    # aujourd'hui, puis la suite ; un jour de fermeture : la réouverture
    screen.schedule(planning.today(), coming=planning.next(), reopens=planning.opens_at())
    screen.big_number(attente.status())  # le numéro appelé


kit.run()
