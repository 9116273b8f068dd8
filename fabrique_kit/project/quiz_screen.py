"""What the game's screen shows: the question board (picture, question, answer cards with
their arrow) and the final board (score, invitation to the next free workshop).

Colour is never the only cue: each card has its arrow drawn as a shape (the fruit's key),
and the result is written (« Bravo ! », « La bonne réponse : … »). Texts carry ``jeu.*``
roles in the display list.

Example::

    screen.add(GameBoard(question, index=0, total=4, score=0, phase="question"))
    screen.add(FinalBoard(score=3, total=4, session=planning.next(service="atelier")))
"""

from __future__ import annotations

from collections import OrderedDict
from datetime import datetime

from PIL import Image, ImageOps

from fabrique_kit.i18n import _
from fabrique_kit.screen.widgets import Canvas, Widget
from fabrique_kit.screen.widgets.header import long_date
from fabrique_kit.screen.widgets.pictures import load_picture
from fabrique_kit.screen.widgets.schedule import clock_time

# one colour per card (white text on each, contrast above 4.5:1)
CARD_COLOURS = ("#0b5cad", "#a33b00", "#6b3fa0", "#00695c")
# the answers read from left to right, the first on the left arrow, the last on the right one
KEYS_FOR = {2: ("left", "right"), 3: ("left", "up", "right"), 4: ("left", "up", "down", "right")}


def answer_keys(count: int) -> tuple[str, ...]:
    """The keys of ``count`` answers, in the answers' order: ``answer_keys(3)`` → ``('left', 'up', 'right')``."""
    return KEYS_FOR[min(4, max(2, count))][:count]
RIGHT_COLOUR, WRONG_COLOUR, DIM_COLOUR = "#17692f", "#a8201a", "#6b6b6b"


_FITTED: OrderedDict[tuple, Image.Image] = OrderedDict()
FITTED_KEPT = 3  # the question's picture, scaled once: its flash and the next question reuse it


def fitted_picture(picture, size: tuple[int, int]) -> Image.Image:
    """``picture`` scaled to fit ``size`` (kept for the few last pictures: a resize costs tens of ms)."""
    key = (picture.fingerprint, size)
    if key in _FITTED:
        _FITTED.move_to_end(key)
        return _FITTED[key]
    scaled = ImageOps.contain(picture.image, size, Image.Resampling.LANCZOS)
    _FITTED[key] = scaled
    while len(_FITTED) > FITTED_KEPT:
        _FITTED.popitem(last=False)
    return scaled


def format_session(session) -> str:
    """``Atelier numérique, mercredi 3 décembre à 14h, Salle 2`` (without the room when unknown)."""
    text = _("{service}, {day} à {time}", service=session.service, day=long_date(session.start),
             time=clock_time(session.start))
    return f"{text}, {session.room}" if session.room else text


def draw_arrow(canvas: Canvas, box, direction: str, colour: str = "#ffffff") -> None:
    """An arrow pointing ``direction`` (left, right, up, down) filling the square ``box``."""
    x0, y0, x1, y1 = box
    w, h = x1 - x0, y1 - y0
    # a right-pointing arrow on a unit square, turned for the other directions
    shape = [(0.05, 0.38), (0.5, 0.38), (0.5, 0.12), (0.95, 0.5), (0.5, 0.88), (0.5, 0.62), (0.05, 0.62)]
    turn = {"right": lambda x, y: (x, y), "left": lambda x, y: (1 - x, y),
            "down": lambda x, y: (y, x), "up": lambda x, y: (y, 1 - x)}[direction]
    points = [(x0 + px * w, y0 + py * h) for px, py in (turn(x, y) for x, y in shape)]
    canvas.draw.polygon(points, fill=colour)


def draw_star(canvas: Canvas, centre, radius: float, colour: str) -> None:
    """A five-pointed star (one per right answer on the final board)."""
    import math

    cx, cy = centre
    points = []
    for i in range(10):
        r = radius if i % 2 == 0 else radius * 0.45
        angle = -math.pi / 2 + i * math.pi / 5
        points.append((cx + r * math.cos(angle), cy + r * math.sin(angle)))
    canvas.draw.polygon(points, fill=colour)


