"""What every kit device shares: a label, an id, its pins, its events, ``close()``.

A wrapper keeps gpiozero's shapes (``when_pressed``, ``value``, ``on()``, ``close()``,
``with``) and adds a human label, used in error messages and in the preview.

Example::

    with devices.button(17, "Prendre un ticket") as button:
        button.when_pressed = prendre_ticket
"""

from __future__ import annotations

from typing import Any

from gpiozero.pins.mock import MockPin

from fabrique_kit.devices.events import EventSlot
from fabrique_kit.errors import FabriqueError
from fabrique_kit.i18n import _


class Wrapper:
    """Base of the kit's devices. ``kind`` names the device, ``control`` its preview widget."""

    kind = "device"
    control = "output"
    minimum: float | None = None
    maximum: float | None = None
    unit: str | None = None

    def __init__(self, registry: Any, device: Any, label: str, id: str, pins: list[str]):
        self._registry = registry
        self.device = device
        self.label = label
        self.id = id
        self.pins = pins
        self.closed = False
        self._slots: dict[str, EventSlot] = {}

    # -- events ------------------------------------------------------------------
    def slot(self, event: str) -> EventSlot:
        """The :class:`EventSlot` behind ``when_...`` (created on first use)."""
        if event not in self._slots:
            self._slots[event] = EventSlot(event, self)
        return self._slots[event]

    def _fire(self, event: str) -> None:
        self._changed()
        self.slot(event).fire()

    def _changed(self) -> None:
        if self._registry is not None and not self.closed:
            self._registry._changed(self)

    @property
    def last_error(self) -> str | None:
        """The error of the last action that failed (None once one succeeds)."""
        errors = [s.last_error for s in self._slots.values() if s.last_error]
        return errors[-1] if errors else None

    # -- reading -----------------------------------------------------------------
    @property
    def value(self) -> Any:
        return self.device.value

    def control_value(self) -> Any:
        """The value the preview shows for this device."""
        return self.value

    @property
    def simulated(self) -> bool:
        return any(isinstance(pin, MockPin) for pin in self._gpiozero_pins())

    def _gpiozero_pins(self) -> list:
        pin = getattr(self.device, "pin", None)
        return [pin] if pin is not None else []

    def describe(self) -> dict:
        """This device as a preview control (plain data, JSON-ready)."""
        error = self.last_error
        try:
            value = None if self.closed else self.control_value()
        except FabriqueError as problem:  # a sensor that cannot be read now
            value, error = None, str(problem)
        return {
            "id": self.id,
            "label": self.label,
            "kind": self.control,
            "device": self.kind,
            "pin": int(self.pins[0][4:]) if self.pins else None,  # GPIO number, e.g. 17
            "pins": list(self.pins),
            "value": value,
            "min": self.minimum,
            "max": self.maximum,
            "unit": self.unit,
            "simulated": self.simulated,
            "error": error,
        }

    # -- simulation --------------------------------------------------------------
    def press(self) -> None:
        raise FabriqueError(
            _("« {label} » n'est pas un bouton : on ne peut pas appuyer dessus.", label=self.label),
            hint=_("Utilisez set_value pour lui donner une valeur."),
        )

    def release(self) -> None:
        self.press()

    def set_value(self, value: Any) -> None:
        raise FabriqueError(
            _("« {label} » ne prend pas de valeur.", label=self.label),
        )

    def _not_simulated(self) -> FabriqueError:
        return FabriqueError(
            _("« {label} » n'est pas simulé : agissez sur le vrai montage.", label=self.label),
            hint=_("Pour essayer sans carte, lancez en simulation : fabrique run --simulate."),
        )

    def _mock_pin(self, pin=None) -> MockPin:
        pin = pin if pin is not None else getattr(self.device, "pin", None)
        if not isinstance(pin, MockPin):
            raise self._not_simulated()
        return pin

    # -- closing -----------------------------------------------------------------
    def close(self) -> None:
        """Release the pins (closing twice is harmless)."""
        if self.closed:
            return
        self.closed = True
        try:
            if self.device is not None:
                self.device.close()
        finally:
            if self._registry is not None:
                self._registry._forget(self)

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def __repr__(self) -> str:
        state = "closed" if self.closed else f"value={self.control_value()!r}"
        pins = ",".join(self.pins)
        return f"<{type(self).__name__} {self.label!r} {pins} {state}>"
