"""What ``fabrique.toml`` declares (level 0: no code needed), built on a kit; a mistake in
a declared item is told at its line of ``fabrique.toml``, never at ``main.py``.

Example::

    build_from_config(kit)          # semainier, [[flux]], [[compteurs]], [[boutons]]
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from fabrique_kit.actions import Actions
from fabrique_kit.config import located
from fabrique_kit.errors import FabriqueError

if TYPE_CHECKING:
    from fabrique_kit.kit.facade import Kit

log = logging.getLogger("fabrique_kit")


def action_caller(actions: Actions, name: str) -> Callable[[], None]:
    """A function that runs the action ``name`` (a button's), logging its refusal."""

    def call():
        try:
            actions.run(name)
        except FabriqueError as error:
            log.warning("%s", error)

    call.__name__ = name
    return call


def build_from_config(kit: Kit) -> None:
    """Create what the config file declares on ``kit``."""
    config = kit.config
    if config.semainier is not None:
        with located(config, ("semainier", "fichier")):
            kit.semainier(config.semainier)
    for i, feed in enumerate(config.feeds):
        with located(config, ("flux", i)):
            kit.feed(feed.url, every=feed.every, name=feed.name, max_items=feed.max_items)
    for i, counter in enumerate(config.counters):
        with located(config, ("compteurs", i, "nom")):
            kit.counter(counter.name, desks=counter.desks)
    for i, button in enumerate(config.buttons):
        action = action_caller(kit.actions, button.action)
        if button.pin is not None:
            with located(config, ("boutons", i, "broche")):
                kit.button(button.pin, button.label or button.action).when_pressed = action
        if button.key:
            with located(config, ("boutons", i, "touche")):
                kit.key(button.key).when_pressed = action
