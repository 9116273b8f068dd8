"""Things the kit switches on: LEDs, RGB LEDs, buzzers.

In simulation their state shows in the preview (an LED's brightness, a buzzer's
sound), read from the mock pins.

Example::

    led = devices.led(22, "Voyant d'appel")
    led.blink(on_time=0.5, off_time=0.5, n=3)
    rgb = devices.rgb_led(5, 6, 13, "Humeur de l'écran")
    rgb.color = (0, 1, 0)          # green
    buzzer = devices.buzzer(26, "Bip")
    buzzer.beep(0.1, 0.1, n=2)
"""

from __future__ import annotations

from typing import Any

from fabrique_kit.devices.base import Wrapper


class _Output(Wrapper):
    """An output with gpiozero's ``on()``, ``off()``, ``toggle()``, ``blink()`` and ``value``."""

    control = "output"

    def on(self) -> None:
        self.device.on()
        self._changed()

    def off(self) -> None:
        self.device.off()
        self._changed()

    def toggle(self) -> None:
        self.device.toggle()
        self._changed()

    def blink(
        self, on_time: float = 1, off_time: float = 1, n: int | None = None, background: bool = True
    ) -> None:
        """Blink ``n`` times (for ever when None), in the background by default."""
        self.device.blink(on_time=on_time, off_time=off_time, n=n, background=background)
        self._changed()

    @property
    def value(self) -> Any:
        return self.device.value

    @value.setter
    def value(self, value: Any) -> None:
        self.device.value = value
        self._changed()

    @property
    def is_active(self) -> bool:
        return bool(self.device.is_active)

    def set_value(self, value: Any) -> None:
        """Preview or tests: set the output (``True``/``False`` or a brightness 0..1)."""
        self.value = value


class Led(_Output):
    """An LED; dimmable (``value`` 0..1) when the board can do PWM on its pin.

    Example::

        led = devices.led(22, "Voyant")
        led.on()
        led.value = 0.3        # dimmed
        led.is_lit             # True
    """

    kind = "led"
    minimum, maximum = 0.0, 1.0

    @property
    def is_lit(self) -> bool:
        return self.is_active

    def control_value(self) -> float:
        return round(float(self.device.value), 3)


class RgbLed(_Output):
    """A three-colour LED: ``color`` is ``(red, green, blue)``, each 0..1.

    Example::

        rgb = devices.rgb_led(5, 6, 13, "Humeur")
        rgb.color = (1, 0.5, 0)      # orange
    """

    kind = "rgb_led"

    @property
    def color(self) -> tuple[float, float, float]:
        return tuple(self.device.value)

    @color.setter
    def color(self, value) -> None:
        self.value = tuple(value)

    def _gpiozero_pins(self) -> list:
        leds = getattr(self.device, "_leds", ())  # gpiozero's three LEDs, red first
        return [led.pin for led in leds if getattr(led, "pin", None) is not None]

    def control_value(self) -> list[float]:
        return [round(float(c), 3) for c in self.device.value]

    def describe(self) -> dict:
        described = super().describe()
        if described["value"] is not None:
            r, g, b = (max(0, min(255, round(c * 255))) for c in described["value"])
            described["color"] = f"#{r:02x}{g:02x}{b:02x}"
        return described


class Buzzer(_Output):
    """An active buzzer: ``on()``, ``off()``, ``beep()``.

    Example::

        buzzer = devices.buzzer(26, "Bip")
        buzzer.beep(on_time=0.1, off_time=0.1, n=2)
    """

    kind = "buzzer"
    minimum, maximum = 0, 1

    def beep(
        self, on_time: float = 1, off_time: float = 1, n: int | None = None, background: bool = True
    ) -> None:
        self.device.beep(on_time=on_time, off_time=off_time, n=n, background=background)
        self._changed()

    def control_value(self) -> int:
        return int(bool(self.device.value))
