"""``python -m fabrique_kit`` is the ``fabrique`` command."""

from fabrique_kit.cli import main

main()
