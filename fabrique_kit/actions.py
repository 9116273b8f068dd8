"""Actions: the only way anything changes the kit's state.

A button, a web form, an API call and another kit all call the same action by name.
Actions are plain functions registered on the kit.

Example::

    actions = Actions()
    actions.register("attente.take_ticket", queue.take_ticket)
    actions.run("attente.take_ticket")
"""

from __future__ import annotations

import inspect
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from fabrique_kit.errors import FabriqueError, suggestion_hint
from fabrique_kit.i18n import _


@dataclass
class Action:
    name: str
    function: Callable[..., Any]
    label: str
    params: tuple[str, ...]


class Actions:
    """The kit's registry of named actions. Running one is serialised (one at a time).

    Example: ``kit.actions.run("attente.call_next", desk=2)``
    """

    def __init__(self):
        self._actions: dict[str, Action] = {}
        self._lock = threading.RLock()

    def register(self, name: str, function: Callable[..., Any], label: str | None = None) -> Action:
        """Make ``function`` callable as ``name`` from buttons, the web app and other kits."""
        params = tuple(
            p.name
            for p in inspect.signature(function).parameters.values()
            if p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)
        )
        action = Action(name, function, label or name, params)
        with self._lock:
            self._actions[name] = action
        return action

    def __contains__(self, name: str) -> bool:
        return name in self._actions

    def names(self) -> list[str]:
        return sorted(self._actions)

    def describe(self) -> list[dict]:
        return [
            {"name": a.name, "label": a.label, "params": list(a.params)}
            for a in sorted(self._actions.values(), key=lambda a: a.name)
        ]

    def run(self, name: str, /, **params: Any) -> Any:
        """Run the action ``name`` with ``params``; a bad name or parameter is a FabriqueError."""
        action = self._actions.get(name)
        if action is None:
            raise FabriqueError(
                _("L'action « {name} » n'existe pas sur ce kit.", name=name),
                field="action",
                hint=suggestion_hint(name, self._actions),
            )
        unknown = set(params) - set(action.params)
        if unknown:
            raise FabriqueError(
                _(
                    "L'action « {name} » ne prend pas le paramètre « {param} ».",
                    name=name,
                    param=sorted(unknown)[0],
                ),
                field=sorted(unknown)[0],
                hint=suggestion_hint(sorted(unknown)[0], action.params),
            )
        with self._lock:
            return action.function(**params)
