"""Pin names and pin mistakes, explained before gpiozero sees them.

Pins are named as gpiozero accepts them: ``17``, ``"GPIO17"``, ``"BOARD11"`` (the
physical pin 11) or ``"J8:11"``. This module finds the pin on the board, and says in
French what is wrong: a pin that does not exist, a power pin, a pin the I2C, SPI or
1-Wire bus holds, or a pin already used by another labelled device.

Example::

    from fabrique_kit.devices.pins import find_gpio, reserved_pins
    info = find_gpio(board_info, "BOARD11")   # PinInfo of GPIO17
    reserved_pins("/")                        # {2: 'I2C', 3: 'I2C'} when I2C is on
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TypedDict

from fabrique_kit.errors import HardwareError
from fabrique_kit.i18n import _

CONFIG_FILES = ("boot/firmware/config.txt", "boot/config.txt")
I2C_PINS = (2, 3)
SPI_PINS = (7, 8, 9, 10, 11)
ONE_WIRE_DEFAULT_PIN = 4
_ON = {"on", "true", "yes", "1", ""}


def boot_config_path(root: str | Path = "/") -> Path | None:
    """The Pi's ``config.txt`` (``/boot/firmware`` first, as on Raspberry Pi OS Bookworm)."""
    for relative in CONFIG_FILES:
        path = Path(root) / relative
        if path.is_file():
            return path
    return None


def _section_applies(section: str, model: str | None) -> bool:
    """Whether a ``[section]`` of config.txt applies to this board (unknown ones do)."""
    section = section.lower()
    if section == "all":
        return True
    if section == "none":
        return False
    if section.startswith("cm"):
        return model is not None and "compute module" in model.lower()
    match = re.fullmatch(r"pi(\d+)w?", section)
    if match and model:
        if match.group(1).startswith("0"):
            return "zero" in model.lower()
        return f"raspberry pi {match.group(1)}" in model.lower()
    return True


class Buses(TypedDict):
    """What :func:`read_buses` finds: I2C and SPI on or off, the 1-Wire pin or None."""

    i2c: bool
    spi: bool
    one_wire: int | None


def read_buses(text: str, model: str | None = None) -> Buses:
    """The buses ``config.txt`` turns on: ``{"i2c": bool, "spi": bool, "one_wire": pin|None}``.

    Example::

        read_buses("dtparam=i2c_arm=on\\ndtoverlay=w1-gpio,gpiopin=17")
        # {'i2c': True, 'spi': False, 'one_wire': 17}
    """
    buses: Buses = {"i2c": False, "spi": False, "one_wire": None}
    applies = True
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        if line.startswith("[") and line.endswith("]"):
            applies = _section_applies(line[1:-1].strip(), model)
            continue
        if not applies or "=" not in line:
            continue
        key, value = (part.strip() for part in line.split("=", 1))
        if key == "dtparam":
            for item in value.split(","):
                name, _sep, state = item.partition("=")
                on = state.strip().lower() in _ON
                if name.strip() in ("i2c_arm", "i2c"):
                    buses["i2c"] = on
                elif name.strip() == "spi":
                    buses["spi"] = on
        elif key == "dtoverlay":
            overlay, *params = value.split(",")
            if overlay.strip() == "w1-gpio":
                pin = ONE_WIRE_DEFAULT_PIN
                for param in params:
                    name, _sep, number = param.partition("=")
                    if name.strip() == "gpiopin" and number.strip().isdigit():
                        pin = int(number)
                buses["one_wire"] = pin
    return buses


def reserved_pins(root: str | Path = "/", model: str | None = None) -> dict[int, str]:
    """GPIO numbers held by a bus that ``config.txt`` turns on, with the bus name."""
    path = boot_config_path(root)
    if path is None:
        return {}
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return {}
    buses = read_buses(text, model)
    reserved: dict[int, str] = {}
    if buses["i2c"]:
        reserved.update(dict.fromkeys(I2C_PINS, "I2C"))
    if buses["spi"]:
        reserved.update(dict.fromkeys(SPI_PINS, "SPI"))
    if buses["one_wire"] is not None:
        reserved[buses["one_wire"]] = "1-Wire"
    return reserved


def normalise_pin(pin: int | str) -> int | str:
    """A pin name as gpiozero looks it up: ``" gpio 17 "`` → ``"GPIO17"``, ``"17"`` → ``17``."""
    if isinstance(pin, bool) or not isinstance(pin, int | str):
        raise HardwareError(
            _("« {pin} » n'est pas un nom de broche.", pin=pin),
            hint=_("Donnez un numéro GPIO (17) ou un nom comme « GPIO17 » ou « BOARD11 »."),
        )
    if isinstance(pin, int):
        return pin
    text = re.sub(r"\s+", "", pin).upper()
    return int(text) if text.isdigit() else text


def _power_pin_kind(name: str) -> str:
    if name == "GND":
        return _("une masse (GND)")
    if name in ("3V3", "5V"):
        return _("une alimentation {volts}", volts=name)
    return _("une broche spéciale ({name})", name=name)


def find_gpio(board_info, pin: int | str):
    """The :class:`gpiozero.PinInfo` of ``pin`` on this board, or a clear HardwareError."""
    name = normalise_pin(pin)
    found = [info for _header, info in board_info.find_pin(name)]
    if not found:
        raise HardwareError(
            _(
                "La broche « {pin} » n'existe pas sur cette carte (Raspberry Pi {model}).",
                pin=pin,
                model=board_info.model,
            ),
            field="pin",
            hint=_(
                "Les broches GPIO vont de 0 à 27 (écrivez 17 ou « GPIO17 ») ; "
                "pour un numéro physique du connecteur, écrivez « BOARD11 »."
            ),
        )
    info = found[0]
    if "gpio" not in info.interfaces:
        raise HardwareError(
            _(
                "La broche « {pin} » est {kind}, pas une broche GPIO.",
                pin=pin,
                kind=_power_pin_kind(info.name),
            ),
            field="pin",
            hint=_(
                "Branchez le fil de signal sur une broche GPIO, par exemple GPIO17 "
                "(broche physique 11) ; gardez {name} pour l'alimentation.",
                name=info.name,
            ),
        )
    return info


def gpio_number(info) -> int:
    """The GPIO number of a PinInfo named ``GPIOn``."""
    return int(info.name[4:])


def check_not_reserved(info, pin: int | str, reserved: dict[int, str], config: str) -> None:
    """Raise a HardwareError when a bus turned on in ``config.txt`` holds this pin."""
    bus = reserved.get(gpio_number(info))
    if bus is None:
        return
    switch_off = {
        "I2C": "dtparam=i2c_arm=off",
        "SPI": "dtparam=spi=off",
        "1-Wire": _("retirez la ligne dtoverlay=w1-gpio"),
    }[bus]
    raise HardwareError(
        _(
            "La broche « {pin} » ({name}) est réservée au bus {bus}, activé dans {config}.",
            pin=pin,
            name=info.name,
            bus=bus,
            config=config,
        ),
        field="pin",
        hint=_(
            "Choisissez une autre broche (par exemple GPIO17, GPIO27 ou GPIO22), "
            "ou désactivez le bus ({switch_off}) puis redémarrez.",
            switch_off=switch_off,
        ),
    )
