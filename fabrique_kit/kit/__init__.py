"""The Kit, the beginner's front door, and the pieces it is made of.

- :mod:`~fabrique_kit.kit.facade`: the ``Kit`` class (what a ``main.py`` uses);
- :mod:`~fabrique_kit.kit.lifecycle`: start, run, stop, close (threads, signals);
- :mod:`~fabrique_kit.kit.sources_side`: the source factories and their list;
- :mod:`~fabrique_kit.kit.web_side`: ``KitWebInterface``, what the web app receives;
- :mod:`~fabrique_kit.kit.from_config`: what ``fabrique.toml`` declares, built and located.

Example::

    from fabrique_kit.kit import Kit
    kit = Kit()
    kit.run()
"""

from fabrique_kit.kit.facade import Kit
from fabrique_kit.kit.web_side import KitWebInterface

__all__ = ["Kit", "KitWebInterface"]
