# Exemple 1 — un écran en cinq lignes.
# Lancez :  fabrique run examples/01_ecran_en_cinq_lignes
from fabrique_kit import Kit

kit = Kit()
kit.screen(lambda screen: screen.text("Bonjour ! Les permanences numériques sont gratuites.", title="Bienvenue"))
kit.run()
