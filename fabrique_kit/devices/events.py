"""Actions attached to inputs: checked when assigned, and safe when they run.

``button.when_pressed = prendre_ticket`` stores a function that the button calls on
each press. Two beginner mistakes are caught here: writing ``prendre_ticket()`` (the
function runs once, now, and its result is stored) and a function that needs
parameters a button cannot give. When an action fails while running, the error is
logged with the device's label and the input keeps working.

Example::

    handler = EventSlot("when_pressed", owner=button)
    handler.set(prendre_ticket)
    handler.fire()          # calls prendre_ticket(), never raises
"""

from __future__ import annotations

import inspect
import logging
import threading
from collections.abc import Callable
from functools import partial
from typing import Any

from fabrique_kit.errors import FabriqueError
from fabrique_kit.i18n import _

log = logging.getLogger("fabrique_kit.devices")
_after_actions: list[Callable[[], None]] = []
_after_lock = threading.Lock()


def after_actions(callback: Callable[[], None]) -> Callable[[], None]:
    """Call ``callback()`` after every input action has run; returns what unsubscribes it.

    The kit uses it to look at the screen again after a press: an action may change a
    plain Python variable that the drawing function reads.

    Example: ``stop_watching = after_actions(screen_loop.recheck)``
    """
    with _after_lock:
        _after_actions.append(callback)

    def unsubscribe() -> None:
        with _after_lock:
            if callback in _after_actions:
                _after_actions.remove(callback)

    return unsubscribe


def _accepts(function: Callable, count: int) -> bool:
    """True if ``function`` can be called with ``count`` positional arguments."""
    target, args = function, ()
    while isinstance(target, partial):
        args = target.args + args
        target = target.func
    try:
        inspect.signature(target).bind(*args, *([None] * count))
    except TypeError:
        return False
    except ValueError:  # builtins without a signature: assume no parameter
        return count == 0
    return True


def check_action(event: str, value: Any, label: str) -> Callable | None:
    """Return ``value`` if it can be an action for ``event``; explain the mistake otherwise.

    The returned function takes no argument (a function taking one receives the
    device, as in gpiozero).
    """
    if value is None:
        return None
    if not callable(value):
        raise FabriqueError(
            _(
                "« {label} » : {event} doit recevoir une fonction, pas le résultat "
                "de son appel (ici {value}).",
                label=label,
                event=event,
                value=repr(value)[:60],
            ),
            field=event,
            hint=_(
                "Écrivez {event} = prendre_ticket, sans parenthèses : "
                "l'entrée appellera la fonction elle-même, à chaque fois.",
                event=event,
            ),
        )
    if not (_accepts(value, 0) or _accepts(value, 1)):
        name = getattr(value, "__name__", repr(value))
        raise FabriqueError(
            _(
                "« {label} » : la fonction {name} attend des paramètres qu'un {event} "
                "ne peut pas lui donner.",
                label=label,
                name=name,
                event=event,
            ),
            field=event,
            hint=_(
                "Donnez une fonction sans paramètre, par exemple "
                '{event} = lambda: {name}("guichet 1").',
                event=event,
                name=name,
            ),
        )
    return value


class EventSlot:
    """One event of one device (``when_pressed`` of « Prendre un ticket »)."""

    def __init__(self, event: str, owner: Any):
        self.event = event
        self.owner = owner
        self.action: Callable | None = None
        self.last_error: str | None = None

    def set(self, value: Any) -> None:
        if value is None and self.action is None:
            log.warning(
                _(
                    "« {label} » : {event} reçoit None. Avez-vous écrit "
                    "{event} = action() au lieu de {event} = action ?",
                    label=self.owner.label,
                    event=self.event,
                )
            )
        self.action = check_action(self.event, value, self.owner.label)

    def fire(self) -> None:
        """Run the action; an error is logged with the device's label, never raised."""
        action = self.action
        if action is None:
            return
        try:
            if _accepts(action, 0):
                action()
            else:
                action(self.owner)
            self.last_error = None
        except FabriqueError as error:
            self.last_error = str(error)
            log.error(self._failed(error))
        except Exception as error:
            self.last_error = f"{type(error).__name__}: {error}"
            log.exception(self._failed(error))
        with _after_lock:
            callbacks = list(_after_actions)
        for callback in callbacks:
            try:
                callback()
            except Exception:  # a watcher must never break an input
                log.exception("after-action callback failed")

    def _failed(self, error: Exception) -> str:
        name = getattr(self.action, "__name__", repr(self.action))
        return _(
            "« {label} » : l'action {name} ({event}) a échoué : {error}",
            label=self.owner.label,
            name=name,
            event=self.event,
            error=error,
        )


class event_property:
    """A ``when_xxx`` attribute backed by an :class:`EventSlot` of the device.

    Example::

        class Button(Wrapper):
            when_pressed = event_property("when_pressed")
    """

    def __init__(self, event: str):
        self.event = event

    def __set_name__(self, owner, name):
        self.event = name

    def __get__(self, instance, owner=None):
        if instance is None:
            return self
        return instance.slot(self.event).action

    def __set__(self, instance, value):
        instance.slot(self.event).set(value)
