"""The ``jeu`` template's game: a picture quiz for children, played with a Makey Makey.

Each question is shown as a big picture and said aloud; each answer is tied to an arrow
key (a fruit on the Makey Makey). A right answer plays « bravo » and flashes green, a
wrong one plays a soft « oups », flashes red and shows the right answer; then the next
question comes. The last screen gives the score and invites the family to the next free
« atelier » of the semainier. Space says the question again; click starts a new game.

The game lives in the kit's state (``"jeu"``), so the screen redraws on each change and
other kits or the preview can read it.

Example::

    quiz = Quiz(kit, load_questions("questions.toml"), planning=kit.semainier())
    kit.screen(quiz.draw)
    kit.keys.tap("left")            # answers with the first answer
    quiz.score                      # 1 if it was the right one
"""

from __future__ import annotations

import logging
import threading
from functools import partial

from fabrique_kit.i18n import _
from fabrique_kit.project.questions import Question, Questions, load_questions
from fabrique_kit.project.quiz_screen import FinalBoard, GameBoard, answer_keys, format_session
from fabrique_kit.screen.outputs.sounds import SoundPlayer
from fabrique_kit.screen.outputs.spoken import SpokenOutput

log = logging.getLogger("fabrique_kit.jeu")
STATE_NAME = "jeu"
ANSWER_KEYS = ("left", "up", "down", "right")  # the Makey Makey's arrows


def key_label(name: str) -> str:
    """How a key is called aloud and in the preview: ``key_label("left")`` → ``'Flèche gauche'``."""
    return {"left": _("Flèche gauche"), "right": _("Flèche droite"), "up": _("Flèche haut"),
            "down": _("Flèche bas")}[name]


WORKSHOP_WORD = "atelier"  # the semainier's services that the final screen invites to


