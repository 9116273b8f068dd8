# La borne : chaque appui (bouton sur la broche 17, barre Espace ou pastille de la Makey Makey)
# montre la page suivante : les prochaines permanences, puis des fiches d'aide.

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


# Ce que montre l'écran : la page choisie, et comment passer à la suivante
@kit.screen
def borne(screen):
    titre, texte = SUJETS[kit.state.get("page")]
    screen.header(kit.place, clock=True)
    screen.grid(rows=5, cols=1)  # les blocs l'un sous l'autre, la dernière ligne pour l'aide
    if texte is not None:
        screen.text(texte, title=titre, large=True).at(row=0, col=0, rows=4)
    else:  # le prochain jour qui a encore une permanence : aujourd'hui, ou un jour suivant
        maintenant = kit.clock.now()
        jours = [(j, [s for s in ss if s.end > maintenant]) for j, ss in planning.week().items()]
        jour, seances = next(((j, ss) for j, ss in jours if ss), (maintenant.date(), planning.today()))
        nom = "aujourd'hui" if jour == maintenant.date() else f"le {jour:%d/%m}"
        screen.schedule(seances, title=f"{titre} {nom}", coming=planning.next()).at(row=0, col=0, rows=4)
    screen.text(f"Appuyez sur le bouton pour voir la page suivante ({kit.state.get('page') + 1} "
                f"sur {len(SUJETS)})", align="center").at(row=4, col=0)


kit.run()
