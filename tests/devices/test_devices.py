"""Buttons and motion sensors on mock pins: actions, holds, bounces, mistakes."""

from __future__ import annotations

import logging
import time

import pytest

from fabrique_kit.devices import Devices
from fabrique_kit.errors import FabriqueError
from tests.devices.helpers import wait_until


def test_press_and_release_run_the_actions(devices):
    calls = []
    button = devices.button(17, "Prendre un ticket")
    button.when_pressed = lambda: calls.append("pressed")
    button.when_released = lambda: calls.append("released")
    assert button.is_pressed is False
    devices.press(button.id)
    assert calls == ["pressed"]
    assert button.is_pressed and button.value == 1
    time.sleep(0.06)
    devices.release(button.id)
    assert calls == ["pressed", "released"]
    assert not button.is_pressed


def test_the_mock_pin_goes_low_for_a_pull_up_button_and_high_otherwise(devices):
    pulled_up = devices.button(17, "Vers la masse")
    pulled_down = devices.button(27, "Vers le 3V3", pull_up=False)
    devices.press(pulled_up.id)
    devices.press(pulled_down.id)
    assert pulled_up.device.pin.state == 0
    assert pulled_down.device.pin.state == 1
    assert pulled_up.is_pressed and pulled_down.is_pressed


def test_an_action_taking_one_parameter_receives_the_button(devices):
    seen = []
    button = devices.button(17, "Prendre un ticket")
    button.when_pressed = seen.append
    button.press()
    assert seen == [button]


def test_hold_fires_when_held_after_hold_time(devices):
    held = []
    button = devices.button(17, "Fermer la session", hold_time=0.1)
    button.when_held = lambda: held.append(time.monotonic())
    button.when_pressed = lambda: held.append("pressed")
    devices.hold(button.id, 0.3)
    assert held[0] == "pressed"
    assert len(held) == 2


def test_hold_repeat_fires_again_while_held(devices):
    held = []
    button = devices.button(17, "Avancer vite", hold_time=0.05, hold_repeat=True)
    button.when_held = lambda: held.append(1)
    devices.hold(button.id, 0.3)
    assert len(held) >= 3
    assert not button.is_held


def test_a_short_press_is_not_a_hold(devices):
    held = []
    button = devices.button(17, "Fermer la session", hold_time=0.3)
    button.when_held = lambda: held.append(1)
    devices.hold(button.id, 0.06)
    time.sleep(0.35)
    assert held == []


def test_hold_without_waiting_releases_in_the_background(devices):
    button = devices.button(17, "Fermer la session", hold_time=0.05)
    devices.hold(button.id, 0.1, wait=False)
    assert button.is_pressed
    assert wait_until(lambda: not button.is_pressed)


def test_a_bouncing_contact_fires_once(devices):
    presses, releases = [], []
    button = devices.button(17, "Prendre un ticket", bounce_time=0.2)
    button.when_pressed = lambda: presses.append(1)
    button.when_released = lambda: releases.append(1)
    for _ in range(5):  # contact bounce: rapid toggles within bounce_time
        button.press()
        button.release()
    button.press()
    time.sleep(0.3)
    assert presses == [1]
    assert releases == []
    button.release()
    assert releases == [1]


def test_a_tap_shorter_than_bounce_time_still_releases(devices):
    releases = []
    button = devices.button(17, "Prendre un ticket", bounce_time=0.05)
    button.when_released = lambda: releases.append(1)
    button.press()
    button.release()
    assert wait_until(lambda: releases == [1], timeout=0.5)
    assert not button.is_pressed


def test_without_bounce_time_every_press_counts(devices):
    presses = []
    button = devices.button(17, "Prendre un ticket", bounce_time=None)
    button.when_pressed = lambda: presses.append(1)
    for _ in range(5):
        button.press()
        button.release()
    assert presses == [1] * 5


