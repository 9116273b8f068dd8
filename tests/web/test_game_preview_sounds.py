"""The preview of a game, in headless Chromium: the laptop's arrow keys answer, and the
page plays the game's sound (a WAV of the kit) and says the next question aloud.

The browser's ``Audio`` and ``speechSynthesis`` are recorded (a headless browser has no
speakers); the kit, its screen loop and its web server are the real ones.
"""

from __future__ import annotations

import pytest

from fabrique_kit.clock import FakeClock
from fabrique_kit.project import new_project, run_project
from fabrique_kit.web import WebServer, create_app
from tests.waiting import wait_until

pytestmark = pytest.mark.browser

RECORD = """
window.__played = [];
window.__said = [];
window.Audio = function (src) {
  return { play: function () { window.__played.push(src); return Promise.resolve(); } };
};
Object.defineProperty(window, "speechSynthesis", {
  value: { speak: function (sentence) { window.__said.push(sentence.text); } }
});
"""


def test_the_preview_plays_the_sound_and_says_the_question(page, tmp_path):
    project = new_project("jeu", tmp_path / "mon-jeu")
    kit = run_project(project, mode="load", network=False, quiet=True, simulate=True,
                      clock=FakeClock("2026-11-30 10:00"))
    kit._parts.draw.__self__.flash = 0
    kit.start()  # the screen loop: each change is a new frame, that the page waits for
    try:
        with WebServer(create_app(kit.web), host="127.0.0.1", port=0) as server:
            page.add_init_script(RECORD)
            with page.expect_response(lambda answer: "/media.json" in answer.url):  # what was before
                page.goto(f"http://127.0.0.1:{server.port}/")
            page.locator("h1").click()  # the page has the focus, as a person's click gives it
            page.keyboard.press("ArrowUp")  # « Trois »: right
            wait_until(lambda: kit.state.get("jeu")["score"] == 1)
            wait_until(lambda: page.evaluate("() => window.__played.length"), timeout=10)
            assert page.evaluate("() => window.__played") == ["/sons/bravo.wav"]
            wait_until(lambda: page.evaluate("() => window.__said.length"), timeout=10)
            assert page.evaluate("() => window.__said")[-1].startswith("Quelle forme est dessinée")
            sound = page.request.get(f"http://127.0.0.1:{server.port}/sons/bravo.wav")
            assert sound.ok and sound.body()[:4] == b"RIFF"
    finally:
        kit.close()
