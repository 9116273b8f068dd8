"""Buttons and motion sensors: things that are on or off.

Example::

    button = devices.button(17, "Prendre un ticket", hold_time=2)
    button.when_pressed = queue.take_ticket
    button.when_held = queue.close_session

    pir = devices.motion_sensor(4, "Entrée du hall")
    pir.when_motion = screen_on

gpiozero gives every ``Button`` a hold thread (``HoldMixin``) that wakes ten times a
second (``holding.wait(0.1)``) for the button's whole life, even when nothing is held.
A hall screen with two buttons then woke 20 times a second for nothing. Here the thread
is stopped at once and started only when a ``when_held`` action is given.
"""

from __future__ import annotations

import threading
from typing import Any

from fabrique_kit.devices.base import Wrapper
from fabrique_kit.devices.events import event_property


class NoHoldThread:
    """Stands for gpiozero's hold thread while the button has no hold action: no thread.

    It has the two events gpiozero touches (``holding`` on each press, ``stopping``).
    """

    def __init__(self):
        self.holding, self.stopping = threading.Event(), threading.Event()

    def stop(self) -> None:
        self.stopping.set()


def quiet_hold_thread(device) -> None:
    """Stop ``device``'s polling hold thread now and put a :class:`NoHoldThread` in its place."""
    thread = getattr(device, "_hold_thread", None)
    if thread is None or isinstance(thread, NoHoldThread):
        return
    thread.stopping.set()
    thread.holding.set()  # it returns from its 0.1 s wait and sees it must stop
    thread.join(1)
    device._hold_thread = NoHoldThread()


def start_hold_thread(device) -> None:
    """Give ``device`` gpiozero's real hold thread back (a hold action was set)."""
    if isinstance(getattr(device, "_hold_thread", None), NoHoldThread) and not device.closed:
        from gpiozero.mixins import HoldThread

        device._hold_thread = HoldThread(device)


class hold_event_property(event_property):
    """``when_held``: setting an action starts the hold thread it needs."""

    def __set__(self, instance, value):
        super().__set__(instance, value)
        if value is not None:
            start_hold_thread(instance.device)


class _OnOff(Wrapper):
    """A digital input (wired to a gpiozero device with activated/deactivated events)."""

    on_event = "when_activated"
    off_event = "when_deactivated"

    def __init__(self, registry, device, label, id, pins):
        super().__init__(registry, device, label, id, pins)
        device.when_activated = self._activated
        device.when_deactivated = self._deactivated

    def _activated(self) -> None:
        self._fire(self.on_event)

    def _deactivated(self) -> None:
        self._fire(self.off_event)

    def _active_level(self) -> bool:
        """The pin level meaning "active" (low for a button with its pull-up)."""
        return not self.device.pull_up

    def control_value(self) -> int:
        pin = self.device.pin
        return int(bool(pin.state) == self._active_level())

    @property
    def is_active(self) -> bool:
        return bool(self.control_value())

    def press(self) -> None:
        """Simulation: activate the input (drives its mock pin)."""
        self._drive(active=True)

    def release(self) -> None:
        """Simulation: let the input go back to rest."""
        self._drive(active=False)

    def _drive(self, active: bool) -> None:
        """Put the mock pin at the active level (``active``) or at rest, as the wiring says."""
        pin = self._mock_pin()
        if active == self._active_level():
            pin.drive_high()
        else:
            pin.drive_low()

    def set_value(self, value: Any) -> None:
        """Simulation: a true value presses, a false one releases."""
        if isinstance(value, str):
            value = value.strip().lower() not in ("", "0", "false", "off", "non", "no")
        if value:
            self.press()
        else:
            self.release()


class Button(_OnOff):
    """A push button (gpiozero ``Button``), wired between its pin and a GND pin.

    Example::

        button = devices.button(17, "Appeler le suivant")
        button.when_pressed = queue.call_next
        button.is_pressed          # False
    """

    kind = "button"
    control = "button"
    on_event = "when_pressed"
    off_event = "when_released"

    when_pressed = event_property("when_pressed")
    when_released = event_property("when_released")
    when_held = hold_event_property("when_held")

    def __init__(self, registry, device, label, id, pins):
        super().__init__(registry, device, label, id, pins)
        device.when_held = self._held
        quiet_hold_thread(device)  # until a hold action is set: no thread waking 10 times a second

    def _held(self) -> None:
        self.slot("when_held").fire()

    @property
    def is_pressed(self) -> bool:
        return self.is_active

    def close(self) -> None:
        # gpiozero's hold thread sleeps up to 0.1 s (or hold_time while pressed)
        # before it sees that it must stop; wake it so closing is immediate.
        thread = getattr(self.device, "_hold_thread", None)
        if not self.closed and thread is not None:
            thread.stopping.set()
            thread.holding.set()
            self.device._inactive_event.set()
        super().close()

    @property
    def is_held(self) -> bool:
        return self.device.is_held

    @property
    def hold_time(self) -> float:
        return self.device.hold_time

    @property
    def value(self) -> int:
        return self.control_value()


class MotionSensor(_OnOff):
    """A PIR motion sensor (gpiozero ``MotionSensor``): ``when_motion``, ``when_no_motion``.

    Example::

        pir = devices.motion_sensor(4, "Entrée")
        pir.when_motion = wake_screen
    """

    kind = "motion_sensor"
    control = "switch"
    on_event = "when_motion"
    off_event = "when_no_motion"

    when_motion = event_property("when_motion")
    when_no_motion = event_property("when_no_motion")

    def __init__(self, registry, device, label, id, pins):
        super().__init__(registry, device, label, id, pins)
        # gpiozero learns the starting level from its first sample, 0.1 s later; a
        # change before then would be taken as the start. Tell it the level now.
        device._fire_events(device.pin_factory.ticks(), self.is_active)

    @property
    def motion_detected(self) -> bool:
        return self.is_active
