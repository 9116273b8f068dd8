"""Read real keyboards and Makey Makeys on Linux, with the optional ``evdev`` package.

Keys are named by their place on the keyboard (the codes of ``linux/input-event-codes.h``,
as on a QWERTY keyboard), which is what a Makey Makey sends for w a s d f g. On a
French AZERTY keyboard, the key printed « A » is therefore ``"q"``.

Example::

    event_to_key(1, 57, 1)          # ('space', 'press')
    reader = KeyboardReader(keys)
    reader.start()                  # False without evdev or readable keyboards
    reader.stop()
"""

from __future__ import annotations

import contextlib
import logging
import os
import select
import string
import threading
from collections.abc import Iterable

from fabrique_kit.i18n import _

log = logging.getLogger("fabrique_kit.devices")

EV_KEY = 1
KEY_CODES: dict[int, str] = {
    1: "esc",
    14: "backspace",
    15: "tab",
    28: "enter",
    96: "enter",
    57: "space",
    103: "up",
    105: "left",
    106: "right",
    108: "down",
    0x110: "click",
    0x111: "right_click",
}
KEY_CODES.update({2 + i: str((i + 1) % 10) for i in range(10)})  # KEY_1 = 2 ... KEY_0 = 11
for _row_start, _letters in ((16, "qwertyuiop"), (30, "asdfghjkl"), (44, "zxcvbnm")):
    KEY_CODES.update({_row_start + i: letter for i, letter in enumerate(_letters)})
KEY_CODES.update({59 + i: f"f{i + 1}" for i in range(10)})  # F1 = 59 ... F10 = 68
KEY_CODES.update({87: "f11", 88: "f12"})
assert set(string.ascii_lowercase) <= set(KEY_CODES.values())


def event_to_key(event_type: int, code: int, value: int) -> tuple[str, str] | None:
    """``(name, "press"|"release")`` for a key event, None for anything else (or repeats).

    Example::

        event_to_key(1, 103, 0)       # ('up', 'release')
        event_to_key(1, 57, 2)        # None: the key repeats while held
    """
    if event_type != EV_KEY or value not in (0, 1):
        return None
    name = KEY_CODES.get(code)
    if name is None:
        return None
    return name, "press" if value == 1 else "release"


def dispatch(keys, events: Iterable[tuple[int, int, int]]) -> int:
    """Press and release ``keys`` for raw ``(type, code, value)`` events; returns how many."""
    count = 0
    for event_type, code, value in events:
        found = event_to_key(event_type, code, value)
        if found is None:
            continue
        name, what = found
        (keys.press if what == "press" else keys.release)(name)
        count += 1
    return count


def _import_evdev():
    try:
        import evdev
    except ImportError:
        return None
    return evdev


def find_keyboards(evdev_module=None) -> list:
    """Open the readable input devices that have keys (keyboards, Makey Makeys)."""
    evdev = evdev_module or _import_evdev()
    if evdev is None:
        return []
    found = []
    for path in evdev.list_devices():
        if not os.access(path, os.R_OK):
            continue
        try:
            device = evdev.InputDevice(path)
        except OSError:
            continue
        codes = set(device.capabilities().get(EV_KEY, []))
        if codes & {57, 30, 103, 0x110}:
            found.append(device)
        else:
            device.close()
    return found


class KeyboardReader:
    """A background thread that turns keyboard events into ``keys.press``/``release``.

    Stop it with :meth:`stop`; it closes the devices it opened.
    """

    def __init__(self, keys, evdev_module=None, poll: float = 0.2):
        self.keys = keys
        self.evdev_module = evdev_module
        self.poll = poll
        self.devices: list = []
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> bool:
        """Start reading; False (and nothing started) without evdev or keyboards."""
        self.devices = find_keyboards(self.evdev_module)
        if not self.devices:
            return False
        names = ", ".join(getattr(d, "name", "?") for d in self.devices)
        log.info(_("Claviers lus : {names}", names=names))
        self._thread = threading.Thread(target=self._run, name="fabrique-keys", daemon=True)
        self._thread.start()
        return True

    def _run(self) -> None:
        while not self._stop.is_set() and self.devices:
            try:
                ready, _w, _x = select.select(self.devices, [], [], self.poll)
            except (OSError, ValueError):
                break
            for device in ready:
                try:
                    events = [(e.type, e.code, e.value) for e in device.read()]
                except OSError:
                    log.warning(_("Clavier débranché : {name}", name=getattr(device, "name", "?")))
                    self.devices.remove(device)
                    continue
                dispatch(self.keys, events)

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=2)
            self._thread = None
        for device in self.devices:
            with contextlib.suppress(OSError):
                device.close()
        self.devices = []
