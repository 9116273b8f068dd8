# Exemple 8 — le bon papier au bon guichet : un jeu pour ados et adultes.
# Un papier s'affiche : à quel guichet l'apporter ? Flèche gauche, haut ou droite
# (trois fruits sur une Makey Makey), avant la fin des 10 secondes.
# Ce qu'il montre : des sons (juste, faux, bravo), un chrono, et l'état du jeu
# dans kit.state (l'écran se redessine quand il change).
from fabrique_kit import Kit
from fabrique_kit.screen.outputs.sounds import SoundPlayer

kit = Kit()
sons = SoundPlayer(state=kit.state)  # sans carte son : silencieux, et noté dans le journal

GUICHETS = {"left": "CAF", "up": "Préfecture", "right": "France Travail"}
FLECHES = {"left": "Flèche gauche", "up": "Flèche haut", "right": "Flèche droite"}
PAPIERS = [  # l'image, ce que c'est, la touche du bon guichet
    ("images/attestation-caf.png", "Une attestation de paiement de la CAF", "left"),
    ("images/titre-de-sejour.png", "Un titre de séjour à renouveler", "up"),
    ("images/cv.png", "Un CV pour chercher un emploi", "right"),
    ("images/passeport.png", "Un passeport pour une demande de titre de séjour", "up"),
    ("images/fiche-de-paie.png", "Une fiche de paie pour la prime d'activité", "left"),
]
SECONDES = 10
kit.state.set("partie", {"tour": 0, "points": 0, "reste": SECONDES, "fini": False})


def suite(partie, juste):
    """Le son, le point, puis le papier suivant (ou la fin)."""
    sons.play("bravo" if juste else "oups")
    partie = dict(partie, points=partie["points"] + juste, tour=partie["tour"] + 1, reste=SECONDES)
    if partie["tour"] == len(PAPIERS):
        partie["fini"] = True
        sons.play("applaudissements")
    kit.state.set("partie", partie)


def choisir(touche):
    partie = kit.state.get("partie")
    if not partie["fini"]:
        suite(partie, touche == PAPIERS[partie["tour"]][2])


def rejouer():
    kit.state.set("partie", {"tour": 0, "points": 0, "reste": SECONDES, "fini": False})


for touche, guichet in GUICHETS.items():
    kit.key(touche, f"Guichet {guichet}").when_pressed = lambda t=touche: choisir(t)
kit.key("space", "Rejouer").when_pressed = rejouer


@kit.every("1 s")
def chrono():
    partie = kit.state.get("partie")
    if partie["fini"]:
        return  # rien ne change : l'écran ne se redessine pas
    if partie["reste"] > 1:
        kit.state.set("partie", dict(partie, reste=partie["reste"] - 1))
    else:
        suite(partie, False)  # temps écoulé : compté faux


@kit.screen
def jeu(screen):
    partie = kit.state.get("partie")
    screen.header("Le bon papier au bon guichet", clock=False)
    if partie["fini"]:
        screen.text(f"{partie['points']} bonnes réponses sur {len(PAPIERS)}", title="Bravo !", large=True)
        screen.text("Une question sur vos papiers ? Demandez à l'accueil les prochaines permanences. "
                    "Pour rejouer : Espace.")
        return
    image, question, _bonne = PAPIERS[partie["tour"]]
    screen.grid(rows=2, cols=3)
    screen.image(kit.project_dir / image).at(row=0, col=0)  # à côté de main.py
    screen.text(question, title=f"Papier {partie['tour'] + 1} sur {len(PAPIERS)}", large=True).at(row=0, col=1)
    screen.big_number(partie["reste"], label="secondes").at(row=0, col=2)
    for col, (touche, guichet) in enumerate(GUICHETS.items()):
        screen.text(guichet, title=FLECHES[touche], large=True, align="center").at(row=1, col=col)


kit.run()
