"""The jeu template's game: from a key press to the sound started and to the frame drawn.

A project made by ``new_project("jeu")`` runs in simulation with its real screen loop
(renderer, frame output), without network. Each press answers the current question
(no flash: the next question is the new frame); the sound player spawns ``/bin/true``
in place of ``aplay`` (this machine has no sound card), so "sound started" is the cost
of starting the player's process without waiting for it.

Run ``python benchmarks/bench_game.py``; ``run()`` returns the figures.
"""

from __future__ import annotations

import shutil
import statistics
import tempfile
import time
from pathlib import Path

PRESSES = 40


def _median_ms(samples: list[float]) -> float:
    return round(statistics.median(samples) * 1000, 2)


def measure(presses: int = PRESSES) -> tuple[list[float], list[float]]:
    """(press → sound started, press → frame drawn) in seconds, one pair per press."""
    from fabrique_kit.project import new_project, run_project
    from fabrique_kit.project.quiz_screen import answer_keys
    from fabrique_kit.screen.outputs.sounds import SoundPlayer

    folder = Path(tempfile.mkdtemp(prefix="bench-jeu-"))
    try:
        project = new_project("jeu", folder / "mon-jeu")
        kit = run_project(project, mode="load", network=False, quiet=True, simulate=True)
        quiz = kit._parts.draw.__self__
        quiz.flash = 0
        quiz.sounds = SoundPlayer(state=kit.state, folder=folder / "sons", player=shutil.which("true") or "/bin/true",
                                  sound_card=True)
        kit.start()
        try:
            kit.web.wait_frame(0, 10)
            sound, frame = [], []
            for _ in range(presses):
                if quiz.game["phase"] == "fin":
                    quiz.restart()
                    kit.web.wait_frame(kit.web.frame_number, 5)
                question = quiz.question
                key = answer_keys(len(question.answers))[question.right]
                since = kit.web.frame_number
                start = time.perf_counter()
                kit.keys.tap(key)
                drawn = kit.web.wait_frame(since, 5)
                end = time.perf_counter()
                if drawn > since:
                    frame.append(end - start)
                if quiz.sounds.started_at is not None:
                    sound.append(quiz.sounds.started_at - start)
            return sound, frame
        finally:
            kit.close()
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def render_cpu(renders: int = 12) -> list[float]:
    """CPU seconds of this thread to draw the frame after an answer (independent of the machine's load)."""
    from fabrique_kit.project import new_project, run_project

    folder = Path(tempfile.mkdtemp(prefix="bench-jeu-"))
    try:
        kit = run_project(new_project("jeu", folder / "mon-jeu"), mode="load", network=False, quiet=True,
                          simulate=True)
        quiz = kit._parts.draw.__self__
        quiz.flash, quiz.speak = 60, False
        kit.render(force=True)
        samples = []
        for _ in range(renders):
            for action in (lambda: kit.keys.tap("left"), quiz.advance):  # the flash, then the next question
                action()
                start = time.thread_time()
                kit.render()
                samples.append(time.thread_time() - start)
            if quiz.game["phase"] == "fin":
                quiz.restart()
                kit.render()
        kit.close()
        return samples
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def run() -> list[dict]:
    """The game's figures: median and slowest of each."""
    sound, frame = measure()
    cpu = render_cpu()
    rows = [{"name": "game.frame_after_answer_cpu_median", "value": _median_ms(cpu), "unit": "ms",
             "target": "(CPU time of the drawing thread: what the load cannot inflate)"}]
    for name, samples, target in (("game.key_to_sound_started", sound, "< 50 ms"),
                                  ("game.key_to_frame", frame, "< 100 ms")):
        rows.append({"name": f"{name}_median", "value": _median_ms(samples) if samples else float("nan"),
                     "unit": "ms", "target": target})
        rows.append({"name": f"{name}_max", "value": round(max(samples) * 1000, 2) if samples else float("nan"),
                     "unit": "ms", "target": target})
    return rows


if __name__ == "__main__":
    for figure in run():
        print(f"{figure['name']:40} {figure['value']:>10} {figure['unit']:3} target {figure['target']}")
