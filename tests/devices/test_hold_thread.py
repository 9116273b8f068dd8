"""No thread wakes for a button without a hold action (gpiozero's hold thread polls at 10 Hz)."""

from __future__ import annotations

import threading

from gpiozero.mixins import HoldThread

from fabrique_kit.devices.buttons import NoHoldThread


def hold_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if isinstance(t, HoldThread) and t.is_alive()]


def test_a_button_without_hold_action_has_no_hold_thread(devices):
    before = len(hold_threads())
    button = devices.button(17, "Prendre un ticket")
    button.when_pressed = lambda: None
    assert isinstance(button.device._hold_thread, NoHoldThread)
    assert len(hold_threads()) == before
    pressed = []
    button.when_pressed = lambda: pressed.append(1)
    devices.press(button.id)
    devices.release(button.id)
    assert pressed == [1]  # pressing works without the thread (gpiozero sets its event)


def test_setting_a_hold_action_starts_the_thread_and_it_fires(devices):
    button = devices.button(17, "Fermer la session", hold_time=0.05)
    held = []
    button.when_held = lambda: held.append(1)
    assert isinstance(button.device._hold_thread, HoldThread)
    assert button.device._hold_thread.is_alive()
    devices.hold(button.id, 0.2)
    assert held == [1]
    thread = button.device._hold_thread
    button.close()
    thread.join(1)
    assert not thread.is_alive()


def test_closing_a_quiet_button_is_harmless(devices):
    button = devices.button(22, "Rien")
    button.close()
    button.close()
    assert button.closed
