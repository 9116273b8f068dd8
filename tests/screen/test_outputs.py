"""Outputs: PNG file, framebuffer bytes for each pixel format, voice, choosing one."""

import os
import shutil
import wave
from datetime import datetime
from pathlib import Path

import pytest
from PIL import Image

from fabrique_kit.clock import PARIS
from fabrique_kit.errors import FabriqueError, HardwareError
from fabrique_kit.screen.frame import Frame
from fabrique_kit.screen.outputs import (
    FramebufferOutput,
    PngOutput,
    SpokenOutput,
    WindowOutput,
    choose_output,
    write_chime,
)
from fabrique_kit.screen.outputs.window import has_display

NOW = datetime(2026, 11, 23, 10, tzinfo=PARIS)
RED, GREEN, BLUE, ODD = (255, 0, 0), (0, 255, 0), (0, 0, 255), (18, 52, 86)


def frame(image, number=1, dirty=None):
    return Frame(image, number, dirty or [(0, 0, *image.size)], NOW)


def fake_framebuffer(tmp_path, width, height, bits, stride=None):
    folder = tmp_path / "sys" / "class" / "graphics" / "fb0"
    folder.mkdir(parents=True)
    stride = stride or width * bits // 8
    (folder / "virtual_size").write_text(f"{width},{height}\n")
    (folder / "bits_per_pixel").write_text(f"{bits}\n")
    (folder / "stride").write_text(f"{stride}\n")
    device = tmp_path / "fb0"
    device.write_bytes(b"\xaa" * stride * height)
    return str(device), str(tmp_path / "sys"), stride


def four_pixels():
    image = Image.new("RGB", (4, 2), (255, 255, 255))
    for x, colour in enumerate((RED, GREEN, BLUE, ODD)):
        image.putpixel((x, 0), colour)
    return image


EXPECTED_ROW0 = {
    32: bytes.fromhex("0000ff00" "00ff0000" "ff000000" "56341200"),
    24: bytes.fromhex("0000ff" "00ff00" "ff0000" "563412"),
    16: bytes.fromhex("00f8" "e007" "1f00" "aa11"),
}


