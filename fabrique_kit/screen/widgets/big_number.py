"""The number called and the desk to go to, both large, with the last calls and the wait.

A new call stands out for a few seconds (the block turns to the « open now » colours
and says « Nouvel appel »); one redraw ends it, at the time given by ``next_change``.
When the expected wait runs past the end of today's sessions, the block says so and
gives the next session.

Example::

    screen.big_number(queue.called, label="Numéro appelé", desk=2, waiting=4, wait_min=25)
    screen.big_number(queue_status)          # a QueueStatus fills everything in
"""

from __future__ import annotations

from datetime import datetime, timedelta

from fabrique_kit.errors import FabriqueError
from fabrique_kit.i18n import _, use_language
from fabrique_kit.model import CallRecord, QueueStatus, Session
from fabrique_kit.screen.labels import public
from fabrique_kit.screen.widgets.base import Canvas, Widget

_QUEUE_FIELDS = set(QueueStatus.__dataclass_fields__)
HIGHLIGHT_S = 8  # seconds a new call stands out


class Call(str):
    """An announcement (« Numéro 12, guichet 2 ») that can be said in another language too.

    Example: ``Call(12, 2).in_language("en")`` → ``'Number 12, desk 2'``
    """

    number: object
    desk: object

    def __new__(cls, number, desk=None):
        text = cls._words(number, desk)
        made = super().__new__(cls, text)
        made.number, made.desk = number, desk
        return made

    @staticmethod
    def _words(number, desk) -> str:
        if desk is not None:
            return _("Numéro {number}, guichet {desk}", number=number, desk=desk)
        return _("Numéro {number}", number=number)

    def in_language(self, language: str) -> str:
        with use_language(language):
            return self._words(self.number, self.desk)


def _calls(value) -> tuple[CallRecord, ...]:
    calls = []
    for call in value or ():
        if isinstance(call, dict):  # followed from another kit, as JSON
            at = call.get("at")
            call = CallRecord(call.get("number"), call.get("desk"),  # type: ignore[arg-type]
                              datetime.fromisoformat(at) if isinstance(at, str) else at)  # type: ignore[arg-type]
        calls.append(call)
    return tuple(calls[:3])