class Quiz:
    """One game on one kit: keys, state, sounds, voice and the drawing function.

    ``flash``: seconds the right/wrong colour stays before the next question.
    ``speak``: say the questions aloud (espeak-ng when a sound card is there, else logged).
    """

    def __init__(self, kit, questions: Questions, planning=None, flash: float = 2.0, speak: bool = True,
                 sounds: SoundPlayer | None = None):
        self.kit, self.questions, self.planning = kit, questions, planning
        self.flash = flash
        self.sounds = sounds or SoundPlayer(state=kit.state, folder=kit.data_dir / "sons")
        self.voice = SpokenOutput() if speak and self.sounds.mode() == "son" else None
        self.speak = speak
        self._timer: threading.Timer | None = None
        self._said = 0
        self._lock = threading.RLock()
        for name in ANSWER_KEYS:
            kit.key(name, key_label(name)).when_pressed = partial(self.press, name)
        kit.key("space", _("Répéter la question (Espace)")).when_pressed = self.repeat
        kit.key("click", _("Nouvelle partie (clic)")).when_pressed = self.restart
        self._set(phase="question", index=0, score=0, chosen=None)
        self.say_question()

    @classmethod
    def from_file(cls, kit, name: str = "questions.toml", planning=None, **options) -> Quiz:
        """The game of the questions in ``name``, beside the project's ``fabrique.toml``.

        Example: ``jeu = Quiz.from_file(kit, "questions.toml", planning=kit.semainier())``
        """
        return cls(kit, load_questions(kit.project_dir / name), planning=planning, **options)

    # -- reading the game -----------------------------------------------------------
    @property
    def game(self) -> dict:
        """The game's state: ``phase`` (question, juste, faux, fin), ``index``, ``score``, ``chosen``."""
        return dict(self.kit.state.get(STATE_NAME) or {})

    @property
    def score(self) -> int:
        return self.game.get("score", 0)

    @property
    def question(self) -> Question | None:
        index = self.game.get("index", 0)
        items = self.questions.items
        return items[index] if index < len(items) else None

    def next_workshop(self):
        """The next session of the semainier whose service is an « atelier », or None."""
        if self.planning is None:
            return None
        try:
            return self.planning.next(service=WORKSHOP_WORD)
        except Exception as error:  # a semainier without any atelier, or unreadable
            log.info("no next workshop: %s", error)
            return None

    # -- playing ------------------------------------------------------------------------
    def press(self, key: str) -> None:
        """An arrow key (a fruit): answer the question with the answer tied to it."""
        with self._lock:
            game, question = self.game, self.question
            if game.get("phase") != "question" or question is None:
                return
            keys = answer_keys(len(question.answers))
            if key not in keys:
                return  # no answer on that fruit
            position = keys.index(key)
            right = position == question.right
            self.sounds.play("bravo" if right else "oups")  # first: the sound starts at once
            self._set(**{**game, "phase": "juste" if right else "faux", "chosen": position,
                         "score": game["score"] + int(right)})
            self._schedule(self.advance)

    def advance(self) -> None:
        """After the flash: the next question, or the final screen."""
        with self._lock:
            self._cancel()
            game = self.game
            if game.get("phase") not in ("juste", "faux"):
                return
            index = game["index"] + 1
            if index >= len(self.questions.items):
                self._set(**{**game, "phase": "fin", "index": index, "chosen": None})
                self.sounds.play("applaudissements")
                self._say(self.final_sentence())
                return
            self._set(**{**game, "phase": "question", "index": index, "chosen": None})
            self.say_question()

    def repeat(self) -> None:
        """Space: say the question again (at the end: start a new game)."""
        if self.game.get("phase") == "fin":
            self.restart()
        else:
            self.say_question()

    def restart(self) -> None:
        """Click: a new game from the first question."""
        with self._lock:
            self._cancel()
            self._set(phase="question", index=0, score=0, chosen=None)
            self.say_question()

    def say_question(self) -> None:
        question = self.question
        if question is None or not self.speak:
            return
        keys = [_("{key} : {answer}.", key=key_label(k), answer=a)
                for k, a in zip(answer_keys(len(question.answers)), question.answers, strict=True)]
        self._say(" ".join([question.text, *keys]))
        if question.text_en:
            self._say(question.text_en, voice="en")

    def final_sentence(self) -> str:
        total = len(self.questions.items)
        text = _("Bravo ! {score} bonnes réponses sur {total}.", score=self.score, total=total)
        session = self.next_workshop()
        if session is not None:
            text += " " + _("Venez en famille à l'atelier gratuit : {session}.", session=format_session(session))
        return text

    # -- drawing ------------------------------------------------------------------------
    def draw(self, screen) -> None:
        """The kit's drawing function: ``kit.screen(quiz.draw)``."""
        game, total = self.game, len(self.questions.items)
        if game.get("phase") == "fin":
            screen.add(FinalBoard(game["score"], total, self.next_workshop(), self.questions.title))
            return
        question = self.question
        if question is None:
            return
        screen.add(GameBoard(question, game["index"], total, game["score"], game.get("phase", "question"),
                             game.get("chosen"), self.questions.title))

    def close(self) -> None:
        self._cancel()
        self.sounds.close()
        if self.voice is not None:
            self.voice.close()

    # -- inner parts -------------------------------------------------------------------------
    def _set(self, **game) -> None:
        game["total"] = len(self.questions.items)
        self.kit.state.set(STATE_NAME, game)

    def _say(self, text: str, voice: str | None = None) -> None:
        if self.voice is None:
            log.info(_("Phrase non dite (pas de carte son) : {text}", text=text))
        else:
            if voice:
                self.voice.voice = voice
            self.voice.say(text)
            self.voice.voice = "fr"
        self._said += 1  # the preview says it with the browser's voice
        self.kit.state.set("voix", {"text": text, "lang": voice or "fr", "n": self._said})

    def _schedule(self, job) -> None:
        self._cancel()
        if self.flash <= 0:
            job()
            return
        self._timer = threading.Timer(self.flash, job)
        self._timer.daemon = True
        self._timer.start()

    def _cancel(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
