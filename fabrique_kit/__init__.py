"""fabrique-kit: frugal social-information devices on a Raspberry Pi.

The beginner's front door is :class:`Kit`::

    from fabrique_kit import Kit

    kit = Kit()                      # reads fabrique.toml beside this script
    planning = kit.semainier("semainier.json")

    @kit.screen
    def hall(screen):
        screen.header(kit.place, clock=True)
        screen.schedule(planning.today())

    kit.run()
"""

from fabrique_kit._version import __version__
from fabrique_kit.errors import FabriqueError
from fabrique_kit.kit import Kit

__all__ = ["Kit", "FabriqueError", "__version__"]