class BigNumber(Widget):
    """A number (or a short text) as large as its box allows, the desk under it."""

    kind = "side"
    weight = 3.0
    role = "queue"
    firm = True  # the layout gives it the height it needs before the others grow

    def __init__(self, value, label: str = "Numéro appelé", desk=None, waiting=None, wait_min=None,
                 recent=None, closes_at: datetime | None = None, coming: Session | None = None):
        super().__init__()
        if callable(getattr(value, "status", None)) and not isinstance(value, str | int | float):
            value = value.status()  # a counter itself: what screen.big_number(attente.status()) shows
        if isinstance(value, dict) and "called" in value:  # a counter followed from another kit
            value = QueueStatus(**{k: v for k, v in value.items() if k in _QUEUE_FIELDS and k != "desks"})
        if isinstance(value, QueueStatus):
            desk = value.desk if desk is None else desk
            waiting = value.waiting if waiting is None else waiting
            wait_min = value.estimated_wait_min if wait_min is None else wait_min
            recent = value.recent_calls if recent is None else recent
            value = value.called
        if value is not None and not isinstance(value, str | int | float):
            raise FabriqueError(
                _("screen.big_number() montre un nombre, un texte ou un compteur, pas « {kind} ».",
                  kind=type(value).__name__),
                field="big_number",
                hint=_("Par exemple : screen.big_number(attente.status()) ou screen.big_number(12)."),
            )
        self.value, self.label, self.desk = value, label, desk
        self.waiting, self.wait_min = waiting, wait_min
        self.recent = _calls(recent)
        self.closes_at, self.coming = closes_at, coming

    def see_schedule(self, schedule) -> None:
        """Take today's end and the next session from the screen's schedule (the renderer calls it)."""
        if self.closes_at is None:
            self.closes_at, coming = schedule.day_end_and_next(self.closes_at)
            self.coming = self.coming or coming

    def called_at(self) -> datetime | None:
        """When the number shown was called, if the counter says so."""
        if self.recent and self.recent[0].number == self.value and self.recent[0].at is not None:
            return self.recent[0].at
        return None

    def highlighted(self, now: datetime) -> bool:
        at = self.called_at()
        return at is not None and at <= now < at + timedelta(seconds=HIGHLIGHT_S)

    def too_late(self, now: datetime) -> bool:
        """True when the expected wait ends after today's last session."""
        if not self.wait_min or self.closes_at is None or now >= self.closes_at:
            return False
        return now + timedelta(minutes=self.wait_min) > self.closes_at

    def content(self, now: datetime) -> tuple:
        return (self.value, self.label, self.desk, self.waiting, self.wait_min, self.recent,
                self.highlighted(now), self.lines_key(now))

    def lines_key(self, now: datetime) -> tuple:
        return tuple(self.roles_below(now))

    def next_change(self, now: datetime) -> datetime | None:
        moments = []
        at = self.called_at()
        if at is not None and now < at + timedelta(seconds=HIGHLIGHT_S):
            moments.append(at + timedelta(seconds=HIGHLIGHT_S))  # one redraw ends the highlight
        if self.wait_min and self.closes_at is not None and now < self.closes_at:
            limit = self.closes_at - timedelta(minutes=self.wait_min)  # when the warning starts
            moments.append(limit if limit > now else self.closes_at)  # ...and when it ends
        return min(moments) if moments else None

    def announcement(self) -> str | None:
        if self.value is None:
            return None
        return Call(self.value, self.desk)

    def lines_below(self, now: datetime | None = None) -> list[str]:
        """Waiting people, the expected wait, and whether it ends after the last session.

        Example: ``BigNumber(12, waiting=3).lines_below()`` → ``['3 personnes en attente']``
        """
        return [text for _role, text in self.roles_below(now)]

    def roles_below(self, now: datetime | None = None) -> list[tuple[str, str]]:
        """:meth:`lines_below` with the role of each line (``queue.waiting``, ``queue.wait``, ``queue.closing``)."""
        lines = []
        if self.waiting is not None:
            if self.waiting == 0:
                waiting = _("Personne en attente")
            elif self.waiting == 1:
                waiting = _("1 personne en attente")
            else:
                waiting = _("{count} personnes en attente", count=self.waiting)
            lines.append(("queue.waiting", waiting))
        if self.wait_min:
            lines.append(("queue.wait", _("Attente : environ {minutes} min", minutes=self.wait_min)))
        if now is not None and self.closes_at is not None and self.too_late(now):
            from fabrique_kit.screen.widgets.schedule_rows import clock_time

            text = _("Tout le monde ne pourra pas être reçu avant la fin des permanences ({time}).",
                     time=clock_time(self.closes_at))
            if self.coming is not None and self.coming.start > self.closes_at:
                from fabrique_kit.screen.widgets.schedule import when

                text += " " + _("Prochaine permanence : {when}", when=when(self.coming.start))
            lines.append(("queue.closing", text))
        return lines

    def _sizes(self, canvas: Canvas) -> tuple[int, int]:
        """The number's and the desk's sizes: the number at least 1/6 of the screen's short side
        (its height on a landscape screen: about 5 cm on a 24-inch screen, read from 10 m)."""
        number = max(canvas.body_size, -(-canvas.sizes.unit // 6))
        return number, max(canvas.sizes.heading, number // 2)

    def _fixed(self, canvas: Canvas, desk_size: int | None = None) -> list[tuple[str, str, object, int]]:
        """Every line except the number: (role, text, layout, height), top to bottom."""
        pad, width = canvas.padding, canvas.width - 2 * canvas.padding
        small = canvas.sizes.minimum
        desk_size = desk_size or self._sizes(canvas)[1]
        label = _("Nouvel appel") if self.highlighted(canvas.now) else public(self.label)
        french = "Nouvel appel" if self.highlighted(canvas.now) else self.label
        also = self.also(french)
        if also and canvas.fit(f"{label} · {also}", 10_000, 10_000, size=canvas.body_size, bold=True).width <= width:
            label = f"{label} · {also}"  # a second language, when it fits the line
        parts = [("queue.label", label, canvas.fit(label, width, 10_000, size=canvas.body_size, bold=True))]
        if self.desk is not None:
            desk = _("Guichet {desk}", desk=self.desk)
            parts.append(("queue.desk", desk, canvas.fit(desk, width, 10_000, size=desk_size, bold=True,
                                                          min_size=desk_size)))
        for role, text in self.roles_below(canvas.now):
            parts.append((role, text, canvas.fit(text, width, 10_000, size=small, min_size=small)))
        previous = [c for c in self.recent if not (c.number == self.value and c.desk == self.desk)][:3]
        if previous:  # one line (two when narrow): « Appels précédents : 41 → guichet 1 · 40 → guichet 2 »
            calls = " · ".join(_("{number} → guichet {desk}", number=call.number, desk=call.desk)
                               for call in previous)
            text = _("Appels précédents : {calls}", calls=calls)
            parts.append(("queue.recent", text, canvas.fit(text, width, 10_000, size=small, min_size=small)))
        return [(role, text, layout, layout.height + pad // 3) for role, text, layout in parts]

    def wanted_height(self, canvas: Canvas) -> int:
        """Room for the number at 1/6 of the screen's short side and every line around it.

        The lines for the people waiting and the expected wait are counted even when
        absent, so the layout does not move each time they come and go.
        """
        number, _desk = self._sizes(canvas)
        fixed = self._fixed(canvas)
        present = {role for role, *_rest in fixed}
        line = int(canvas.sizes.minimum * 1.4) + canvas.padding // 3
        absent = sum(line for role in ("queue.waiting", "queue.wait") if role not in present)
        return sum(h for *_rest, h in fixed) + absent + int(number * 1.4) + 3 * canvas.padding

    def paint(self, canvas: Canvas) -> None:
        pad, theme = canvas.padding, canvas.theme
        highlight = self.highlighted(canvas.now)
        colour = theme.now_text if highlight else theme.text
        canvas.fill(theme.now_background if highlight else None)
        if highlight:  # a thick frame as well: the change is seen without telling colours apart
            canvas.draw.rectangle((0, 0, canvas.width - 1, canvas.height - 1), outline=theme.now_text,
                                  width=max(4, pad // 2))
        number_size, desk_size = self._sizes(canvas)
        fixed = self._fixed(canvas)
        room = canvas.height - 2 * pad - sum(h for *_rest, h in fixed)
        if room < number_size * 1.4 and desk_size > canvas.sizes.heading:  # the number stays the largest
            fixed = self._fixed(canvas, canvas.sizes.heading)
            room = canvas.height - 2 * pad - sum(h for *_rest, h in fixed)
        if room < number_size * 1.4:  # a short box: the label in the small size
            role, text, _layout, _height = fixed[0]
            small = canvas.fit(text, canvas.width - 2 * pad, 10_000, size=canvas.sizes.minimum, bold=True,
                               min_size=canvas.sizes.minimum)
            room += fixed[0][3] - (small.height + pad // 3)
            fixed[0] = (role, text, small, small.height + pad // 3)
        while len(fixed) > 2 and room < number_size * 1.4 and fixed[-1][0].startswith("queue.recent"):
            room += fixed.pop()[3]  # a short box keeps the number large first, then the desk
        for role in ("queue.waiting", "queue.wait"):  # a short box: the number and the desk first
            if room < number_size * 1.4:
                index = next((i for i, part in enumerate(fixed) if part[0] == role), None)
                if index is not None:
                    room += fixed.pop(index)[3]
        top = pad
        label, rest = fixed[0], fixed[1:]
        top = self._line(canvas, label, top, colour)
        number_box = (pad, top, canvas.width - pad, top + max(canvas.body_size, room))
        if self.value is None:  # nobody called yet: say so, no giant dash
            canvas.write(_("Pas encore d'appel"), number_box, align="center", valign="middle", colour=colour,
                         role="queue.idle")
        else:
            size = max(number_size, min(int(room / 1.4), number_size * 2))
            floor = number_size if room >= number_size * 1.4 else canvas.body_size
            canvas.write(str(self.value), number_box, size=size, min_size=floor, bold=True,
                         align="center", valign="middle", max_lines=1, colour=colour, role="queue.number")
        top = number_box[3]
        for part in rest:
            top = self._line(canvas, part, top, colour)

    @staticmethod
    def _line(canvas: Canvas, part, top: int, colour: str) -> int:
        role, text, layout, height = part
        pad = canvas.padding
        canvas.write(text, (pad, top, canvas.width - pad, top + layout.height), align="center", colour=colour,
                     role=role, layout=layout)
        return top + height
