"""Sliders for sensors, readable outputs, closing, and change notifications."""

from __future__ import annotations

import gpiozero
import pytest
from gpiozero.pins.mock import MockChargingPin, MockFactory, MockTriggerPin

from fabrique_kit.devices import Devices
from fabrique_kit.errors import FabriqueError, HardwareError
from fabrique_kit.state import State
from tests.devices.helpers import make_root, reservations_empty, wait_until


def test_light_slider_reaches_value_and_fires_dark_and_light(devices):
    events = []
    light = devices.light_sensor(18, "Lumière du hall")
    light.when_dark = lambda: events.append("dark")
    light.when_light = lambda: events.append("light")
    assert light.value == 0.5
    devices.set_value(light.id, 0.05)
    assert light.value == pytest.approx(0.05)
    assert not light.light_detected
    devices.set_value(light.id, "0.8")
    devices.set_value(light.id, 0.9)
    assert events == ["dark", "light"]
    devices.set_value(light.id, 7)
    assert light.value == 1.0  # kept within the slider
    with pytest.raises(FabriqueError, match="nombre"):
        devices.set_value(light.id, "beaucoup")


def test_distance_slider_in_metres(devices):
    events = []
    sensor = devices.distance_sensor(echo=24, trigger=23, label="Devant l'écran", max_distance=2)
    sensor.when_in_range = lambda: events.append("near")
    sensor.when_out_of_range = lambda: events.append("far")
    assert sensor.distance == 2.0 and not sensor.in_range
    devices.set_value(sensor.id, 0.2)
    assert sensor.distance == pytest.approx(0.2)
    assert sensor.value == pytest.approx(0.1)
    devices.set_value(sensor.id, 1.5)
    assert events == ["near", "far"]
    control = sensor.describe()
    assert (control["min"], control["max"], control["unit"]) == (0.0, 2.0, "m")
    assert control["pins"] == ["GPIO24", "GPIO23"]
    with pytest.raises(HardwareError, match="Devant l'écran"):
        devices.button(23, "Sur le trigger")


def test_simulated_temperature_is_a_slider(devices):
    cpu = devices.temperature("Processeur")
    assert cpu.temperature == 45.0
    devices.set_value(cpu.id, 61.5)
    assert cpu.temperature == 61.5
    assert cpu.value == pytest.approx(0.615)
    assert cpu.describe()["unit"] == "°C"


def real_devices(root, factory) -> Devices:
    """Real-mode devices (gpiozero's own classes) on a mock board and a fake root."""
    return Devices(simulate=False, root=root, pin_factory=factory)


def test_cpu_temperature_reads_the_sysfs_file_under_root(tmp_path, factory):
    root = make_root(tmp_path, {"sys/class/thermal/thermal_zone0/temp": "47500\n"})
    with real_devices(root, factory) as devices:
        cpu = devices.temperature("Processeur")
        seen = []
        devices.on_change(seen.append)
        assert cpu.temperature == 47.5
        assert isinstance(cpu.device, gpiozero.CPUTemperature)
        with pytest.raises(FabriqueError, match="pas simulé"):
            devices.set_value(cpu.id, 30)
        (root / "sys/class/thermal/thermal_zone0/temp").write_text("52000\n")
        devices.poll()
        assert [c["value"] for c in seen] == [52.0]


def test_one_wire_sensor_by_id(tmp_path, factory):
    root = make_root(
        tmp_path,
        {
            "sys/bus/w1/devices/28-0316a2795eff/temperature": "19875\n",
            "sys/bus/w1/devices/28-01144b1a/w1_slave": "72 01 4b 46 7f ff 0e 10 57 : crc=57 YES\n72 01 4b 46 7f ff 0e 10 57 t=23125\n",
        },
    )
    with real_devices(root, factory) as devices:
        assert devices.temperature("Salle", source="28-0316a2795eff").temperature == 19.875
        assert devices.temperature("Hall", source="28-01144b1a").temperature == 23.125
        with pytest.raises(HardwareError) as caught:
            devices.temperature("Dehors", source="28-0316a2795efe")
        assert "28-0316a2795eff" in str(caught.value)  # the closest existing sensor


def test_missing_one_wire_bus_says_how_to_enable_it(tmp_path, factory):
    with real_devices(tmp_path, factory) as devices, pytest.raises(HardwareError) as caught:
        devices.temperature("Salle", source="28-0316a2795eff")
    assert "dtoverlay=w1-gpio" in str(caught.value)


def test_led_states_are_readable(devices):
    led = devices.led(22, "Voyant d'appel")
    assert led.value == 0 and not led.is_lit
    led.on()
    assert led.is_lit and led.device.pin.state == 1
    led.value = 0.25
    assert led.describe()["value"] == 0.25
    led.toggle()
    assert led.value == 0.75  # as gpiozero's PWMLED: 1 - brightness
    led.off()
    assert led.value == 0
    led.blink(on_time=0.02, off_time=0.02, n=2, background=False)
    states = [s.state for s in led.device.pin.states]
    assert states.count(1.0) >= 3  # on, then twice while blinking


def test_blinking_in_the_background_reaches_the_preview(devices):
    seen = []
    led = devices.led(22, "Voyant")
    devices.on_change(lambda c: seen.append(c["value"]))
    led.blink(on_time=0.02, off_time=0.02, n=2)
    assert wait_until(lambda: seen.count(1.0) == 2 and seen[-1] == 0.0)


