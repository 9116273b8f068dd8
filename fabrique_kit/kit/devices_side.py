"""The inputs part of the Kit's beginner API: each method declares one device (button,
LED, sensor, key...) on the kit's :class:`~fabrique_kit.devices.Devices`.

:class:`DeviceMethods` is an abstract base of :class:`~fabrique_kit.kit.Kit`: its methods
use only its own abstract ``devices`` property, which the Kit provides.

Example::

    kit.button(17, "Prendre un ticket").when_pressed = queue.take_ticket
    kit.led(27, "Voyant").blink()
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fabrique_kit.devices import Devices


class DeviceMethods:
    """``kit.button``, ``kit.led``, ``kit.key``... built on :attr:`devices`."""

    @property
    def devices(self) -> Devices:
        """The buttons, sensors and LEDs of this kit (simulated off a Pi)."""
        raise NotImplementedError

    @property
    def keys(self):
        """The keyboard and the Makey Makey (see :meth:`key`).

        Example: ``kit.keys.tap("space")`` presses and releases the space bar, as in tests.
        """
        return self.devices.keys

    def button(self, pin, label: str | None = None, **options):
        """A push button on ``pin`` (e.g. 17); set ``.when_pressed = a_function``."""
        return self.devices.button(pin, label, **options)

    def led(self, pin, label: str | None = None):
        """An LED on ``pin``: ``.on()``, ``.off()``, ``.blink()``."""
        return self.devices.led(pin, label)

    def buzzer(self, pin, label: str | None = None):
        """A buzzer on ``pin``: ``.beep()``."""
        return self.devices.buzzer(pin, label)

    def motion_sensor(self, pin, label: str | None = None):
        """A PIR motion sensor on ``pin``: ``.when_motion = a_function``.

        Example: ``kit.motion_sensor(24, "Détecteur salle 2").when_motion = note_presence``
        """
        return self.devices.motion_sensor(pin, label)

    def light_sensor(self, pin, label: str | None = None):
        """A light sensor on ``pin``: ``.value`` from 0 (dark) to 1 (bright)."""
        return self.devices.light_sensor(pin, label)

    def distance_sensor(self, echo, trigger, label: str | None = None):
        """An ultrasonic distance sensor (HC-SR04): ``.distance`` in metres.

        Example: ``kit.distance_sensor(echo=23, trigger=24, label="Porte").distance``
        """
        return self.devices.distance_sensor(echo, trigger, label)

    def temperature(self, label: str | None = None, source: str = "cpu"):
        """A temperature reading (the Pi's processor, or a 1-Wire sensor id).

        Example: ``kit.temperature("Processeur").temperature`` → ``48.3``
        """
        return self.devices.temperature(label, source=source)

    def rgb_led(self, red, green, blue, label: str | None = None):
        """A colour LED on three pins: ``.color = (1, 0, 0)`` for red."""
        return self.devices.rgb_led(red, green, blue, label)

    def key(self, name: str, label: str | None = None):
        """A key of the keyboard or of a Makey Makey: ``kit.key("space").when_pressed = ...``."""
        return self.devices.key(name, label)
