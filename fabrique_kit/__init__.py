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

__version__ = "0.1.0"

from fabrique_kit.errors import FabriqueError  # noqa: E402
from fabrique_kit.kit import Kit  # noqa: E402

__all__ = ["Kit", "FabriqueError", "__version__"]
