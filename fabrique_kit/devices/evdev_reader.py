"""Read real keyboards and Makey Makeys on Linux, with the optional ``evdev`` package,
and take them back when they are unplugged and plugged again (children pull the cable).

Keys are named by their place on the keyboard (the codes of ``linux/input-event-codes.h``,
as on a QWERTY keyboard), which is what a Makey Makey sends for w a s d f g. On a
French AZERTY keyboard, the key printed « A » is therefore ``"q"``.

Keyboards that come and go: the reader's thread sleeps in one ``select`` on the open
keyboards, a stop pipe and the device source's *watch* descriptor — udev's netlink
monitor (``pyudev``, when installed and udevd runs), which wakes it only when an input
device is added or removed. Without pyudev it rescans ``/dev/input`` every ``rescan`` seconds
(1 s: one wake-up a second, a directory listing of a few names; paths already seen,
keyboards or not, are never opened again). Nothing else wakes the thread: no timeout
while udev watches. The device source is an interface (:class:`EvdevSource`), so tests
plug and unplug keyboards of their own.

Example::

    event_to_key(1, 57, 1)          # ('space', 'press')
    reader = KeyboardReader(keys)
    reader.start()                  # False without evdev; True: it watches for keyboards
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
from typing import Any, Protocol

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


UDEV_CONTROL = "/run/udev/control"  # udevd's socket: there when udev announces devices
KEYBOARD_CODES = {57, 30, 103, 0x110}  # space, a, up, left click: a keyboard or a Makey Makey


def _import_evdev():
    try:
        import evdev
    except ImportError:
        return None
    return evdev


def open_keyboard(evdev, path: str):
    """The input device at ``path`` if it is a readable keyboard (or Makey Makey), else None."""
    if not os.access(path, os.R_OK):
        return None
    try:
        device = evdev.InputDevice(path)
    except OSError:
        return None
    if set(device.capabilities().get(EV_KEY, [])) & KEYBOARD_CODES:
        return device
    device.close()
    return None


def find_keyboards(evdev_module=None) -> list:
    """Open the readable input devices that have keys (keyboards, Makey Makeys)."""
    evdev = evdev_module or _import_evdev()
    if evdev is None:
        return []
    return [d for d in (open_keyboard(evdev, p) for p in evdev.list_devices()) if d is not None]


class DeviceSource(Protocol):
    """Where the reader finds keyboards: the paths there are, opening one, and a watch.

    ``watch()`` is a file descriptor that becomes readable when devices come or go
    (then ``changed()`` is called), or None: the reader rescans every few seconds.
    """

    def paths(self) -> list[str]: ...

    def open(self, path: str) -> Any | None: ...

    def watch(self) -> int | None: ...

    def changed(self) -> None: ...

    def close(self) -> None: ...


class EvdevSource:
    """The real ``/dev/input/event*`` devices, watched through udev when pyudev is installed.

    Example: ``EvdevSource().paths()`` → ``['/dev/input/event0', '/dev/input/event3']``
    """

    def __init__(self, evdev_module=None, udev: bool = True, udev_control: str = UDEV_CONTROL):
        self.evdev = evdev_module or _import_evdev()
        self._monitor = self._udev_monitor(udev_control) if udev and evdev_module is None else None

    @staticmethod
    def _udev_monitor(udev_control: str = UDEV_CONTROL):
        if not os.path.exists(udev_control):  # no udevd (a container): its monitor would never speak
            return None
        try:
            import pyudev
        except ImportError:
            return None
        try:
            monitor = pyudev.Monitor.from_netlink(pyudev.Context())
            monitor.filter_by("input")
            monitor.start()
        except Exception as error:  # no udev here (a container): rescan instead
            log.info("udev monitor unavailable: %s", error)
            return None
        return monitor

    def paths(self) -> list[str]:
        return list(self.evdev.list_devices()) if self.evdev is not None else []

    def open(self, path: str):
        return open_keyboard(self.evdev, path)

    def watch(self) -> int | None:
        return self._monitor.fileno() if self._monitor is not None else None

    def changed(self) -> None:
        while self._monitor is not None and self._monitor.poll(timeout=0) is not None:
            pass  # drain the events: the reader rescans the paths itself

    def close(self) -> None:
        self._monitor = None


class KeyboardReader:
    """A background thread that turns keyboard events into ``keys.press``/``release``,
    and opens keyboards plugged in while it runs (within ``rescan`` seconds at worst).

    Stop it with :meth:`stop`; it closes the devices it opened.
    """

    def __init__(self, keys, evdev_module=None, poll: float | None = None, source: DeviceSource | None = None,
                 rescan: float = 1.0):
        self.keys = keys
        self.source: DeviceSource = source or EvdevSource(evdev_module)
        self.rescan = poll if poll is not None else rescan
        self.devices: list = []
        self._paths: dict[str, Any] = {}  # path -> its open device
        self._refused: set[str] = set()  # paths seen that are not keyboards (never reopened)
        self._stop = threading.Event()
        self._wake_r, self._wake_w = -1, -1
        self._thread: threading.Thread | None = None
        self.scans = 0  # how many times the paths were listed (tests, benchmarks)

    def start(self) -> bool:
        """Open the keyboards there are and watch for others; False (nothing started) without evdev."""
        if isinstance(self.source, EvdevSource) and self.source.evdev is None:
            return False
        self.scan()
        if self.devices:
            names = ", ".join(getattr(d, "name", "?") for d in self.devices)
            log.info(_("Claviers lus : {names}", names=names))
        self._stop.clear()
        self._wake_r, self._wake_w = os.pipe()
        self._thread = threading.Thread(target=self._run, name="fabrique-keys", daemon=True)
        self._thread.start()
        return True

    def scan(self) -> None:
        """Open the keyboards that appeared; forget the paths that went away."""
        self.scans += 1
        present = set(self.source.paths())
        self._refused &= present
        for path in sorted(present - set(self._paths) - self._refused):
            device = self.source.open(path)
            if device is None:
                self._refused.add(path)
                continue
            if self.scans > 1:  # not the keyboards there at start: one was plugged in
                log.info(_("Clavier branché : {name}", name=getattr(device, "name", "?")))
            self._paths[path] = device
            self.devices.append(device)

    def _forget(self, device) -> None:
        log.warning(_("Clavier débranché : {name}", name=getattr(device, "name", "?")))
        with contextlib.suppress(ValueError):
            self.devices.remove(device)
        for path, open_device in list(self._paths.items()):
            if open_device is device:
                del self._paths[path]
        with contextlib.suppress(OSError):
            device.close()

    def _run(self) -> None:
        while not self._stop.is_set():
            watch = self.source.watch()
            waited = [*self.devices, self._wake_r] + ([watch] if watch is not None else [])
            try:  # no timeout while udev watches: the thread sleeps until something happens
                ready, _w, _x = select.select(waited, [], [], None if watch is not None else self.rescan)
            except (OSError, ValueError):  # a device closed under us: drop the dead ones
                for device in list(self.devices):
                    try:
                        select.select([device], [], [], 0)
                    except (OSError, ValueError):
                        self._forget(device)
                continue
            if self._stop.is_set():
                break
            if not ready or (watch is not None and watch in ready):
                if watch is not None and watch in ready:
                    self.source.changed()
                self.scan()
            for device in ready:
                if isinstance(device, int):  # the stop pipe or the watch
                    continue
                try:
                    events = [(e.type, e.code, e.value) for e in device.read()]
                except OSError:
                    self._forget(device)
                    continue
                dispatch(self.keys, events)

    def stop(self) -> None:
        self._stop.set()
        if self._wake_w >= 0:
            with contextlib.suppress(OSError):
                os.write(self._wake_w, b"x")
        if self._thread is not None:
            self._thread.join(timeout=2)
            self._thread = None
        for fd in (self._wake_r, self._wake_w):
            if fd >= 0:
                with contextlib.suppress(OSError):
                    os.close(fd)
        self._wake_r = self._wake_w = -1
        for device in self.devices:
            with contextlib.suppress(OSError):
                device.close()
        self.devices = []
        self._paths = {}
        with contextlib.suppress(Exception):
            self.source.close()
