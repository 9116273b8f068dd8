"""Keyboard and Makey Makey keys: names, actions, evdev mapping (without evdev)."""

from __future__ import annotations

import os

import pytest

from fabrique_kit.devices import MAKEY_MAKEY_KEYS, Keys, event_to_key, normalise_key_name
from fabrique_kit.devices.evdev_reader import KEY_CODES, KeyboardReader, dispatch
from fabrique_kit.errors import FabriqueError
from tests.devices.helpers import wait_until


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("space", "space"),
        ("Espace", "space"),
        (" ", "space"),
        ("haut", "up"),
        ("Flèche bas", "down"),
        ("gauche", "left"),
        ("DROITE", "right"),
        ("entrée", "enter"),
        ("Entree", "enter"),
        ("ArrowUp", "up"),
        ("KeyW", "w"),
        ("Digit1", "1"),
        ("W", "w"),
        ("clic", "click"),
        ("échap", "esc"),
        ("F5", "f5"),
    ],
)
def test_key_names_in_french_and_english(name, expected):
    assert normalise_key_name(name) == expected


def test_an_unknown_key_suggests_the_closest_name():
    with pytest.raises(FabriqueError) as caught:
        normalise_key_name("espase")
    assert "espace" in str(caught.value)


def test_every_makey_makey_key_is_known():
    assert [normalise_key_name(k) for k in MAKEY_MAKEY_KEYS] == list(MAKEY_MAKEY_KEYS)


def test_keys_run_their_actions_and_ignore_repeats():
    calls = []
    keys = Keys()
    key = keys.key("espace", "Prendre un ticket")
    key.when_pressed = lambda: calls.append("down")
    key.when_released = lambda: calls.append("up")
    assert keys.key("space") is key and key.label == "Prendre un ticket"
    keys.press("space")
    keys.press("Espace")  # key repeat while held
    assert key.is_pressed
    keys.release("space")
    keys.press("haut")  # nobody listens to it: ignored
    assert calls == ["down", "up"]


def test_tap_presses_and_releases_so_the_next_tap_counts():
    keys = Keys()
    taps = []
    keys.key("espace").when_pressed = lambda: taps.append(1)
    keys.tap("space")
    keys.tap("espace")
    assert taps == [1, 1] and not keys.key("space").is_pressed


def test_a_called_action_on_a_key_is_explained():
    keys = Keys()
    with pytest.raises(FabriqueError, match="sans parenthèses"):
        keys.key("right").when_pressed = 3


def test_keys_are_controls_of_devices(devices):
    calls = []
    key = devices.key("droite", "Appeler le suivant")
    key.when_pressed = lambda: calls.append(1)
    control = devices.controls()[0]
    assert control["id"] == "key-right" and control["kind"] == "button"
    assert control["device"] == "key" and control["pin"] is None
    devices.press("key-right")
    assert calls == [1] and devices.controls()[0]["value"] == 1
    devices.release("Appeler le suivant")
    assert devices.controls()[0]["value"] == 0


def test_evdev_events_map_to_key_names():
    assert event_to_key(1, 57, 1) == ("space", "press")
    assert event_to_key(1, 57, 0) == ("space", "release")
    assert event_to_key(1, 57, 2) is None  # repeat
    assert event_to_key(2, 0, 5) is None  # mouse motion
    assert event_to_key(1, 999, 1) is None
    arrows = [event_to_key(1, code, 1)[0] for code in (103, 108, 105, 106)]
    assert arrows == ["up", "down", "left", "right"]
    makey = [event_to_key(1, code, 1)[0] for code in (17, 30, 31, 32, 33, 34, 0x110)]
    assert makey == ["w", "a", "s", "d", "f", "g", "click"]
    assert event_to_key(1, 11, 1)[0] == "0" and event_to_key(1, 2, 1)[0] == "1"
    assert all(normalise_key_name(name) == name for name in KEY_CODES.values())


def test_dispatch_drives_keys():
    keys = Keys()
    seen = []
    keys.key("w").when_pressed = lambda: seen.append("w")
    count = dispatch(keys, [(1, 17, 1), (1, 17, 2), (0, 0, 0), (1, 17, 0)])
    assert count == 2 and seen == ["w"] and not keys.key("w").is_pressed


class FakeInputDevice:
    """An evdev-like device fed through a pipe (select() needs a real file descriptor)."""

    def __init__(self, path, codes):
        self.path, self.name, self.codes = path, f"fake {path}", codes
        self.read_fd, self.write_fd = os.pipe()
        self.pending = []
        self.closed = False

    def capabilities(self):
        return {1: self.codes}

    def fileno(self):
        return self.read_fd

    def feed(self, events):
        self.pending.extend(events)
        os.write(self.write_fd, b"x")

    def read(self):
        os.read(self.read_fd, 1)
        events, self.pending = self.pending, []
        return [type("E", (), {"type": t, "code": c, "value": v})() for t, c, v in events]

    def close(self):
        self.closed = True
        os.close(self.read_fd)
        os.close(self.write_fd)


class FakeEvdev:
    def __init__(self, devices):
        self.devices = {d.path: d for d in devices}

    def list_devices(self):
        return list(self.devices)

    def InputDevice(self, path):  # noqa: N802 - evdev's own name
        return self.devices[path]


def test_keyboard_reader_without_keyboards_watches_for_one():
    reader = KeyboardReader(Keys(), evdev_module=FakeEvdev([]))
    assert reader.start() is True  # a Makey Makey plugged in later is taken
    assert reader.devices == []
    reader.stop()


def test_keyboard_reader_reads_events_and_closes_its_devices(tmp_path):
    keyboard = FakeInputDevice(str(tmp_path), codes=[57, 103])
    mouse_only = FakeInputDevice(str(tmp_path / "x"), codes=[0x150])
    (tmp_path / "x").mkdir()
    keys = Keys()
    seen = []
    keys.key("space").when_pressed = lambda: seen.append("space")
    reader = KeyboardReader(keys, evdev_module=FakeEvdev([keyboard, mouse_only]), poll=0.02)
    assert reader.start() is True
    assert reader.devices == [keyboard] and mouse_only.closed
    keyboard.feed([(1, 57, 1), (1, 57, 0)])
    assert wait_until(lambda: seen == ["space"])
    reader.stop()
    assert keyboard.closed and reader.devices == []


def test_keys_start_reader_is_false_without_evdev():
    keys = Keys()
    try:
        import evdev  # noqa: F401
    except ImportError:
        assert keys.start_reader() is False
    else:
        pytest.skip("evdev is installed here")
    keys.close()
