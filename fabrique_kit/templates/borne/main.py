# La borne : chaque appui montre la page suivante (planning, puis fiches d'aide).
# Un bouton sur la broche 17, ou la barre Espace (une pastille de la Makey Makey).

from fabrique_kit import Kit

kit = Kit()  # lit fabrique.toml, à côté de ce fichier
planning = kit.semainier("semainier.json")  # le planning de la semaine

# Les pages de la borne : un titre et un texte court (None = la page du planning)
SUJETS = [
    ("Prochaines permanences", None),
    ("Borne CAF", "En accès libre au fond du hall, aux heures d'ouverture."),
    ("Wi-Fi gratuit", "Réseau public : demandez le code à l'accueil."),
    ("Trouver un emploi", "Espace Ressources Emploi : ordinateurs et aide pour le CV."),
]
kit.state.set("page", 0)  # la page montrée


def page_suivante():
    kit.state.set("page", (kit.state.get("page") + 1) % len(SUJETS))


def page_precedente():
    kit.state.set("page", (kit.state.get("page") - 1) % len(SUJETS))


kit.button(17, "Page suivante").when_pressed = page_suivante
kit.key("space", "Page suivante (Espace)").when_pressed = page_suivante


# Ce que montre l'écran : la page choisie
@kit.screen
def borne(screen):
    titre, texte = SUJETS[kit.state.get("page")]
    screen.header(kit.place, clock=True)
    if texte is None:
        screen.schedule(planning.today(), title=titre)
    else:
        screen.text(texte, title=titre, large=True)


kit.run()