@pytest.mark.parametrize("bits", [16, 24, 32])
def test_framebuffer_bytes_for_each_format(tmp_path, bits):
    device, sysfs, stride = fake_framebuffer(tmp_path, 4, 2, bits, stride=4 * bits // 8 + 8)
    output = FramebufferOutput(device, sysfs_root=sysfs)
    assert output.size == (4, 2) and output.bits_per_pixel == bits
    output.show(frame(four_pixels()))
    output.close()
    data = Path(device).read_bytes()
    row = 4 * bits // 8
    assert data[:row] == EXPECTED_ROW0[bits]
    assert data[row:stride] == b"\xaa" * 8  # the padding at the end of a row is left alone
    white = {32: b"\xff\xff\xff\x00", 24: b"\xff\xff\xff", 16: b"\xff\xff"}[bits]
    assert data[stride : stride + row] == white * 4


def test_framebuffer_writes_only_the_dirty_box(tmp_path):
    device, sysfs, stride = fake_framebuffer(tmp_path, 8, 6, 32)
    output = FramebufferOutput(device, sysfs_root=sysfs)
    output.show(frame(Image.new("RGB", (8, 6), (0, 0, 0))))
    # someone else scribbles outside the box: it must not be overwritten
    with open(device, "r+b") as handle:
        handle.seek(0)
        handle.write(b"\x11" * 4)
    second = Image.new("RGB", (8, 6), (0, 0, 0))
    second.paste((255, 255, 255), (2, 2, 4, 4))
    output.show(frame(second, number=2, dirty=[(2, 2, 4, 4)]))
    data = Path(device).read_bytes()
    assert data[:4] == b"\x11" * 4
    pixel = lambda x, y: data[y * stride + x * 4 : y * stride + x * 4 + 4]  # noqa: E731
    assert pixel(2, 2) == pixel(3, 3) == b"\xff\xff\xff\x00"
    assert pixel(4, 4) == b"\x00\x00\x00\x00"
    assert output.rows_written == 6 + 2


def test_framebuffer_writes_everything_after_a_skipped_frame(tmp_path):
    device, sysfs, _ = fake_framebuffer(tmp_path, 4, 4, 32)
    output = FramebufferOutput(device, sysfs_root=sysfs)
    output.show(frame(Image.new("RGB", (4, 4))))
    output.show(frame(Image.new("RGB", (4, 4)), number=3, dirty=[(0, 0, 1, 1)]))
    assert output.rows_written == 8


def test_framebuffer_rotation(tmp_path):
    device, sysfs, stride = fake_framebuffer(tmp_path, 2, 4, 32)
    output = FramebufferOutput(device, sysfs_root=sysfs, rotation=90)
    upright = Image.new("RGB", (4, 2), (0, 0, 0))
    upright.putpixel((0, 0), RED)  # top-left goes to top-right once turned clockwise
    output.show(frame(upright))
    data = Path(device).read_bytes()
    assert data[4:8] == b"\x00\x00\xff\x00"


def test_framebuffer_errors_are_clear(tmp_path):
    with pytest.raises(HardwareError, match="taille de l'écran"):
        FramebufferOutput(str(tmp_path / "fb0"), sysfs_root=str(tmp_path))
    device, sysfs, _ = fake_framebuffer(tmp_path, 4, 4, 8)
    with pytest.raises(HardwareError, match="8 bits"):
        FramebufferOutput(device, sysfs_root=sysfs)


def test_png_output(tmp_path):
    target = tmp_path / "sortie" / "ecran.png"
    output = PngOutput(target)
    output.show(frame(four_pixels()))
    output.close()
    with Image.open(target) as saved:
        assert saved.size == (4, 2) and saved.convert("RGB").getpixel((3, 0)) == ODD


def test_chime_is_a_real_wav(tmp_path):
    path = write_chime(tmp_path / "carillon.wav")
    with wave.open(str(path)) as sound:
        assert sound.getnchannels() == 1 and sound.getframerate() == 22050
        assert sound.getnframes() > 10000


def test_announcer_chime_without_espeak(tmp_path):
    announcer = SpokenOutput(wav_path=tmp_path / "annonce.wav", espeak=None, player=None)
    announcer.show(Frame(four_pixels(), 2, [], NOW, announcements=["Numéro 42, guichet 2"]))
    assert announcer.said == ["Numéro 42, guichet 2"]
    assert (tmp_path / "annonce.wav").stat().st_size > 1000


def test_announcer_is_silent_without_tools(caplog):
    announcer = SpokenOutput(espeak=None, player=None)
    assert announcer.mode() == "silence"
    with caplog.at_level("INFO"):
        assert announcer.say("Numéro 3") == "silence"
    assert "Numéro 3" in caplog.text


@pytest.mark.skipif(not shutil.which("espeak-ng"), reason="espeak-ng absent")
def test_announcer_speaks_french_into_a_wav(tmp_path):
    target = tmp_path / "voix.wav"
    announcer = SpokenOutput(wav_path=target)
    assert announcer.say("Numéro 42, guichet 2") == "voix"
    with wave.open(str(target)) as sound:
        assert sound.getnframes() > 5000


def test_choose_output(tmp_path):
    assert choose_output("none") is None
    assert isinstance(choose_output("png", path=tmp_path / "e.png"), PngOutput)
    assert choose_output("auto", environ={}, model_file=str(tmp_path / "absent")) is None
    model = tmp_path / "model"
    model.write_text("Raspberry Pi 4 Model B Rev 1.5\x00")
    device, sysfs, _ = fake_framebuffer(tmp_path, 4, 4, 16)
    chosen = choose_output("auto", environ={}, model_file=str(model), device=device, sysfs_root=sysfs)
    assert isinstance(chosen, FramebufferOutput)
    chosen.close()
    with pytest.raises(FabriqueError, match="framebuffer"):
        choose_output("framebufer")


@pytest.fixture
def x_display(monkeypatch):
    """A desktop for the window test: the session's own, or a private Xvfb started here."""
    if has_display(os.environ):
        yield os.environ.get("DISPLAY")
        return
    if not shutil.which("Xvfb"):
        pytest.skip("ni écran de bureau (DISPLAY) ni Xvfb (paquet Debian xvfb)")
    import subprocess

    read, write = os.pipe()
    server = subprocess.Popen(["Xvfb", "-displayfd", str(write), "-screen", "0", "800x600x24", "-nolisten", "tcp"],
                              pass_fds=(write,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(write)
    with os.fdopen(read) as pipe:
        number = pipe.readline().strip()
    if not number:
        server.kill()
        pytest.skip("Xvfb n'a pas démarré")
    monkeypatch.setenv("DISPLAY", f":{number}")
    yield f":{number}"
    server.terminate()
    server.wait(timeout=10)


def test_window_output_shows_a_frame(x_display):
    from PIL import ImageGrab

    picture = Image.new("RGB", (200, 120), RED)
    picture.paste(BLUE, (100, 0, 200, 120))
    window = WindowOutput()
    window.show(frame(picture))
    window.root.update()
    screen = ImageGrab.grab(xdisplay=x_display).convert("RGB")
    colours = {colour for _count, colour in screen.getcolors(1_000_000)}
    window.close()
    assert window.closed
    assert RED in colours and BLUE in colours  # the frame's pixels reached the desktop


class FakeTk:
    """Just enough of tkinter to check what WindowOutput does without a desktop."""

    def __init__(self):
        self.updates, self.destroyed, self.title_text = 0, False, None

    def title(self, text):
        self.title_text = text

    def attributes(self, *args):
        self.fullscreen = args

    def protocol(self, *args):
        pass

    def update(self):
        self.updates += 1

    def destroy(self):
        self.destroyed = True


class FakeLabel:
    def __init__(self, root, **options):
        self.image = None

    def pack(self):
        pass

    def configure(self, image):
        self.image = image


def test_window_output_logic_with_a_fake_tkinter(monkeypatch):
    import types

    import PIL

    fake_tk = types.SimpleNamespace(Tk=FakeTk, Label=FakeLabel)
    fake_image_tk = types.SimpleNamespace(PhotoImage=lambda image: image)
    monkeypatch.setitem(__import__("sys").modules, "tkinter", fake_tk)
    monkeypatch.setattr(PIL, "ImageTk", fake_image_tk, raising=False)
    monkeypatch.setenv("DISPLAY", ":99")
    window = WindowOutput(title="Hall", scale=0.5)
    window.show(frame(Image.new("RGB", (40, 20))))
    assert window.label.image.size == (20, 10) and window.root.updates == 1
    assert window.root.title_text == "Hall"
    window.close()
    window.show(frame(Image.new("RGB", (40, 20))))  # ignored once closed
    assert window.root.destroyed and window.root.updates == 1


def test_window_output_without_display_is_a_clear_error(monkeypatch):
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    with pytest.raises(HardwareError, match="DISPLAY"):
        WindowOutput()