def test_calling_the_action_instead_of_giving_it_is_explained(devices):
    def prendre_ticket():
        return 12

    button = devices.button(17, "Prendre un ticket")
    with pytest.raises(FabriqueError) as caught:
        button.when_pressed = prendre_ticket()
    text = str(caught.value)
    assert "« Prendre un ticket »" in text
    assert "when_pressed = prendre_ticket, sans parenthèses" in text
    assert button.when_pressed is None


def test_an_action_needing_parameters_is_explained(devices):
    def call(number, desk):
        return number, desk

    button = devices.button(17, "Appeler le suivant")
    with pytest.raises(FabriqueError, match="attend des paramètres"):
        button.when_pressed = call


def test_assigning_none_first_is_warned_about(devices, caplog):
    button = devices.button(17, "Prendre un ticket")
    with caplog.at_level(logging.WARNING, logger="fabrique_kit.devices"):
        button.when_pressed = None
    assert "action()" in caplog.text


def test_a_failing_action_is_logged_and_the_button_keeps_working(devices, caplog):
    count = []

    def broken():
        count.append(1)
        raise ZeroDivisionError("division by zero")

    button = devices.button(17, "Prendre un ticket", bounce_time=None)
    button.when_pressed = broken
    with caplog.at_level(logging.ERROR, logger="fabrique_kit.devices"):
        devices.press(button.id)
        devices.release(button.id)
        devices.press(button.id)
    assert count == [1, 1]
    assert "« Prendre un ticket »" in caplog.text
    assert "broken" in caplog.text
    assert "ZeroDivisionError" in button.last_error
    assert devices.get(button.id).describe()["error"] == button.last_error


def test_motion_sensor_fires_when_motion_and_when_no_motion(devices):
    events = []
    pir = devices.motion_sensor(4, "Entrée du hall")
    pir.when_motion = lambda: events.append("motion")
    pir.when_no_motion = lambda: events.append("calm")
    devices.set_value(pir.id, True)
    assert wait_until(lambda: events == ["motion"])
    assert pir.motion_detected
    devices.set_value(pir.id, False)
    assert wait_until(lambda: events == ["motion", "calm"])
    assert pir.describe()["kind"] == "switch"


def test_controls_describe_every_device(devices):
    devices.button(17, "Prendre un ticket")
    devices.button(27, "Prendre un ticket")
    devices.motion_sensor(4, "Entrée")
    devices.light_sensor(18, "Lumière")
    devices.led(22, "Voyant")
    controls = {c["id"]: c for c in devices.controls()}
    assert list(controls) == [
        "prendre-un-ticket",
        "prendre-un-ticket-2",
        "entree",
        "lumiere",
        "voyant",
    ]
    assert controls["prendre-un-ticket"]["kind"] == "button"
    assert controls["prendre-un-ticket"]["pin"] == 17
    assert controls["prendre-un-ticket"]["pins"] == ["GPIO17"]
    assert controls["entree"]["kind"] == "switch"
    assert controls["lumiere"] | {"value": None} == controls["lumiere"] | {
        "kind": "slider",
        "min": 0.0,
        "max": 1.0,
        "value": None,
    }
    assert controls["voyant"]["kind"] == "output"
    assert all(c["simulated"] for c in controls.values())


def test_devices_are_found_by_id_or_label_with_a_suggestion(devices):
    button = devices.button(17, "Prendre un ticket")
    assert devices.get("Prendre un ticket") is button
    assert devices["prendre-un-ticket"] is button
    with pytest.raises(FabriqueError, match="prendre-un-ticket"):
        devices.press("prendre-un-tiket")


def test_default_labels_name_the_pin(devices):
    assert devices.button(17).label == "Bouton GPIO17"


def test_an_output_cannot_be_pressed(devices):
    led = devices.led(22, "Voyant")
    with pytest.raises(FabriqueError, match="Voyant"):
        devices.press(led.id)


def test_devices_choose_simulation_from_the_environment(monkeypatch, tmp_path, factory):
    monkeypatch.setenv("FABRIQUE_SIMULATION", "1")
    with Devices(root=tmp_path, pin_factory=factory) as registry:
        assert registry.simulate is True
