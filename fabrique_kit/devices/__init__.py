"""Buttons, sensors, LEDs and keyboards, real on a Raspberry Pi and simulated elsewhere.

A recipe, in gpiozero's style::

    from fabrique_kit.devices import Devices

    devices = Devices()                       # simulated on a laptop, real on a Pi
    ticket = devices.button(17, "Prendre un ticket")
    ticket.when_pressed = queue.take_ticket   # no parentheses: the button calls it
    call = devices.led(22, "Voyant d'appel")
    devices.key("espace", "Prendre un ticket").when_pressed = queue.take_ticket
    ...
    devices.close()                           # every pin is free again

On a laptop, the preview page shows ``devices.controls()`` and drives them with
``devices.press(id)``, ``devices.release(id)`` and ``devices.set_value(id, value)``.
"""

from fabrique_kit.devices.actuators import Buzzer, Led, RgbLed
from fabrique_kit.devices.board import (
    detect_raspberry_pi,
    setup_pin_factory,
    should_simulate,
    simulated_factory,
)
from fabrique_kit.devices.buttons import Button, MotionSensor
from fabrique_kit.devices.devices import Devices
from fabrique_kit.devices.doctor import pin_factory_report
from fabrique_kit.devices.evdev_reader import KeyboardReader, event_to_key
from fabrique_kit.devices.keys import MAKEY_MAKEY_KEYS, Key, Keys, normalise_key_name
from fabrique_kit.devices.sensors import DistanceSensor, LightSensor, Temperature

__all__ = [
    "MAKEY_MAKEY_KEYS",
    "Button",
    "Buzzer",
    "Devices",
    "DistanceSensor",
    "Key",
    "KeyboardReader",
    "Keys",
    "Led",
    "LightSensor",
    "MotionSensor",
    "RgbLed",
    "Temperature",
    "detect_raspberry_pi",
    "event_to_key",
    "normalise_key_name",
    "pin_factory_report",
    "setup_pin_factory",
    "should_simulate",
    "simulated_factory",
]
