"""Keyboards that come and go: a Makey Makey unplugged and plugged back is read again.

This container has no ``/dev/uinput`` (and no ``modprobe``), so the keyboards here are
the reader's own device-source interface: pipes that behave like evdev devices (readable
when an event waits, ``OSError`` once unplugged), and a watch descriptor like udev's.
"""

from __future__ import annotations

import os
import threading

import pytest

from fabrique_kit.devices import Keys
from fabrique_kit.devices.evdev_reader import KeyboardReader
from tests.devices.helpers import wait_until


class FakeKeyboard:
    """An input device: ``press`` queues events; once ``unplug``-ged, reading fails."""

    def __init__(self, name="Makey Makey"):
        self.name = name
        self.read_fd, self.write_fd = os.pipe()
        self.pending, self.plugged, self.closed = [], True, False

    def fileno(self):
        return self.read_fd

    def press(self, code=57):
        self.pending += [(1, code, 1), (1, code, 0)]
        os.write(self.write_fd, b"x")

    def unplug(self):
        self.plugged = False
        os.write(self.write_fd, b"x")  # the kernel wakes readers of a removed device

    def read(self):
        os.read(self.read_fd, 64)
        if not self.plugged:
            raise OSError(19, "No such device")
        events, self.pending = self.pending, []
        return [type("E", (), {"type": t, "code": c, "value": v})() for t, c, v in events]

    def close(self):
        if not self.closed:
            self.closed = True
            os.close(self.read_fd)
            os.close(self.write_fd)


class FakeSource:
    """The reader's device source: paths to devices, with an optional udev-like watch."""

    def __init__(self, watched: bool):
        self.devices: dict[str, FakeKeyboard | None] = {"/dev/input/event0": None}  # a power button
        self.lock = threading.Lock()
        self.watch_r, self.watch_w = os.pipe() if watched else (None, None)

    def plug(self, path, device):
        with self.lock:
            self.devices[path] = device
        self._notify()

    def unplug(self, path):
        with self.lock:
            device = self.devices.pop(path)
        device.unplug()
        self._notify()

    def _notify(self):
        if self.watch_w is not None:
            os.write(self.watch_w, b"!")

    def paths(self):
        with self.lock:
            return list(self.devices)

    def open(self, path):
        with self.lock:
            return self.devices.get(path)  # None: not a keyboard

    def watch(self):
        return self.watch_r

    def changed(self):
        os.read(self.watch_r, 64)

    def close(self):
        for fd in (self.watch_r, self.watch_w):
            if fd is not None:
                os.close(fd)
        self.watch_r = self.watch_w = None


@pytest.mark.parametrize("watched", [True, False], ids=["udev-watch", "rescan"])
def test_a_replugged_makey_makey_is_read_again_within_two_seconds(watched):
    source = FakeSource(watched)
    first = FakeKeyboard()
    source.plug("/dev/input/event3", first)
    keys = Keys()
    seen = []
    keys.key("space").when_pressed = lambda: seen.append("space")
    reader = KeyboardReader(keys, source=source, rescan=1.0)
    try:
        assert reader.start() is True
        assert reader.devices == [first]
        first.press()
        assert wait_until(lambda: seen == ["space"])

        source.unplug("/dev/input/event3")
        assert wait_until(lambda: reader.devices == [])
        assert first.closed  # the reader let go of the removed device

        again = FakeKeyboard()  # plugged back: the kernel gives it a new node
        source.plug("/dev/input/event4", again)
        again.press()
        assert wait_until(lambda: seen == ["space", "space"], timeout=2.0)
        assert reader.devices == [again]
    finally:
        reader.stop()
    assert again.closed


def test_with_a_watch_the_reader_never_wakes_while_nothing_happens():
    source = FakeSource(watched=True)
    reader = KeyboardReader(Keys(), source=source, rescan=0.01)
    reader.start()
    try:
        scans = reader.scans
        threading.Event().wait(0.3)  # 30 rescans if it polled
        assert reader.scans == scans
        source.plug("/dev/input/event5", FakeKeyboard())
        assert wait_until(lambda: len(reader.devices) == 1)
        assert reader.scans == scans + 1
    finally:
        reader.stop()


def test_paths_that_are_not_keyboards_are_not_opened_again():
    source = FakeSource(watched=False)
    opened = []
    real_open = source.open
    source.open = lambda path: opened.append(path) or real_open(path)
    reader = KeyboardReader(Keys(), source=source, rescan=0.01)
    reader.start()
    try:
        assert wait_until(lambda: reader.scans >= 5)
        assert opened == ["/dev/input/event0"]  # the power button: looked at once
    finally:
        reader.stop()


def test_without_udevd_the_real_source_rescans(tmp_path):
    """A udev monitor with no udevd would never speak: the source then has no watch."""
    from fabrique_kit.devices.evdev_reader import EvdevSource

    source = EvdevSource(udev_control=str(tmp_path / "no-udev-control"))
    assert source.watch() is None
    reader = KeyboardReader(Keys(), source=source, rescan=1.0)
    assert reader.rescan == 1.0
