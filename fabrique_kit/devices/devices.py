"""The kit's devices: creates gpiozero devices with labels, keeps them, closes them all.

Pin mistakes are explained in French before gpiozero sees them. In simulation,
``controls()`` describes every device for the preview page and ``press``,
``release``, ``hold`` and ``set_value`` drive the mock pins.

Example::

    devices = Devices(simulate=True)
    button = devices.button(17, "Prendre un ticket")
    button.when_pressed = queue.take_ticket
    devices.press(button.id)         # the action runs
    devices.close()                  # every pin is free again
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import gpiozero
from gpiozero.exc import PinPWMUnsupported

from fabrique_kit.devices import actuators, buttons, sensors
from fabrique_kit.devices.base import Wrapper
from fabrique_kit.devices.board import detect_raspberry_pi, setup_pin_factory, should_simulate
from fabrique_kit.devices.hardware import build_device, pin_used_twice
from fabrique_kit.devices.keys import Key, Keys
from fabrique_kit.devices.pins import (
    boot_config_path,
    check_not_reserved,
    find_gpio,
    reserved_pins,
)
from fabrique_kit.devices.registry import Registry
from fabrique_kit.errors import FabriqueError, HardwareError, suggestion_hint
from fabrique_kit.i18n import _

W = TypeVar("W", bound=Wrapper)


class Devices(Registry):
    """The registry of the kit's devices (buttons, sensors, LEDs, keys).

    - ``simulate``: True for mock pins, False for the real ones, None to decide
      (``FABRIQUE_SIMULATION``, else simulate when this is not a Raspberry Pi);
    - ``root``: where ``/boot/firmware/config.txt`` and ``/sys`` are (tests use a fake tree);
    - ``pin_factory``: a gpiozero factory to use instead of the installed one.
    """

    def __init__(self, simulate: bool | None = None, root: str | Path = "/", *, pin_factory=None):
        self.root = Path(root)
        self.simulate = should_simulate(simulate, root)
        self.pin_factory = pin_factory or setup_pin_factory(self.simulate)
        self.model = detect_raspberry_pi(root)
        self.reserved = reserved_pins(root, self.model)
        config = boot_config_path(root)
        self.config_name = "/" + str(config.relative_to(self.root)) if config else "config.txt"
        super().__init__()
        self.keys = Keys(on_change=self._changed, on_forget=self._forget)

    # -- pins --------------------------------------------------------------------
    def _claim(self, pins: list[int | str]) -> list[str]:
        """Check ``pins`` (exist, are GPIO, are free) and return their gpiozero names."""
        board = self.pin_factory.board_info
        names: list[str] = []
        for pin in pins:
            info = find_gpio(board, pin)
            check_not_reserved(info, pin, self.reserved, self.config_name)
            with self._lock:
                owner = self._pins.get(info.name)
            if owner is not None or info.name in names:
                other = owner.label if owner is not None else _("ce même appareil")
                raise pin_used_twice(pin, info.name, other)
            names.append(info.name)
        return names

    def _add(
        self,
        cls: type[W],
        make: Callable[[list[str]], Any],
        pins: list[int | str],
        label: str | None,
        default_label: str,
        **extra: Any,
    ) -> W:
        names = self._claim(pins)
        label = label or default_label.format(pin=", ".join(names))
        device = build_device(lambda: make(names), names)
        with self._lock:  # the id is taken at once, the listeners hear of it after
            try:
                wrapper = cls(self, device, label, self._new_id(label), names, **extra)
            except Exception:
                device.close()
                raise
            self._items[wrapper.id] = wrapper
        self._register(wrapper)
        return wrapper

    def _factory(self) -> dict:
        return {"pin_factory": self.pin_factory}

    # -- inputs ------------------------------------------------------------------
    def button(
        self,
        pin: int | str,
        label: str | None = None,
        hold_time: float = 1.0,
        bounce_time: float | None = 0.05,
        *,
        pull_up: bool = True,
        hold_repeat: bool = False,
    ) -> buttons.Button:
        """A push button between ``pin`` and GND (``pull_up=False``: between pin and 3V3).

        ``when_held`` runs after ``hold_time`` seconds pressed (again every
        ``hold_time`` with ``hold_repeat=True``).

        Example::

            devices.button(17, "Prendre un ticket").when_pressed = queue.take_ticket
        """

        def make(names):
            return gpiozero.Button(
                names[0],
                pull_up=pull_up,
                bounce_time=bounce_time,
                hold_time=hold_time,
                hold_repeat=hold_repeat,
                **self._factory(),
            )

        return self._add(buttons.Button, make, [pin], label, _("Bouton {pin}"))

    def motion_sensor(self, pin: int | str, label: str | None = None) -> buttons.MotionSensor:
        """A PIR motion sensor on ``pin``.

        Example::

            devices.motion_sensor(4, "Entrée").when_motion = wake_screen
        """

        def make(names):
            return gpiozero.MotionSensor(names[0], **self._factory())

        return self._add(
            buttons.MotionSensor, make, [pin], label, _("Détecteur de mouvement {pin}")
        )

    def light_sensor(
        self, pin: int | str, label: str | None = None, threshold: float = 0.1
    ) -> sensors.LightSensor:
        """A light sensor (LDR and capacitor) on ``pin``; a 0..1 slider in simulation.

        Example::

            devices.light_sensor(18, "Lumière").when_dark = screen_off
        """

        def make(names):
            if self.simulate:
                return gpiozero.InputDevice(names[0], **self._factory())
            return gpiozero.LightSensor(names[0], threshold=threshold, **self._factory())

        level = 0.5 if self.simulate else None
        return self._add(
            sensors.LightSensor,
            make,
            [pin],
            label,
            _("Capteur de lumière {pin}"),
            simulated_level=level,
            threshold=threshold,
        )

    def distance_sensor(
        self,
        echo: int | str,
        trigger: int | str,
        label: str | None = None,
        max_distance: float = 1.0,
        threshold_distance: float = 0.3,
    ) -> sensors.DistanceSensor:
        """An HC-SR04 distance sensor; a slider in metres in simulation.

        Example::

            devices.distance_sensor(echo=24, trigger=23, label="Devant l'écran")
        """

        def make(names):
            if self.simulate:
                return _PinHolder(names, self.pin_factory)
            return gpiozero.DistanceSensor(
                echo=names[0],
                trigger=names[1],
                max_distance=max_distance,
                threshold_distance=threshold_distance,
                **self._factory(),
            )

        level = max_distance if self.simulate else None
        return self._add(
            sensors.DistanceSensor,
            make,
            [echo, trigger],
            label,
            _("Capteur de distance {pin}"),
            simulated_level=level,
            max_distance=max_distance,
            threshold_distance=threshold_distance,
        )

    def temperature(self, label: str | None = None, source: str = "cpu") -> sensors.Temperature:
        """A temperature in °C: ``source="cpu"`` or a 1-Wire sensor id (``"28-0316a2795eff"``).

        Example::

            devices.temperature("Processeur").temperature     # 47.2
        """
        label = label or _("Température {source}", source=source)
        with self._lock:
            tid = self._new_id(label)
        if source == "cpu":
            path = self.root / "sys/class/thermal/thermal_zone0/temp"
            limits = (20.0, 90.0, 45.0)
        else:
            path = self._one_wire_path(source)
            limits = (-10.0, 40.0, 20.0)
        device = None
        if not self.simulate and source == "cpu":
            if not path.is_file():
                raise HardwareError(
                    _(
                        "« {label} » : la température du processeur est introuvable ({path}).",
                        label=label,
                        path="/" + str(path.relative_to(self.root)),
                    ),
                    hint=_(
                        "Hors d'un Raspberry Pi, lancez en simulation : fabrique run --simulate."
                    ),
                )
            device = build_device(
                lambda: gpiozero.CPUTemperature(sensor_file=str(path), **self._factory()), ["cpu"]
            )
        level = limits[2] if self.simulate else None
        wrapper = sensors.Temperature(
            self,
            device,
            label,
            tid,
            [],
            simulated_level=level,
            path=path,
            minimum=limits[0],
            maximum=limits[1],
        )
        if not self.simulate:
            try:
                wrapper.level()  # a missing or unreadable sensor is reported now
            except FabriqueError:
                if device is not None:
                    device.close()
                raise
        self._register(wrapper)
        return wrapper

    def _one_wire_path(self, sensor_id: str) -> Path:
        folder = self.root / "sys/bus/w1/devices"
        path = folder / sensor_id / "temperature"
        if self.simulate or path.exists():
            return path
        if (folder / sensor_id / "w1_slave").exists():
            return folder / sensor_id / "w1_slave"
        known = sorted(p.name for p in folder.glob("28-*")) if folder.is_dir() else []
        raise HardwareError(
            _("Le capteur 1-Wire « {id} » est introuvable.", id=sensor_id),
            field="source",
            hint=suggestion_hint(sensor_id, known)
            if known
            else _(
                "Activez le 1-Wire (dtoverlay=w1-gpio dans config.txt), branchez le "
                "capteur sur GPIO4 avec une résistance de 4,7 kΩ, puis redémarrez."
            ),
        )

    # -- outputs -----------------------------------------------------------------
    def led(self, pin: int | str, label: str | None = None) -> actuators.Led:
        """An LED (with its resistor) between ``pin`` and GND; dimmable when PWM works.

        Example::

            devices.led(22, "Voyant").blink()
        """

        def make(names):
            try:
                return gpiozero.PWMLED(names[0], **self._factory())
            except PinPWMUnsupported:
                return gpiozero.LED(names[0], **self._factory())

        return self._add(actuators.Led, make, [pin], label, _("LED {pin}"))

    def rgb_led(
        self, red: int | str, green: int | str, blue: int | str, label: str | None = None
    ) -> actuators.RgbLed:
        """A three-colour LED (common cathode).

        Example::

            devices.rgb_led(5, 6, 13, "Humeur").color = (0, 1, 0)
        """

        def make(names):
            return gpiozero.RGBLED(*names, **self._factory())

        return self._add(actuators.RgbLed, make, [red, green, blue], label, _("LED RVB {pin}"))

    def buzzer(self, pin: int | str, label: str | None = None) -> actuators.Buzzer:
        """An active buzzer on ``pin``.

        Example::

            devices.buzzer(26, "Bip").beep(0.1, 0.1, n=2)
        """

        def make(names):
            return gpiozero.Buzzer(names[0], **self._factory())

        return self._add(actuators.Buzzer, make, [pin], label, _("Buzzer {pin}"))

    def key(self, name: str, label: str | None = None) -> Key:
        """A keyboard or Makey Makey key (see :class:`Keys`); listed in ``controls()``.

        Example::

            devices.key("espace", "Prendre un ticket").when_pressed = queue.take_ticket
        """
        key = self.keys.key(name, label)
        if key.id not in self._items:
            self._register(key)
        return key

    def close(self) -> None:
        """Close every device and key, and free every pin (closing twice is harmless)."""
        super().close()
        self.keys.close()


class _PinHolder:
    """Holds the pins of a simulated composite sensor (so nobody else takes them)."""

    def __init__(self, names: list[str], pin_factory):
        self.parts = []
        try:
            for name in names:
                self.parts.append(gpiozero.InputDevice(name, pin_factory=pin_factory))
        except Exception:
            self.close()
            raise
        self.pin = self.parts[0].pin

    def close(self) -> None:
        for part in self.parts:
            part.close()
        self.parts = []
