"""Say the called number aloud: ``espeak-ng`` in French when installed, else a chime.

The chime is a small WAV made with the standard ``wave`` module and played with
``aplay``. Without either, the announcer stays silent and logs why.

Example::

    announcer = SpokenOutput()
    announcer.say("Numéro 42, guichet 2")
    announcer.show(frame)          # says the frame's announcements, if any
"""

from __future__ import annotations

import logging
import math
import shutil
import struct
import subprocess
import tempfile
import wave
from pathlib import Path

from fabrique_kit.i18n import _, get_language

log = logging.getLogger(__name__)


def write_chime(path, seconds: float = 0.9, rate: int = 22050) -> Path:
    """A soft two-tone chime (like a station bell) as a 16-bit mono WAV file."""
    path = Path(path)
    frames = bytearray()
    half = int(seconds * rate / 2)
    for index, pitch in enumerate((659.25, 523.25)):  # E5 then C5
        for n in range(half):
            fade = math.exp(-3.0 * n / half)
            sample = 0.45 * fade * math.sin(2 * math.pi * pitch * (n + index * half) / rate)
            frames += struct.pack("<h", int(sample * 32767))
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(bytes(frames))
    return path


class SpokenOutput:
    """Speaks each new announcement of a frame (a number called at a desk).

    ``wav_path``: write the sound there instead of playing it (tests, web page).
    ``espeak`` and ``player`` are the programs used; None finds them on the PATH.
    ``also`` (``("en",)``): each call is said again in these languages, with their voice.
    """

    def __init__(self, voice: str | None = None, wav_path=None, espeak: str | None = "auto",
                 player: str | None = "auto", speed: int = 140, also: tuple[str, ...] = ()):
        self.voice = voice or ("fr" if get_language() == "fr" else "en")
        self.also = tuple(also or ())
        self.wav_path = Path(wav_path) if wav_path else None
        self.espeak = shutil.which("espeak-ng") if espeak == "auto" else espeak
        self.player = shutil.which("aplay") if player == "auto" else player
        self.speed = speed
        self.said: list[str] = []
        self._running: list[subprocess.Popen] = []

    def mode(self) -> str:
        """``"voix"`` (espeak-ng), ``"carillon"`` (a chime) or ``"silence"``."""
        if self.espeak:
            return "voix"
        if self.player or self.wav_path:
            return "carillon"
        return "silence"

    def show(self, frame) -> None:
        for text in getattr(frame, "announcements", []):
            others = [(text.in_language(lang), lang) for lang in self.also if hasattr(text, "in_language")]
            others = [(other, lang) for other, lang in others if other and other != text]
            if not others or self.mode() != "voix" or self.wav_path:
                self.say(text)
                continue
            self._say_in_turn([(text, self.voice), *others])  # « Numéro 12, guichet 2 », then « Number 12, desk 2 »

    def _say_in_turn(self, sentences: list[tuple[str, str]]) -> None:
        """Say each ``(text, voice)`` after the other, in a thread (the screen never waits)."""
        import threading

        commands = [[str(self.espeak), "-v", voice, "-s", str(self.speed), text] for text, voice in sentences]

        def run() -> None:
            for command in commands:
                try:
                    subprocess.run(command, capture_output=True, timeout=30, check=False)
                except (OSError, subprocess.SubprocessError) as error:
                    log.warning(_("Annonce impossible : {error}", error=error))
                    return

        threading.Thread(target=run, name="fabrique-annonce", daemon=True).start()
        self.said.extend(text for text, _voice in sentences)

    def say(self, text: str, voice: str | None = None) -> str:
        """Announce ``text`` (in ``voice``, the kit's language by default); returns what was
        done: ``"voix"``, ``"carillon"`` or ``"silence"``."""
        self._reap()
        mode = self.mode()
        try:
            if mode == "voix" and self.espeak:  # mode() says "voix" only when espeak-ng is there
                command = [self.espeak, "-v", voice or self.voice, "-s", str(self.speed)]
                if self.wav_path:
                    subprocess.run([*command, "-w", str(self.wav_path), text], check=True,
                                   capture_output=True, timeout=30)
                else:
                    self._running.append(subprocess.Popen([*command, text], stdout=subprocess.DEVNULL,
                                                          stderr=subprocess.DEVNULL))
            elif mode == "carillon":
                target = self.wav_path or Path(tempfile.gettempdir()) / "fabrique-carillon.wav"
                write_chime(target)
                if self.player and not self.wav_path:
                    self._running.append(subprocess.Popen([self.player, "-q", str(target)],
                                                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
            else:
                log.info(_("Annonce non dite (ni espeak-ng ni aplay installés) : {text}", text=text))
        except (OSError, subprocess.SubprocessError) as error:
            log.warning(_("Annonce impossible : {error}", error=error))
            mode = "silence"
        self.said.append(text)
        return mode

    def _reap(self) -> None:
        self._running = [p for p in self._running if p.poll() is None]

    def close(self) -> None:
        for process in self._running:
            try:
                process.wait(timeout=1)  # the kit must stop within 2 s
            except subprocess.TimeoutExpired:
                process.kill()
        self._running = []
