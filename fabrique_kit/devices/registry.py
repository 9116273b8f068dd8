"""The registry behind :class:`Devices`: find devices, drive them, hear their changes.

The preview page lists ``controls()`` and drives them with ``press``, ``release``,
``hold`` and ``set_value``; ``on_change`` and ``attach(state)`` report each change
(and only changes).

Example::

    devices.on_change(lambda control: print(control["id"], control["value"]))
    devices.attach(state)           # state.get("entrees") == {"prendre-un-ticket": 0}
    devices.press("prendre-un-ticket")
"""

from __future__ import annotations

import logging
import re
import threading
import time
import unicodedata
from collections.abc import Callable
from typing import Any

from fabrique_kit.devices.base import Wrapper
from fabrique_kit.errors import FabriqueError, suggestion_hint
from fabrique_kit.i18n import _

log = logging.getLogger("fabrique_kit.devices")
Listener = Callable[[dict], None]


def slug(label: str) -> str:
    """``"Prendre un ticket"`` → ``"prendre-un-ticket"`` (ids of the preview's controls)."""
    plain = unicodedata.normalize("NFKD", label).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-") or "entree"


class Registry:
    """Devices by id, with their pins, their last values and who listens to them."""

    def __init__(self):
        self._items: dict[str, Wrapper] = {}
        self._pins: dict[str, Wrapper] = {}
        self._last: dict[str, Any] = {}
        self._listeners: list[Listener] = []
        self._state = None
        self._state_name = "entrees"
        self._lock = threading.RLock()

    def _register(self, wrapper: Wrapper) -> None:
        """Keep ``wrapper``, follow its pins, and tell the listeners (outside the lock)."""
        with self._lock:
            self._items[wrapper.id] = wrapper
            self._pins.update(dict.fromkeys(wrapper.pins, wrapper))
        self._watch(wrapper)
        self._changed(wrapper)

    def _new_id(self, label: str) -> str:
        base = slug(label)
        candidate, n = base, 2
        while candidate in self._items:
            candidate, n = f"{base}-{n}", n + 1
        return candidate

    def _watch(self, wrapper: Wrapper) -> None:
        """In simulation, follow the mock pins so the preview sees every change."""
        for pin in wrapper._gpiozero_pins():
            if hasattr(pin, "watcher"):
                pin.watcher = lambda _pin, w=wrapper: self._changed(w)

    # -- finding -----------------------------------------------------------------
    def get(self, id: str) -> Wrapper:
        """The device whose id (or label) is ``id``; a clear error if there is none."""
        with self._lock:
            found = self._items.get(id) or next(
                (w for w in self._items.values() if w.label == id), None
            )
            ids = list(self._items)
        if found is None:
            raise FabriqueError(
                _("Aucune entrée ne s'appelle « {id} ».", id=id),
                field="id",
                hint=suggestion_hint(id, ids) if ids else _("Aucun appareil n'est déclaré."),
            )
        return found

    __getitem__ = get

    def __iter__(self):
        with self._lock:
            return iter(list(self._items.values()))

    def __len__(self) -> int:
        return len(self._items)

    # -- simulation controls -----------------------------------------------------
    def controls(self) -> list[dict]:
        """Every device as a preview control: id, label, kind, pin, value, min, max...

        ``kind`` is ``"button"``, ``"switch"``, ``"slider"`` or ``"output"``.
        """
        return [w.describe() for w in self]

    def press(self, id: str) -> None:
        """Press a button, a key, or trigger a motion sensor (simulation)."""
        self.get(id).press()

    def release(self, id: str) -> None:
        self.get(id).release()

    def hold(self, id: str, seconds: float | None = None, *, wait: bool = True) -> None:
        """Press, keep pressed ``seconds`` (default: the button's hold_time + 0.1 s), release.

        ``wait=False`` returns at once and releases in the background (for the preview).
        """
        item = self.get(id)
        if seconds is None:
            seconds = float(getattr(item, "hold_time", 1.0)) + 0.1
        item.press()
        if wait:
            time.sleep(seconds)
            item.release()
        else:
            timer = threading.Timer(seconds, item.release)
            timer.daemon = True
            timer.start()

    def set_value(self, id: str, value: Any) -> None:
        """Move a slider, flip a switch, or set an output (simulation)."""
        self.get(id).set_value(value)

    def poll(self) -> None:
        """Read every device once and report changes (real sensors change without events)."""
        for item in self:
            try:
                self._changed(item)
            except FabriqueError as error:
                log.warning(str(error))

    # -- change notification -----------------------------------------------------
    def on_change(self, callback: Listener) -> Callable[[], None]:
        """Call ``callback(control)`` when a control's value changes; returns an unsubscribe."""
        with self._lock:
            self._listeners.append(callback)

        def unsubscribe() -> None:
            with self._lock:
                if callback in self._listeners:
                    self._listeners.remove(callback)

        return unsubscribe

    def attach(self, state, name: str = "entrees") -> None:
        """Keep ``{id: value}`` of every control in ``state`` under ``name``, on change only."""
        with self._lock:
            self._state, self._state_name = state, name
            snapshot = dict(self._last)
        state.set(name, snapshot)

    def _changed(self, wrapper: Wrapper) -> None:
        if wrapper.closed:
            return
        control = wrapper.describe()
        with self._lock:
            if wrapper.id not in self._items:
                return
            if wrapper.id in self._last and self._last[wrapper.id] == control["value"]:
                return
            self._last[wrapper.id] = control["value"]
            snapshot, listeners, state = dict(self._last), list(self._listeners), self._state
        self._publish(control, snapshot, listeners, state)

    def _publish(self, control, snapshot, listeners, state) -> None:
        if state is not None:
            state.set(self._state_name, snapshot)
        for listener in listeners:
            try:
                listener(control)
            except Exception:
                log.exception(_("Erreur dans un abonné aux entrées"))

    def _forget(self, wrapper: Wrapper) -> None:
        with self._lock:
            if self._items.get(wrapper.id) is wrapper:
                del self._items[wrapper.id]
            for name in wrapper.pins:
                if self._pins.get(name) is wrapper:
                    del self._pins[name]
            self._last.pop(wrapper.id, None)
            snapshot, state = dict(self._last), self._state
        if state is not None:
            state.set(self._state_name, snapshot)

    # -- closing -----------------------------------------------------------------
    def close(self) -> None:
        """Close every device and free every pin (closing twice is harmless)."""
        for item in reversed(list(self)):
            try:
                item.close()
            except Exception:
                log.exception(_("Fermeture de « {label} » impossible", label=item.label))

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()
