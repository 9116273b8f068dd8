"""Short game sounds (right, wrong, applause) played without blocking the frame loop.

The sounds are small WAV files made once with the standard ``wave`` module (like the
spoken output's chime) and played by ``aplay`` in a child process: :meth:`SoundPlayer.play`
returns at once. Without ``aplay`` or without a sound card (a laptop in a container, a
Pi without speakers) the player stays silent and logs the sound it did not play.

Each sound played is also written to the kit's state (``"sons"``: its name and a number
that grows), so the preview page can play it in the browser.

Example::

    sounds = SoundPlayer(state=kit.state)
    sounds.play("bravo")          # "son", or "silence" without a sound card
    sounds.played                 # ['bravo']
"""

from __future__ import annotations

import logging
import math
import os
import random
import shutil
import struct
import subprocess
import tempfile
import time
import wave
from pathlib import Path

from fabrique_kit.i18n import _

log = logging.getLogger(__name__)
RATE = 22050
SOUND_NAMES = ("bravo", "oups", "applaudissements")
STATE_NAME = "sons"


def _tone(pitch: float, seconds: float, volume: float = 0.4, decay: float = 3.0) -> list[float]:
    count = int(seconds * RATE)
    return [volume * math.exp(-decay * n / count) * math.sin(2 * math.pi * pitch * n / RATE)
            for n in range(count)]


def _applause(seconds: float = 1.6) -> list[float]:
    """Many short noise bursts (hands clapping), louder then fading."""
    samples = [0.0] * int(seconds * RATE)
    noise = random.Random(7)  # the same file each time
    for _clap in range(int(seconds * 40)):
        start = noise.randrange(0, len(samples) - 800)
        for n in range(800):
            fade = math.exp(-8 * n / 800) * (1 - start / len(samples))
            samples[start + n] += 0.25 * fade * noise.uniform(-1, 1)
    return samples


def sound_samples(name: str) -> list[float]:
    """The samples (from -1 to 1) of the sound ``name``: two rising notes, a low one, applause.

    Example: ``len(sound_samples("bravo"))`` → ``9922``
    """
    if name == "bravo":  # C5 then G5: rising, cheerful
        return _tone(523.25, 0.18) + _tone(783.99, 0.27)
    if name == "oups":  # two low falling notes, soft (never frightening)
        return _tone(311.13, 0.2, 0.35, 2.0) + _tone(233.08, 0.3, 0.35, 2.0)
    if name == "applaudissements":
        return _tone(523.25, 0.12) + _tone(659.25, 0.12) + _tone(783.99, 0.3) + _applause()
    raise ValueError(name)


def write_sound(name: str, path):
    """Write the sound ``name`` as a 16-bit mono WAV file at ``path`` (or into a binary file object).

    Example: ``write_sound("oups", "/tmp/oups.wav")``
    """
    target = path if hasattr(path, "write") else str(path)
    frames = b"".join(struct.pack("<h", int(max(-1.0, min(1.0, s)) * 32767)) for s in sound_samples(name))
    with wave.open(target, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes(frames)
    return path


def has_sound_card(root: str = "/") -> bool:
    """True when ALSA sees a sound card (``/proc/asound/cards`` lists one)."""
    try:
        text = Path(root, "proc/asound/cards").read_text()
    except OSError:
        return False
    return "no soundcards" not in text and bool(text.strip())


class SoundPlayer:
    """Plays the game's short sounds in the background (never waits for them).

    ``player``: the program (``aplay``; None finds it; ``""`` never plays). ``folder``:
    where the WAV files are kept (made once). ``state``: where each sound played is noted.
    """

    def __init__(self, state=None, folder=None, player: str | None = None, sound_card: bool | None = None):
        self.state = state
        self.folder = Path(folder) if folder else Path(tempfile.gettempdir()) / "fabrique-sons"
        self.player = shutil.which("aplay") if player is None else player
        self.sound_card = has_sound_card() if sound_card is None else sound_card
        self.played: list[str] = []
        self.started_at: float | None = None  # time.perf_counter() when the last sound started
        self._running: list[subprocess.Popen] = []
        self._count = 0

    def mode(self) -> str:
        """``"son"`` (played by aplay) or ``"silence"`` (no player or no sound card)."""
        return "son" if self.player and self.sound_card else "silence"

    def path(self, name: str) -> Path:
        """The WAV file of the sound ``name`` (written the first time)."""
        if name not in SOUND_NAMES:
            raise ValueError(name)
        path = self.folder / f"{name}.wav"
        if not path.exists():
            self.folder.mkdir(parents=True, exist_ok=True)
            partial = path.with_suffix(f".{os.getpid()}.tmp")
            write_sound(name, partial)
            partial.replace(path)
        return path

    def play(self, name: str) -> str:
        """Start the sound ``name`` and return at once: ``"son"`` or ``"silence"``."""
        self._running = [p for p in self._running if p.poll() is None]
        mode, player = self.mode(), self.player
        if mode == "son" and player:
            try:
                self._running.append(subprocess.Popen(
                    [player, "-q", str(self.path(name))],
                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
            except OSError as error:
                log.warning(_("Son impossible ({name}) : {error}", name=name, error=error))
                mode = "silence"
        else:
            log.info(_("Son non joué (pas de carte son ou pas d'aplay) : {name}", name=name))
        self.started_at = time.perf_counter()
        self.played.append(name)
        del self.played[:-50]  # bounded
        self._count += 1
        if self.state is not None:  # the preview plays it in the browser
            self.state.set(STATE_NAME, {"name": name, "n": self._count})
        return mode

    def close(self) -> None:
        """Let running sounds end (they are short), then stop what is left."""
        for process in self._running:
            try:
                process.wait(timeout=1)
            except subprocess.TimeoutExpired:
                process.kill()
        self._running = []