def test_rgb_led_and_buzzer(devices):
    rgb = devices.rgb_led(5, 6, 13, "Humeur de l'écran")
    rgb.color = (1, 0.5, 0)
    assert rgb.color == (1, 0.5, 0)
    assert rgb.describe()["color"] == "#ff8000"
    assert rgb.describe()["pins"] == ["GPIO5", "GPIO6", "GPIO13"]
    buzzer = devices.buzzer(26, "Bip")
    buzzer.on()
    assert buzzer.describe()["value"] == 1
    devices.set_value(buzzer.id, False)
    assert buzzer.value == 0
    buzzer.beep(0.01, 0.01, n=1, background=False)
    assert [s.state for s in buzzer.device.pin.states][-2:] == [1.0, 0.0]


def test_close_releases_every_pin_so_they_can_be_reused(factory, tmp_path):
    devices = Devices(simulate=True, root=tmp_path, pin_factory=factory)
    button = devices.button(17, "Prendre un ticket")
    devices.motion_sensor(4, "Entrée")
    devices.light_sensor(18, "Lumière")
    devices.distance_sensor(24, 23, "Distance")
    devices.led(22, "Voyant")
    devices.rgb_led(5, 6, 13, "Humeur")
    devices.buzzer(26, "Bip")
    devices.key("space")
    assert not reservations_empty(factory)
    devices.close()
    devices.close()  # twice is harmless
    assert reservations_empty(factory)
    assert button.closed and len(devices) == 0 and devices.controls() == []
    again = Devices(simulate=True, root=tmp_path, pin_factory=factory)
    for pin in (17, 4, 18, 24, 23, 22, 5, 6, 13, 26):
        again.button(pin, f"Bouton {pin}")
    gpiozero.LED(27, pin_factory=factory).close()  # plain gpiozero too
    again.close()
    assert reservations_empty(factory)


def test_closing_one_device_frees_its_pin(devices, factory):
    with devices.button(17, "Prendre un ticket") as button:
        assert devices.get(button.id) is button
    assert button.closed
    devices.led(17, "Voyant")
    assert [c["label"] for c in devices.controls()] == ["Voyant"]


def test_on_change_reports_only_changes(devices):
    seen = []
    button = devices.button(17, "Prendre un ticket", bounce_time=None)
    unsubscribe = devices.on_change(seen.append)
    devices.press(button.id)
    devices.press(button.id)  # no change: already pressed
    devices.release(button.id)
    assert [(c["id"], c["value"]) for c in seen] == [
        ("prendre-un-ticket", 1),
        ("prendre-un-ticket", 0),
    ]
    unsubscribe()
    devices.press(button.id)
    assert len(seen) == 2


def test_attach_keeps_entrees_in_the_state(devices):
    state = State()
    button = devices.button(17, "Prendre un ticket", bounce_time=None)
    devices.attach(state)
    assert state.get("entrees") == {"prendre-un-ticket": 0}
    version = state.value("entrees").version
    devices.press(button.id)
    assert state.get("entrees") == {"prendre-un-ticket": 1}
    devices.press(button.id)
    devices.poll()  # nothing changed: no new version
    assert state.value("entrees").version == version + 1
    light = devices.light_sensor(18, "Lumière")
    devices.set_value(light.id, 0.3)
    assert state.get("entrees")["lumiere"] == 0.3
    light.close()
    assert "lumiere" not in state.get("entrees")


def test_a_failing_listener_does_not_stop_the_others(devices):
    seen = []

    def broken(control):
        raise RuntimeError("preview gone")

    devices.on_change(broken)
    devices.on_change(seen.append)
    button = devices.button(17, "Prendre un ticket")
    assert seen and seen[-1]["id"] == button.id


def test_real_mode_uses_gpiozero_sensors_behind_the_same_wrappers(tmp_path):
    board = MockFactory()  # gpiozero's own mock circuits: a charging LDR, an HC-SR04
    board.pin("GPIO18", pin_class=MockChargingPin, charge_time=0.002)
    echo = board.pin("GPIO24")
    board.pin("GPIO23", pin_class=MockTriggerPin, echo_pin=echo, echo_time=0.004)
    with Devices(simulate=False, root=tmp_path, pin_factory=board) as devices:
        light = devices.light_sensor(18, "Lumière")
        distance = devices.distance_sensor(24, 23, "Distance")
        assert isinstance(light.device, gpiozero.LightSensor)
        assert 0.3 < light.value < 1.0  # charged in 2 ms of a 10 ms limit
        assert 0.3 < distance.distance < 1.0  # a 4 ms echo is about 0.69 m
        assert not light.describe()["simulated"]
        with pytest.raises(FabriqueError, match="pas simulé"):
            devices.set_value(light.id, 0.2)
    assert reservations_empty(board)


def test_a_sensor_that_stops_reading_shows_its_error_in_the_preview(tmp_path, factory):
    root = make_root(tmp_path, {"sys/bus/w1/devices/28-0316a2795eff/temperature": "19875\n"})
    with real_devices(root, factory) as devices:
        sensor = devices.temperature("Salle", source="28-0316a2795eff")
        (root / "sys/bus/w1/devices/28-0316a2795eff/temperature").unlink()
        control = devices.controls()[0]
        assert control["value"] is None
        assert "« Salle »" in control["error"]
        devices.poll()  # logged, not raised
        with pytest.raises(HardwareError, match="1-Wire"):
            assert sensor.temperature is None


def test_missing_cpu_sysfs_file_is_reported_at_creation(tmp_path, factory):
    with (
        real_devices(tmp_path, factory) as devices,
        pytest.raises(HardwareError, match="Processeur"),
    ):
        devices.temperature("Processeur")
    assert len(devices) == 0


def test_switch_values_from_the_preview_page(devices):
    pir = devices.motion_sensor(4, "Entrée")
    devices.set_value(pir.id, "true")
    assert pir.describe()["value"] == 1
    devices.set_value(pir.id, "False")
    assert pir.describe()["value"] == 0
