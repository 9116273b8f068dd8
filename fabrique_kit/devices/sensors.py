"""Sensors that give a number: light, distance, temperature.

On a Raspberry Pi they read the real sensor through gpiozero. In simulation they show
a slider in the preview, and ``set_value`` moves it.

Example::

    light = devices.light_sensor(18, "Lumière du hall")
    light.when_dark = screen_off
    distance = devices.distance_sensor(echo=24, trigger=23, label="Devant l'écran")
    distance.when_in_range = say_hello
    temperature = devices.temperature("Processeur")
    temperature.temperature         # 47.2 (°C)
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from fabrique_kit.devices.base import Wrapper
from fabrique_kit.devices.events import event_property
from fabrique_kit.errors import FabriqueError, HardwareError
from fabrique_kit.i18n import _


class _Level(Wrapper):
    """A sensor with a level; ``simulated_level`` is set only in simulation."""

    control = "slider"
    real_events = True
    on_event = "when_activated"
    off_event = "when_deactivated"
    # a sensor always has a range (each subclass sets it), unlike a button or an LED
    minimum: float
    maximum: float

    def __init__(self, registry, device, label, id, pins, simulated_level=None):
        super().__init__(registry, device, label, id, pins)
        self._level = simulated_level
        self._lock = threading.Lock()
        if simulated_level is None and self.real_events:
            device.when_activated = lambda: self._fire(self.on_event)
            device.when_deactivated = lambda: self._fire(self.off_event)

    @property
    def simulated(self) -> bool:
        return self._level is not None

    def _read_level(self) -> float:
        """The real reading (in the control's unit)."""
        raise NotImplementedError

    def level(self) -> float:
        return self._level if self._level is not None else self._read_level()

    def _is_active(self, level: float) -> bool:
        raise NotImplementedError

    def control_value(self) -> float:
        # two decimals: a real sensor's noise does not redraw the screen at each poll
        return round(float(self.level()), 2)

    def set_value(self, value: Any) -> None:
        """Simulation: move the slider to ``value`` (kept between min and max)."""
        if self._level is None:
            raise self._not_simulated()
        try:
            number = float(value)
        except (TypeError, ValueError):
            raise FabriqueError(
                _("« {label} » attend un nombre, pas « {value} ».", label=self.label, value=value)
            ) from None
        number = min(max(number, self.minimum), self.maximum)
        with self._lock:
            was_active = self._is_active(self._level)
            self._level = number
            now_active = self._is_active(number)
        self._changed()
        if now_active != was_active:
            self._fire(self.on_event if now_active else self.off_event)


class LightSensor(_Level):
    """A light sensor (LDR and capacitor): ``value`` from 0 (dark) to 1 (light).

    Example::

        light = devices.light_sensor(18, "Lumière")
        light.when_light = screen_on
    """

    kind = "light_sensor"
    minimum, maximum = 0.0, 1.0
    on_event, off_event = "when_light", "when_dark"
    when_light = event_property("when_light")
    when_dark = event_property("when_dark")

    def __init__(self, registry, device, label, id, pins, simulated_level=None, threshold=0.1):
        self.threshold = threshold
        super().__init__(registry, device, label, id, pins, simulated_level)

    def _read_level(self) -> float:
        return self.device.value

    def _is_active(self, level: float) -> bool:
        return level > self.threshold

    @property
    def value(self) -> float:
        return self.level()

    @property
    def light_detected(self) -> bool:
        return self._is_active(self.level())


class DistanceSensor(_Level):
    """An HC-SR04 distance sensor: ``distance`` in metres, ``value`` from 0 to 1.

    Example::

        sensor = devices.distance_sensor(echo=24, trigger=23, label="Devant l'écran")
        sensor.when_in_range = say_hello      # closer than threshold_distance
    """

    kind = "distance_sensor"
    unit = "m"
    on_event, off_event = "when_out_of_range", "when_in_range"
    when_in_range = event_property("when_in_range")
    when_out_of_range = event_property("when_out_of_range")

    def __init__(
        self,
        registry,
        device,
        label,
        id,
        pins,
        simulated_level=None,
        max_distance=1.0,
        threshold_distance=0.3,
    ):
        self.minimum, self.maximum = 0.0, float(max_distance)
        self.threshold_distance = threshold_distance
        super().__init__(registry, device, label, id, pins, simulated_level)

    def _read_level(self) -> float:
        return self.device.distance

    def _is_active(self, level: float) -> bool:
        return level > self.threshold_distance

    @property
    def distance(self) -> float:
        return self.level()

    @property
    def value(self) -> float:
        return self.level() / self.maximum

    @property
    def in_range(self) -> bool:
        return not self._is_active(self.level())


def read_one_wire(path: Path) -> float:
    """°C from a 1-Wire sensor's sysfs file (``temperature`` or ``w1_slave``)."""
    text = path.read_text(encoding="ascii", errors="replace")
    if path.name == "w1_slave":
        if "YES" not in text.splitlines()[0]:
            raise OSError("CRC")
        text = text.rsplit("t=", 1)[1]
    return float(text.strip()) / 1000


class Temperature(_Level):
    """A temperature in °C: the processor's (``source="cpu"``) or a 1-Wire DS18B20's.

    Example::

        cpu = devices.temperature("Processeur")
        cpu.temperature       # 47.2
        cpu.value             # 0.472 (0 °C → 0, 100 °C → 1, as in gpiozero)
    """

    kind = "temperature"
    unit = "°C"
    real_events = False

    def __init__(
        self,
        registry,
        device,
        label,
        id,
        pins,
        simulated_level=None,
        path=None,
        minimum=-10.0,
        maximum=90.0,
    ):
        self.minimum, self.maximum = minimum, maximum
        self.path = path
        super().__init__(registry, device, label, id, pins, simulated_level)

    def _read_level(self) -> float:
        try:
            if self.device is not None:
                return self.device.temperature
            return read_one_wire(self.path)
        except (OSError, ValueError, IndexError) as error:
            raise HardwareError(
                _(
                    "« {label} » : lecture de la température impossible ({error}).",
                    label=self.label,
                    error=error,
                ),
                hint=_("Vérifiez le câblage du capteur et que le 1-Wire est activé."),
            ) from error

    def _is_active(self, level: float | None) -> bool:
        return False

    @property
    def temperature(self) -> float:
        return self.level()

    @property
    def value(self) -> float:
        return self.level() / 100

    def control_value(self) -> float:
        return round(float(self.level()), 1)
