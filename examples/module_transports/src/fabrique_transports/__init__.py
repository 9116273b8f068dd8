"""fabrique-transports: the next buses and metros of the STAR network (Rennes) on a kit.

It adds to fabrique-kit a source (``transports``), a block (``departs``) and a project
template (``transports``). Example (a kit's main.py)::

    bus = kit.source("transports", arret="République")

    @kit.screen
    def hall(screen):
        screen.widget("departs", bus.next(5))
"""

from pathlib import Path

__version__ = "0.1.0"
MODELE = Path(__file__).resolve().parent / "modele"  # the folder ``fabrique new transports`` copies
