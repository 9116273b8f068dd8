# L'indicateur de salle : un détecteur de présence dit si la salle est occupée.
# Sans Raspberry Pi, cochez « Détecteur salle 2 » dans l'aperçu.

from datetime import timedelta

from fabrique_kit import Kit

kit = Kit()  # lit fabrique.toml, à côté de ce fichier
detecteur = kit.motion_sensor(24, "Détecteur salle 2")
ATTENTE = timedelta(minutes=5)  # « libre » seulement 5 min après le dernier mouvement


# À chaque mouvement, on note l'heure (jamais d'image ni de son)
def mouvement():
    kit.state.set("dernier_mouvement", kit.clock.now())


detecteur.when_motion = mouvement


def salle_occupee():
    dernier = kit.state.get("dernier_mouvement")
    if detecteur.motion_detected:
        return True
    return dernier is not None and kit.clock.now() - dernier < ATTENTE


@kit.screen
def indicateur(screen):
    screen.header(kit.place, clock=True)  # l'heure : l'écran se relit chaque minute
    if salle_occupee():
        screen.message("Atelier en cours : merci de patienter", kind="alert")
        screen.big_number("Occupée", label="Salle informatique")
    else:
        screen.message("Salle informatique : libre, entrez !")
        screen.big_number("Libre", label="Salle informatique")


kit.run()
