"""Which board are we on, should the pins be simulated, and which pin factory to use.

On a laptop the kit simulates the pins with gpiozero's mock pins; on a Raspberry Pi it
lets gpiozero pick its driver (lgpio first). ``FABRIQUE_SIMULATION=1`` (or the
``--simulate`` flag) forces the simulation, ``FABRIQUE_SIMULATION=0`` forbids it.

Example::

    from fabrique_kit.devices.board import should_simulate, setup_pin_factory
    factory = setup_pin_factory(should_simulate())
    factory.board_info.model          # '3B' in simulation
"""

from __future__ import annotations

import os
import threading
import time
import warnings
from pathlib import Path

from gpiozero import Device
from gpiozero.pins.mock import MockFactory, MockPWMPin

from fabrique_kit.errors import HardwareError
from fabrique_kit.i18n import _

MODEL_FILES = ("proc/device-tree/model", "sys/firmware/devicetree/base/model")


def detect_raspberry_pi(root: str | Path = "/") -> str | None:
    """The board's model (``"Raspberry Pi 5 Model B Rev 1.0"``), or None off a Pi.

    ``root`` lets tests use a fake file tree.

    Example::

        detect_raspberry_pi()        # None on a laptop
    """
    for relative in MODEL_FILES:
        path = Path(root) / relative
        try:
            text = path.read_bytes().decode("utf-8", "replace")
        except OSError:
            continue
        model = text.replace("\x00", "").strip()
        if model.startswith("Raspberry Pi"):
            return model
    return None


def simulation_from_environment(env: dict | None = None) -> bool | None:
    """What ``FABRIQUE_SIMULATION`` says: True (``1``), False (``0``) or None (unset)."""
    value = (os.environ if env is None else env).get("FABRIQUE_SIMULATION", "").strip().lower()
    if value in ("1", "true", "yes", "oui", "on"):
        return True
    if value in ("0", "false", "no", "non", "off"):
        return False
    return None


def should_simulate(
    force: bool | None = None, root: str | Path = "/", env: dict | None = None
) -> bool:
    """True when the pins must be simulated.

    ``force`` (the ``--simulate`` flag) wins, then ``FABRIQUE_SIMULATION``; otherwise
    the pins are simulated when this is not a Raspberry Pi.

    Example::

        should_simulate()            # True on a laptop
        should_simulate(force=True)  # True everywhere
    """
    if force is not None:
        return bool(force)
    from_env = simulation_from_environment(env)
    if from_env is not None:
        return from_env
    return detect_raspberry_pi(root) is None


class SimulatedPin(MockPWMPin):
    """A mock pin (with PWM) that honours ``bounce`` like a real debounced pin.

    gpiozero's mock pins ignore the bounce time. Here the first edge is reported at
    once, edges within ``bounce`` seconds of it are swallowed, and once the contact
    has settled the final level is reported if it differs. Every change of level is
    also passed to ``watcher`` (the :class:`Devices` registry uses it to refresh the
    preview, even while an LED blinks).
    """

    def __init__(self, factory, info):
        super().__init__(factory, info)
        self._reported_at = -1.0
        self._reported_state = self._state
        self._settle_timer: threading.Timer | None = None
        self._bounce_lock = threading.Lock()
        self.watcher = None

    def _change_state(self, value):
        changed = super()._change_state(value)
        watcher = getattr(self, "watcher", None)
        if changed and watcher is not None:
            watcher(self)
        return changed

    def _call_when_changed(self):
        bounce = self._bounce
        if bounce:
            now = time.monotonic()
            with self._bounce_lock:
                if now - self._reported_at < bounce:
                    self._schedule_settle(self._reported_at + bounce - now)
                    return
                self._reported_at, self._reported_state = now, self._state
        super()._call_when_changed()

    def _schedule_settle(self, delay: float) -> None:
        if self._settle_timer is not None and self._settle_timer.is_alive():
            return
        self._settle_timer = threading.Timer(max(delay, 0.0) + 0.001, self._settle)
        self._settle_timer.daemon = True
        self._settle_timer.start()

    def _settle(self) -> None:
        with self._bounce_lock:
            if self._state == self._reported_state:
                return
            self._reported_at, self._reported_state = time.monotonic(), self._state
        if self._when_changed is not None and self._function == "input":
            super()._call_when_changed()

    def close(self):
        if self._settle_timer is not None:
            self._settle_timer.cancel()
            self._settle_timer = None
        self.watcher = None
        super().close()


def simulated_factory(revision: str | None = None) -> MockFactory:
    """A new mock pin factory whose pins debounce and support PWM.

    ``revision`` chooses the pretended board (gpiozero's revision codes, e.g.
    ``"d04170"`` for a Pi 5); by default the one gpiozero picks (a Pi 3B).
    """
    return MockFactory(revision=revision, pin_class=SimulatedPin)


def setup_pin_factory(simulate: bool):
    """Install the pin factory every gpiozero device will use, and return it.

    - ``simulate=True``: gpiozero's ``MockFactory`` with PWM mock pins (kept if one is
      already installed);
    - ``simulate=False``: gpiozero's own choice (lgpio, then RPi.GPIO, pigpio, native).

    A real factory that cannot start raises a :class:`HardwareError` that says why.

    Example::

        factory = setup_pin_factory(simulate=True)
    """
    current = Device.pin_factory
    if simulate:
        if not isinstance(current, MockFactory):
            Device.pin_factory = simulated_factory()
        return Device.pin_factory
    if current is not None and not isinstance(current, MockFactory):
        return current
    Device.pin_factory = None
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            Device.ensure_pin_factory()
    except Exception as error:
        reasons = "; ".join(str(w.message) for w in caught) if caught else str(error)
        raise HardwareError(
            _("Aucun pilote de broches ne démarre sur cette carte ({reasons}).", reasons=reasons),
            hint=_(
                "Installez lgpio (sudo apt install python3-lgpio) et créez le venv avec "
                "--system-site-packages, ou lancez en simulation : fabrique run --simulate."
            ),
        ) from error
    return Device.pin_factory
