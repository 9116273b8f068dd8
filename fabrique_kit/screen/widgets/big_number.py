"""The number called at a desk, very large, with who is waiting.

Example::

    screen.big_number(queue.called, label="Numéro appelé", desk=2, waiting=4, wait_min=25)
    screen.big_number(queue_status)          # a QueueStatus fills everything in
"""

from __future__ import annotations

from datetime import datetime

from fabrique_kit.errors import FabriqueError
from fabrique_kit.i18n import _
from fabrique_kit.model import QueueStatus
from fabrique_kit.screen.labels import public
from fabrique_kit.screen.widgets.base import Canvas, Widget

_QUEUE_FIELDS = set(QueueStatus.__dataclass_fields__)


class BigNumber(Widget):
    """A number (or a short text) as large as its box allows."""

    kind = "side"
    weight = 3.0
    role = "queue"

    def __init__(self, value, label: str = "Numéro appelé", desk=None, waiting=None, wait_min=None):
        super().__init__()
        if callable(getattr(value, "status", None)) and not isinstance(value, str | int | float):
            value = value.status()  # a counter itself: what screen.big_number(attente.status()) shows
        if isinstance(value, dict) and "called" in value:  # a counter followed from another kit
            value = QueueStatus(**{k: v for k, v in value.items() if k in _QUEUE_FIELDS and k != "desks"})
        if isinstance(value, QueueStatus):
            desk = value.desk if desk is None else desk
            waiting = value.waiting if waiting is None else waiting
            wait_min = value.estimated_wait_min if wait_min is None else wait_min
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

    def content(self, now: datetime) -> tuple:
        return (self.value, self.label, self.desk, self.waiting, self.wait_min)

    def announcement(self) -> str | None:
        if self.value is None:
            return None
        if self.desk is not None:
            return _("Numéro {number}, guichet {desk}", number=self.value, desk=self.desk)
        return _("Numéro {number}", number=self.value)

    def lines_below(self) -> list[str]:
        """Desk, people waiting and the expected wait, one per line.

        Example: ``BigNumber(12, desk=3).lines_below()`` → ``['Guichet 3']``
        """
        return [text for _role, text in self.roles_below()]

    def roles_below(self) -> list[tuple[str, str]]:
        """:meth:`lines_below` with the role of each line (``queue.desk``, ``queue.waiting``, ``queue.wait``)."""
        lines = []
        if self.desk is not None:
            lines.append(("queue.desk", _("Guichet {desk}", desk=self.desk)))
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
        return lines

    def paint(self, canvas: Canvas) -> None:
        pad = canvas.padding
        canvas.fill()
        line_height = int(canvas.sizes.minimum * 1.4)
        label_height = int(canvas.body_size * 1.45)
        canvas.write(public(self.label), (pad, pad, canvas.width - pad, pad + label_height),
                     bold=True, align="center", valign="middle", max_lines=1, role="queue.label")
        below = self.roles_below()
        room = canvas.height - 2 * pad - label_height
        while below and room - len(below) * line_height < canvas.body_size * 2:
            below.pop()  # a small box keeps the number readable first
        top, bottom = pad + label_height, canvas.height - pad - len(below) * line_height
        if self.value is None:  # nobody called yet: say so, no giant dash
            number, size, role = _("Pas encore d'appel"), canvas.body_size, "queue.idle"
        else:
            number, size, role = str(self.value), max(canvas.body_size, int((bottom - top) / 1.25)), "queue.number"
        canvas.write(number, (pad, top, canvas.width - pad, bottom), size=size, bold=True,
                     align="center", valign="middle", max_lines=1, min_size=canvas.body_size, role=role)
        for role, text in below:
            canvas.write(text, (pad, bottom, canvas.width - pad, bottom + line_height),
                         size=canvas.sizes.minimum, align="center", valign="middle", max_lines=1, role=role)
            bottom += line_height
