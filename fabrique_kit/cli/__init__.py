"""The ``fabrique`` command: every click command lives in this package, and each is thin.

``app.py`` builds the group (in the kit's language); the other modules hold the
commands of one part each and only call the library.

Example::

    from fabrique_kit.cli import main
    main(["preview", "mon-afficheur", "-o", "ecran.png"])
"""

from fabrique_kit.cli.app import build_cli, main

__all__ = ["build_cli", "main"]
