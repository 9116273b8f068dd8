# Exemple 5 — une borne avec un Makey Makey : chaque fruit montre une aide.
# Au clavier : flèches gauche et droite. Avec un Makey Makey : deux fruits.
from fabrique_kit import Kit

kit = Kit()
AIDES = [
    ("CAF", "Pour la CAF, apportez votre numéro d'allocataire et votre code."),
    ("Préfecture", "Pour un titre de séjour, apportez votre passeport et un justificatif de domicile."),
    ("Emploi", "L'Espace Ressources Emploi aide à faire un CV, le jeudi matin."),
]
kit.state.set("aide", 0)


def suivante():
    kit.state.set("aide", (kit.state.get("aide") + 1) % len(AIDES))


def precedente():
    kit.state.set("aide", (kit.state.get("aide") - 1) % len(AIDES))


kit.key("right", "Aide suivante").when_pressed = suivante
kit.key("left", "Aide précédente").when_pressed = precedente


@kit.screen
def borne(screen):
    titre, texte = AIDES[kit.state.get("aide")]
    screen.header("Borne d'information", clock=False)
    screen.text(texte, title=titre, large=True)


kit.run()
