# Exemple 2 — le planning du jour, lu dans semainier.json.
# Modifiez semainier.json : l'écran change tout seul en quelques secondes.
from fabrique_kit import Kit

kit = Kit()
planning = kit.semainier("semainier.json", place="Espace Social Commun Villejean")


@kit.screen
def hall(screen):
    screen.header("Espace Social Commun Villejean", clock=True)
    screen.schedule(planning.today(), title="Aujourd'hui")


kit.run()
