"""Pin names and every pin mistake, explained (with fake boards and fake roots)."""

from __future__ import annotations

import errno

import gpiozero
import pytest

from fabrique_kit.devices import Devices, simulated_factory
from fabrique_kit.devices.pins import find_gpio, normalise_pin, read_buses, reserved_pins
from fabrique_kit.errors import HardwareError
from fabrique_kit.i18n import use_language
from tests.devices.helpers import make_root


@pytest.mark.parametrize("name", [17, "17", "GPIO17", "gpio 17", "BOARD11", "J8:11", "BCM17"])
def test_every_gpiozero_name_finds_the_same_pin(factory, name):
    assert find_gpio(factory.board_info, name).name == "GPIO17"


def test_normalise_pin_rejects_what_is_not_a_pin_name():
    assert normalise_pin(" gpio17 ") == "GPIO17"
    assert normalise_pin("22") == 22
    with pytest.raises(HardwareError, match="nom de broche"):
        normalise_pin(True)
    with pytest.raises(HardwareError):
        normalise_pin(17.0)


def test_a_pin_that_does_not_exist(devices):
    with pytest.raises(HardwareError) as caught:
        devices.button(42, "Prendre un ticket")
    text = str(caught.value)
    assert "« 42 » n'existe pas" in text
    assert "BOARD11" in text  # the hint shows physical numbering


def test_a_power_pin_is_not_a_gpio(devices):
    with pytest.raises(HardwareError) as caught:
        devices.button("BOARD1", "Prendre un ticket")
    assert "3V3" in str(caught.value)
    assert "pas une broche GPIO" in str(caught.value)
    with pytest.raises(HardwareError, match="GND"):
        devices.led("BOARD6", "Voyant")


def test_a_pin_used_twice_names_the_first_device(devices):
    devices.button(17, "Prendre un ticket")
    with pytest.raises(HardwareError) as caught:
        devices.led("BOARD11", "Voyant d'appel")
    text = str(caught.value)
    assert "déjà utilisée par « Prendre un ticket »" in text
    assert "GPIO17" in text
    assert len(devices) == 1


def test_the_same_pin_twice_in_one_device(devices):
    with pytest.raises(HardwareError, match="ce même appareil"):
        devices.rgb_led(5, 6, "GPIO5", "Humeur")


def test_a_pin_taken_by_plain_gpiozero(devices, factory):
    other = gpiozero.LED(27, pin_factory=factory)
    try:
        with pytest.raises(HardwareError, match="autre appareil gpiozero"):
            devices.button(27, "Appeler le suivant")
    finally:
        other.close()


CONFIG = """
# Raspberry Pi OS
dtparam=audio=on
dtparam=i2c_arm=on
dtparam=spi=on
dtoverlay=w1-gpio
[cm4]
dtoverlay=w1-gpio,gpiopin=21
[all]
"""


def test_read_buses_understands_raspi_config_lines():
    buses = read_buses(CONFIG, model="Raspberry Pi 4 Model B")
    assert buses == {"i2c": True, "spi": True, "one_wire": 4}
    assert read_buses("dtparam=i2c_arm=on,spi=on\ndtparam=i2c_arm=off")["i2c"] is False
    assert read_buses("dtparam=i2c_arm=on,spi=on")["spi"] is True
    assert read_buses("dtoverlay=w1-gpio,gpiopin=17")["one_wire"] == 17
    assert read_buses("#dtparam=spi=on")["spi"] is False
    assert read_buses("[pi5]\ndtparam=spi=on", model="Raspberry Pi 4 Model B")["spi"] is False
    assert read_buses("[pi5]\ndtparam=spi=on", model="Raspberry Pi 5 Model B")["spi"] is True


def test_reserved_pins_prefer_boot_firmware(tmp_path):
    root = make_root(
        tmp_path,
        {
            "boot/firmware/config.txt": "dtparam=spi=on\n",
            "boot/config.txt": "dtparam=i2c_arm=on\n",
        },
    )
    assert reserved_pins(root) == dict.fromkeys((7, 8, 9, 10, 11), "SPI")
    old = make_root(tmp_path / "old", {"boot/config.txt": "dtparam=i2c_arm=on\n"})
    assert reserved_pins(old) == {2: "I2C", 3: "I2C"}
    assert reserved_pins(tmp_path / "nothing") == {}


@pytest.mark.parametrize(
    ("pin", "bus", "switch_off"),
    [
        (2, "I2C", "i2c_arm=off"),
        ("BOARD5", "I2C", "i2c_arm=off"),
        (10, "SPI", "spi=off"),
        (4, "1-Wire", "w1-gpio"),
    ],
)
def test_a_pin_held_by_a_bus(tmp_path, factory, pin, bus, switch_off):
    root = make_root(tmp_path, {"boot/firmware/config.txt": CONFIG})
    with Devices(simulate=True, root=root, pin_factory=factory) as devices:
        with pytest.raises(HardwareError) as caught:
            devices.button(pin, "Prendre un ticket")
        text = str(caught.value)
        assert f"réservée au bus {bus}" in text
        assert "/boot/firmware/config.txt" in text
        assert switch_off in text
        devices.button(17, "Prendre un ticket")  # a free pin still works


def test_buses_off_leave_their_pins_free(tmp_path, factory):
    with Devices(simulate=True, root=tmp_path, pin_factory=factory) as devices:
        assert devices.button(2, "Sur la broche I2C").pins == ["GPIO2"]


class RefusingFactory:
    """A pin factory that cannot open the GPIO chip (like a user outside the gpio group)."""

    def __init__(self, error):
        self.real = simulated_factory()
        self.board_info = self.real.board_info
        self.error = error

    def reserve_pins(self, requester, *names):
        pass

    def release_pins(self, reserver, *names):
        pass

    def pin(self, name):
        raise self.error

    def ticks(self):
        return self.real.ticks()

    def ticks_diff(self, later, earlier):
        return self.real.ticks_diff(later, earlier)


@pytest.mark.parametrize(
    "error",
    [
        PermissionError(errno.EACCES, "Permission denied", "/dev/gpiomem"),
        OSError(errno.EPERM, "Operation not permitted"),
        RuntimeError("can not open gpiochip"),
    ],
)
def test_no_permission_on_gpiomem_says_which_group_to_join(tmp_path, error):
    devices = Devices(simulate=False, root=tmp_path, pin_factory=RefusingFactory(error))
    with pytest.raises(HardwareError) as caught:
        devices.button(17, "Prendre un ticket")
    assert "/dev/gpiomem" in str(caught.value)
    assert "usermod -aG gpio" in str(caught.value)
    assert len(devices) == 0


def test_a_pin_busy_in_another_program(tmp_path):
    devices = Devices(
        simulate=False, root=tmp_path, pin_factory=RefusingFactory(RuntimeError("GPIO busy"))
    )
    with pytest.raises(HardwareError, match="autre programme"):
        devices.led(22, "Voyant")


def test_pin_mistakes_are_translated(devices):
    with use_language("en"), pytest.raises(HardwareError) as caught:
        devices.button(42, "Take a ticket")
    problem = caught.value.problems[0]
    assert "does not exist" in problem.message
    assert "BOARD11" in problem.hint
