"""What a check receives (:class:`StepContext`) and what it returns (:class:`CheckResult`).

Example::

    ctx = StepContext(folder=Path("mon-afficheur"), template="afficheur")
    ctx.port                         # 8000, read from [web] port
    CheckResult(True, "Lieu : « Carrefour 18 ».")
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from fabrique_kit.atelier import local_kit


@dataclass(frozen=True)
class CheckResult:
    """What a check saw: ``ok`` and a one-line ``detail`` for the person."""

    ok: bool
    detail: str


@dataclass
class StepContext:
    """What a check needs: the project folder, its template, and a memory for this step.

    ``once`` is True for ``--une-fois``: there is no "before" to compare with, so a
    check that waits for a change looks for a trace of it instead (a ticket taken today).
    ``memory`` keeps what a check saw at its first poll (cleared at each new step).
    """

    folder: Path
    template: str = "afficheur"
    once: bool = False
    memory: dict = field(default_factory=dict)

    @property
    def port(self) -> int:
        return local_kit.project_port(self.folder)

    @property
    def shown_folder(self) -> str:
        """The folder as a command line needs it: quoted when it holds a space (« 'mon écran' »)."""
        import shlex

        return shlex.quote(str(self.folder))
