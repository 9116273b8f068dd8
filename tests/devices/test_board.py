"""Board detection, the simulation switch, the pin factory and the debounced mock pin."""

from __future__ import annotations

import pytest
from gpiozero import Device
from gpiozero.pins.mock import MockFactory, MockPWMPin

from fabrique_kit.devices import detect_raspberry_pi, setup_pin_factory, should_simulate
from fabrique_kit.devices.board import SimulatedPin, simulated_factory
from fabrique_kit.errors import HardwareError
from tests.devices.helpers import make_root, wait_until

PI5 = "Raspberry Pi 5 Model B Rev 1.0\x00"


def test_detects_a_pi_from_the_device_tree(tmp_path):
    root = make_root(tmp_path, {"proc/device-tree/model": PI5})
    assert detect_raspberry_pi(root) == "Raspberry Pi 5 Model B Rev 1.0"


def test_detects_a_pi_from_sysfs_when_proc_is_missing(tmp_path):
    root = make_root(tmp_path, {"sys/firmware/devicetree/base/model": "Raspberry Pi 4 Model B\x00"})
    assert detect_raspberry_pi(root) == "Raspberry Pi 4 Model B"


def test_a_laptop_or_another_board_is_not_a_pi(tmp_path):
    assert detect_raspberry_pi(tmp_path) is None
    other = make_root(tmp_path / "other", {"proc/device-tree/model": "Pine64 RockPro64\x00"})
    assert detect_raspberry_pi(other) is None


def test_should_simulate_follows_flag_then_environment_then_board(tmp_path):
    pi = make_root(tmp_path / "pi", {"proc/device-tree/model": PI5})
    laptop = tmp_path / "laptop"
    assert should_simulate(root=laptop, env={}) is True
    assert should_simulate(root=pi, env={}) is False
    assert should_simulate(root=pi, env={"FABRIQUE_SIMULATION": "1"}) is True
    assert should_simulate(root=laptop, env={"FABRIQUE_SIMULATION": "0"}) is False
    assert should_simulate(force=True, root=pi, env={"FABRIQUE_SIMULATION": "0"}) is True
    assert should_simulate(force=False, root=laptop, env={"FABRIQUE_SIMULATION": "1"}) is False


def test_should_simulate_reads_the_real_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("FABRIQUE_SIMULATION", "0")
    assert should_simulate(root=tmp_path) is False


def test_setup_installs_a_pwm_mock_factory_once():
    Device.pin_factory = None
    factory = setup_pin_factory(simulate=True)
    assert isinstance(factory, MockFactory)
    assert issubclass(factory.pin_class, MockPWMPin)
    assert Device.pin_factory is factory
    assert setup_pin_factory(simulate=True) is factory


def test_real_pins_off_a_pi_explain_how_to_fix(monkeypatch):
    monkeypatch.delenv("GPIOZERO_PIN_FACTORY", raising=False)
    Device.pin_factory = None
    try:
        import lgpio  # noqa: F401
    except ImportError:
        pass
    else:
        pytest.skip("lgpio is installed here")
    with pytest.raises(HardwareError) as caught:
        setup_pin_factory(simulate=False)
    assert "--simulate" in str(caught.value)
    assert Device.pin_factory is None


def test_simulated_pin_swallows_bounces_then_reports_the_settled_level():
    factory = simulated_factory()
    pin = factory.pin("GPIO5")
    assert isinstance(pin, SimulatedPin)
    seen = []
    pin.function = "input"
    pin.pull = "up"
    pin.bounce = 0.2

    def record(ticks, state):  # gpiozero keeps only a weak reference to it
        seen.append(state)

    pin.when_changed = record
    for _ in range(3):
        pin.drive_low()
        pin.drive_high()
    pin.drive_low()
    assert seen == [False]  # first edge at once, the bounces swallowed
    pin.drive_high()  # final level differs from the reported one
    assert wait_until(lambda: seen == [False, True])
    pin.close()


def test_simulated_pin_without_bounce_reports_every_edge():
    pin = simulated_factory().pin("GPIO6")
    seen = []
    pin.function = "input"

    def record(ticks, state):
        seen.append(state)

    pin.when_changed = record
    pin.drive_high()
    pin.drive_low()
    pin.drive_high()
    assert seen == [True, False, True]