class GameBoard(Widget):
    """One question: the progress and score, the picture, the question, the answer cards.

    ``phase`` is ``"question"``, ``"juste"`` (the chosen card was right) or ``"faux"``.
    """

    kind = "main"
    role = "jeu"
    weight = 10.0

    def __init__(self, question, index: int, total: int, score: int, phase: str = "question",
                 chosen: int | None = None, title: str = ""):
        super().__init__()
        self.question, self.index, self.total, self.score = question, index, total, score
        self.phase, self.chosen, self.title = phase, chosen, title
        self.picture = load_picture(question.picture) if question.picture else None

    def content(self, now: datetime) -> tuple:
        q = self.question
        return (q.text, q.answers, q.right, self.picture.fingerprint if self.picture else None,
                self.index, self.total, self.score, self.phase, self.chosen, self.title)

    def paint(self, canvas: Canvas) -> None:
        pad, w, h = canvas.padding, canvas.width, canvas.height
        canvas.fill()
        top = round(h * (0.11 if w > h else 0.16))  # portrait: two lines (progress, score)
        self._paint_top(canvas, (pad, pad, w - pad, top))
        middle = (pad, top + pad, w - pad, round(h * 0.62))
        self._paint_question(canvas, middle)
        self._paint_cards(canvas, (pad, middle[3] + pad, w - pad, h - pad))

    def _paint_top(self, canvas: Canvas, box) -> None:
        x0, y0, x1, y1 = box
        size = canvas.sizes.heading if canvas.width > canvas.height else canvas.title_size  # ≥ 1/30 of the height
        if self.phase in ("juste", "faux"):  # the flash: a wide band, written and coloured
            right = self.phase == "juste"
            canvas.fill(RIGHT_COLOUR if right else WRONG_COLOUR, box)
            answer = self.question.answers[self.question.right]
            text = _("Bravo ! C'est la bonne réponse.") if right else _(
                "Presque ! La bonne réponse : {answer}", answer=answer)
            canvas.write(text, box, size=canvas.title_size, bold=True, colour="#ffffff", align="center",
                         valign="middle", max_lines=1 if canvas.width > canvas.height else 2, role="jeu.result")
            return
        progress = _("Question {number} sur {total}", number=self.index + 1, total=self.total)
        if canvas.width <= canvas.height:  # portrait: the progress above the score, each its own line
            middle_y = (y0 + y1) // 2
            canvas.write(progress, (x0, y0, x1, middle_y), size=size, valign="middle", max_lines=1,
                         role="jeu.progress")
            canvas.write(_("Points : {score}", score=self.score), (x0, middle_y, x1, y1), size=size, bold=True,
                         valign="middle", max_lines=1, role="jeu.score")
            return
        middle = (x0 + x1) // 2
        title = self.title
        canvas.write(title or progress, (x0, y0, middle, y1), size=size, bold=True, valign="middle",
                     max_lines=1, role="jeu.title" if title else "jeu.progress")
        if title:
            canvas.write(progress, (middle, y0, (middle + x1) // 2, y1), size=size, valign="middle",
                         max_lines=1, align="center", role="jeu.progress")
        canvas.write(_("Points : {score}", score=self.score), ((middle + x1) // 2, y0, x1, y1), size=size,
                     bold=True, valign="middle", align="end", max_lines=1, role="jeu.score")

    def _paint_question(self, canvas: Canvas, box) -> None:
        x0, y0, x1, y1 = box
        text_box = box
        if self.picture is not None:
            if canvas.width > canvas.height:  # the picture on the left, the question on the right
                picture_box = (x0, y0, x0 + (x1 - x0) * 11 // 20, y1)
                text_box = (picture_box[2] + canvas.padding, y0, x1, y1)
            else:  # portrait: the picture above the question
                picture_box = (x0, y0, x1, y0 + (y1 - y0) * 3 // 5)
                text_box = (x0, picture_box[3] + canvas.padding, x1, y1)
            px0, py0, px1, py1 = picture_box
            placed = fitted_picture(self.picture, (max(1, px1 - px0), max(1, py1 - py0)))
            left, top = px0 + (px1 - px0 - placed.width) // 2, py0 + (py1 - py0 - placed.height) // 2
            canvas.image.paste(placed.convert("RGB"), (left, top), placed.getchannel("A"))
        canvas.write(self.question.text, text_box, size=round(canvas.title_size * 1.2), bold=True,
                     valign="middle", align="center", role="jeu.question")

    def _paint_cards(self, canvas: Canvas, box) -> None:
        x0, y0, x1, y1 = box
        answers = self.question.answers
        gap = canvas.padding
        width = (x1 - x0 - gap * (len(answers) - 1)) // len(answers)
        keys = answer_keys(len(answers))
        for position, answer in enumerate(answers):
            left = x0 + position * (width + gap)
            card = (left, y0, left + width, y1)
            canvas.fill(self._card_colour(position), card)
            if self.chosen == position:  # the fruit the child touched: a thick frame
                canvas.draw.rectangle(card, outline=canvas.theme.text, width=max(4, gap))
            side = min(y1 - y0, width) * 45 // 100
            if width >= y1 - y0:  # a wide card: the arrow on the left, the answer beside it
                arrow = (left + gap * 2, y0 + (y1 - y0 - side) // 2, left + gap * 2 + side, y0 + (y1 - y0 + side) // 2)
                text = (arrow[2] + gap, y0 + gap, card[2] - gap, y1 - gap)
            else:  # a narrow card (portrait screens): the arrow above the answer
                arrow = (left + (width - side) // 2, y0 + gap * 2, left + (width + side) // 2, y0 + gap * 2 + side)
                text = (left + gap, arrow[3] + gap, card[2] - gap, y1 - gap)
            draw_arrow(canvas, arrow, keys[position])
            canvas.write(answer, text, size=canvas.title_size, bold=True, colour="#ffffff", align="center",
                         valign="middle", role="jeu.answer")

    def _card_colour(self, position: int) -> str:
        if self.phase == "question":
            return CARD_COLOURS[position]
        if position == self.question.right:
            return RIGHT_COLOUR
        return WRONG_COLOUR if position == self.chosen else DIM_COLOUR


class FinalBoard(Widget):
    """The end of the game: the score with one star per right answer, and the invitation."""

    kind = "main"
    role = "jeu"
    weight = 10.0

    def __init__(self, score: int, total: int, session=None, title: str = ""):
        super().__init__()
        self.score, self.total, self.session, self.title = score, total, session, title

    def invitation(self) -> str:
        """Only what the semainier says: the next atelier, or where to ask."""
        if self.session is None:
            return _("Des ateliers gratuits pour toute la famille : demandez les dates à l'accueil.")
        return _("Venez en famille à l'atelier gratuit : {session}.", session=format_session(self.session))

    def content(self, now: datetime) -> tuple:
        return (self.score, self.total, self.invitation(), self.title)

    def paint(self, canvas: Canvas) -> None:
        pad, w, h = canvas.padding, canvas.width, canvas.height
        canvas.fill()
        canvas.write(_("Bravo, la partie est finie !"), (pad, pad, w - pad, round(h * 0.2)),
                     size=round(canvas.title_size * 1.3), bold=True, align="center", valign="middle",
                     max_lines=1, role="jeu.final")
        radius = min(h * 0.08, (w - 2 * pad) / max(1, self.total) / 2.4)
        step = radius * 2.4
        start = w / 2 - step * (self.total - 1) / 2
        for i in range(self.total):
            colour = "#f2b100" if i < self.score else canvas.theme.muted
            draw_star(canvas, (start + i * step, h * 0.3), radius, colour)
        canvas.write(_("{score} bonnes réponses sur {total}", score=self.score, total=self.total),
                     (pad, round(h * 0.4), w - pad, round(h * 0.52)), size=canvas.title_size, bold=True,
                     align="center", valign="middle", max_lines=1, role="jeu.score")
        band = (pad, round(h * 0.56), w - pad, round(h * 0.86))
        canvas.fill(canvas.theme.info_background, band)
        canvas.write(self.invitation(), (band[0] + pad, band[1] + pad, band[2] - pad, band[3] - pad),
                     size=canvas.title_size, colour=canvas.theme.info_text, align="center", valign="middle",
                     role="jeu.invitation")
        canvas.write(_("Pour rejouer : Espace ou clic."), (pad, round(h * 0.88), w - pad, h - pad),
                     size=canvas.body_size if w > h else canvas.title_size, colour=canvas.theme.muted, align="center", valign="middle",
                     max_lines=1, role="jeu.again")
