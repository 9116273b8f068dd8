# Le jeu : une question en image, dite à voix haute. Chaque fruit relié à la
# Makey Makey (flèches gauche, droite, haut, bas) est une réponse.
# Espace : redire la question. Clic : nouvelle partie.
# Les questions sont dans questions.toml : changez-les, puis « fabrique check ».

from fabrique_kit import Kit
from fabrique_kit.project.quiz import Quiz

kit = Kit()  # lit fabrique.toml, à côté de ce fichier
planning = kit.semainier("semainier.json")  # pour inviter à l'atelier gratuit suivant

jeu = Quiz.from_file(kit, "questions.toml", planning=planning)
kit.screen(jeu.draw)  # l'écran montre la question, les réponses et les points

kit.run()
