"""The native screen output under a real headless Wayland compositor (weston).

weston runs with its headless backend and software rendering, as the Pi's labwc would
show the kit's window; ``weston-screenshooter`` (weston's ``--debug`` screenshot
protocol) reads back what the compositor shows, and it must be the kit's frame, pixel
for pixel, after the first frame, after a change, and after the compositor restarts.
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import time

import pytest
from PIL import Image, ImageChops

from fabrique_kit.model import QueueStatus
from fabrique_kit.screen import Renderer
from fabrique_kit.screen.outputs.wayland import WaylandOutput
from tests.screen.samples import hall

pytestmark = pytest.mark.skipif(shutil.which("weston") is None, reason="weston is not installed (.ci/run installs it)")
SIZE = (1024, 768)  # an old 4:3 hall screen


class Weston:
    """A headless weston on its own socket, that a test can stop and start again."""

    def __init__(self, folder):
        self.runtime = folder / "xdg"
        self.runtime.mkdir(mode=0o700)
        self.env = {"XDG_RUNTIME_DIR": str(self.runtime), "WAYLAND_DISPLAY": "fabrique-test"}
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        command = ["weston", "--backend=headless-backend.so", f"--width={SIZE[0]}", f"--height={SIZE[1]}",
                   "--use-pixman", "--socket=fabrique-test", "--idle-time=0", "--debug", "--no-config"]
        self.process = subprocess.Popen(command, env={**os.environ, **self.env}, stdout=subprocess.DEVNULL,
                                        stderr=subprocess.DEVNULL)
        socket = self.runtime / "fabrique-test"
        deadline = time.monotonic() + 15
        while not socket.exists():
            assert self.process.poll() is None, "weston stopped"
            assert time.monotonic() < deadline, "weston did not start"
            time.sleep(0.05)

    def stop(self) -> None:
        if self.process is not None:
            self.process.kill()
            self.process.wait(10)
            self.process = None
        for leftover in self.runtime.glob("fabrique-test*"):
            leftover.unlink()

    def screenshot(self) -> Image.Image:
        """What the compositor shows now (weston-screenshooter writes a PNG in its folder)."""
        for old in glob.glob(str(self.runtime / "*.png")):
            os.remove(old)
        subprocess.run(["weston-screenshooter"], cwd=self.runtime, env={**os.environ, **self.env},
                       check=True, timeout=20, capture_output=True)
        (shot,) = glob.glob(str(self.runtime / "*.png"))
        return Image.open(shot).convert("RGB")


@pytest.fixture
def weston(tmp_path):
    compositor = Weston(tmp_path)
    compositor.start()
    yield compositor
    compositor.stop()


def _shows(weston, frame, deadline: float = 10.0) -> bool:
    """True once the compositor shows exactly ``frame`` (it repaints on its own clock)."""
    end = time.monotonic() + deadline
    while True:
        if ImageChops.difference(weston.screenshot(), frame.image.convert("RGB")).getbbox() is None:
            return True
        if time.monotonic() > end:
            return False
        time.sleep(0.1)


def test_the_kit_frame_is_shown_pixel_for_pixel_and_follows_a_change(weston, state, clock):
    output = WaylandOutput(environ=weston.env)
    try:
        assert output.size == SIZE  # full screen: the compositor's screen size
        renderer = Renderer(hall(state), size=SIZE, state=state, clock=clock)
        first = renderer.render()
        output.show(first)
        assert _shows(weston, first)
        full = output.bytes_copied
        assert full >= SIZE[0] * SIZE[1] * 4

        state.set("attente", QueueStatus("attente", called=43, desk=1, waiting=4, estimated_wait_min=20))
        second = renderer.render()
        assert second is not None and second.number == first.number + 1
        assert second.display.texts("queue.number") == ["43"]
        output.show(second)
        assert _shows(weston, second)

        # two pictures take turns in the shared memory: once each has been filled, a change
        # copies only the boxes that changed since that picture was last shown
        before = output.bytes_copied
        state.set("attente", QueueStatus("attente", called=44, desk=2, waiting=3, estimated_wait_min=15))
        third = renderer.render()
        output.show(third)
        assert _shows(weston, third)
        assert 0 < output.bytes_copied - before < full / 3
    finally:
        output.close()


def test_the_output_comes_back_after_the_compositor_restarts(weston, state, clock):
    output = WaylandOutput(environ=weston.env, retry_every=0.2)
    try:
        frame = Renderer(hall(state), size=SIZE, state=state, clock=clock).render()
        output.show(frame)
        assert _shows(weston, frame)
        weston.stop()
        deadline = time.monotonic() + 10
        while output.connected:
            assert time.monotonic() < deadline, "the output did not notice the compositor was gone"
            time.sleep(0.05)
        weston.start()
        deadline = time.monotonic() + 10
        while not output.connected:
            assert time.monotonic() < deadline, "the output did not connect again"
            time.sleep(0.05)
        assert output.connections == 2
        assert _shows(weston, frame)  # the last frame, without waiting for the next change
    finally:
        output.close()


def test_without_compositor_a_clear_french_error(tmp_path):
    from fabrique_kit.errors import HardwareError
    from fabrique_kit.i18n import use_language

    with use_language("fr"), pytest.raises(HardwareError) as error:
        WaylandOutput(environ={"XDG_RUNTIME_DIR": str(tmp_path), "WAYLAND_DISPLAY": "absent"})
    assert "Pas de bureau Wayland" in str(error.value)
    assert "sortie" in (error.value.problems[0].hint or "")


def test_the_config_name_natif_chooses_the_native_output(weston):
    from fabrique_kit.config.schema import SCHEMA
    from fabrique_kit.kit.lifecycle import OUTPUT_NAMES
    from fabrique_kit.screen.outputs import choose_output

    sortie = next(key for key in SCHEMA["ecran"].keys if key.name == "sortie")
    assert "natif" in sortie.choices
    output = choose_output(OUTPUT_NAMES["natif"], environ=weston.env)
    try:
        assert isinstance(output, WaylandOutput) and output.connected
    finally:
        output.close()
