"""The guided mode: show a step, check it every 2 seconds, move on when it is done.

The person can type ``aide`` (or just Enter) for a hint, ``passer`` to skip a step
and ``quitter`` to stop. The status line is printed again only when it changes, so
the terminal stays calm and a screen reader does not repeat itself.

Example::

    session = GuidedSession(load_guide("afficheur"), StepContext(Path("mon-afficheur")))
    passed = session.run()          # until the last step, or "quitter"
"""

from __future__ import annotations

import queue
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

from fabrique_kit.atelier.checks import CheckResult, StepContext, run_check
from fabrique_kit.atelier.report import now_utc, write_report
from fabrique_kit.atelier.steps import Guide, Step
from fabrique_kit.i18n import _

POLL_SECONDS = 2.0
HEARTBEAT_SECONDS = 60.0  # the report is rewritten at least this often (the table is alive)
HELP_WORDS = ("", "aide", "help", "?", "h")
SKIP_WORDS = ("passer", "skip")
QUIT_WORDS = ("quitter", "quit", "q", "exit", "stop")


def stdin_lines() -> queue.Queue:
    """A queue fed with the lines typed in the terminal (``None`` at the end of input)."""
    lines: queue.Queue = queue.Queue()

    def read() -> None:
        for line in sys.stdin:
            lines.put(line)
        lines.put(None)

    threading.Thread(target=read, name="atelier-stdin", daemon=True).start()
    return lines


def check_once(guide: Guide, ctx: StepContext) -> list[tuple[Step, CheckResult]]:
    """Check every step once (``--une-fois``), in order, without waiting."""
    ctx.once = True
    results = []
    for step in guide.steps:
        ctx.memory = {}
        results.append((step, run_check(step.check, ctx)))
    return results


def passed_in_order(results: list[tuple[Step, CheckResult]]) -> int:
    """How many steps pass, from the first, before the first one that does not."""
    count = 0
    for _step, result in results:
        if not result.ok:
            break
        count += 1
    return count


class GuidedSession:
    """Walk a team through ``guide`` for the project in ``ctx.folder``.

    - ``echo``: prints one line (``click.echo`` in the command);
    - ``lines``: the typed lines (a queue; ``stdin_lines()`` by default);
    - ``report``: a JSON file updated at each change, for the mediator;
    - ``poll_seconds``: the pause between two checks (2 s).
    """

    def __init__(self, guide: Guide, ctx: StepContext, *, echo: Callable[[str], None] = print,
                 lines: queue.Queue | None = None, report: Path | None = None,
                 table: str | None = None, poll_seconds: float = POLL_SECONDS):
        self.guide = guide
        self.ctx = ctx
        self.echo = echo
        self.lines = lines
        self.report = report
        self.table = table or (report.stem if report else "table")
        self.poll_seconds = poll_seconds
        self.passed: list[int] = []
        self.skipped: list[int] = []
        self._input_open = True
        self._help_count = 0
        self._since = now_utc()
        self._last_write = 0.0

    # -- the loop ------------------------------------------------------------------
    def run(self) -> int:
        """Run every step; return how many were checked as done (skipped ones excluded)."""
        if self.lines is None:
            self.lines = stdin_lines()
        self.echo(_("Mode guidé « {guide} » : {n} étapes. Tapez « aide » (ou Entrée) pour un indice, "
                    "« passer » pour sauter une étape, « quitter » pour arrêter.",
                    guide=self.guide.name, n=len(self.guide.steps)))
        for step in self.guide.steps:
            outcome = self._do_step(step)
            if outcome == "quit":
                self._write("quitte", step, _("Arrêté par l'équipe."))
                self.echo(_("À bientôt ! Relancez fabrique atelier pour reprendre où vous en êtes."))
                return len(self.passed)
        last = self.guide.steps[-1] if self.guide.steps else None
        self._write("termine", last, _("Toutes les étapes sont faites."))
        self.echo(_("Bravo ! Toutes les étapes sont faites. Montrez votre écran à la table voisine."))
        return len(self.passed)

    def _do_step(self, step: Step) -> str:
        """Wait until ``step`` passes (``"done"``), is skipped (``"skip"``) or the team quits."""
        self.ctx.memory = {}
        self._help_count = 0
        self._since = now_utc()
        total = len(self.guide.steps)
        self.echo("")
        self.echo(_("Étape {n}/{total} — {title}", n=step.number, total=total, title=step.title()))
        self.echo(self._fill(step.text("consigne")))
        last_detail = None
        while True:
            result = run_check(step.check, self.ctx)
            if result.ok:
                self.echo("✓ " + result.detail)
                self.passed.append(step.number)
                self._write("en_cours", step, result.detail, done=True)
                return "done"
            if result.detail != last_detail:
                self.echo("… " + result.detail)
                last_detail = result.detail
                self._write("en_cours", step, result.detail)
            elif time.monotonic() - self._last_write >= HEARTBEAT_SECONDS:
                self._write("en_cours", step, result.detail)
            command = self._next_command()
            if command is None:
                continue
            if command in QUIT_WORDS:
                return "quit"
            if command in SKIP_WORDS:
                self.echo(_("Étape {n} passée sans vérification.", n=step.number))
                self.skipped.append(step.number)
                return "skip"
            if command in HELP_WORDS:
                self._help_count += 1
                self.echo(_("Indice :"))
                self.echo(self._fill(step.text("aide")))
                self._write("en_cours", step, result.detail)
            else:
                self.echo(_("Je ne connais pas « {word} » : tapez aide, passer ou quitter.", word=command))

    def _next_command(self) -> str | None:
        """Wait up to ``poll_seconds`` for a typed line (a calm pause, no busy loop)."""
        if not self._input_open:
            threading.Event().wait(self.poll_seconds)
            return None
        if self.lines is None:  # cannot happen: run() opens the input first
            raise RuntimeError("the session's input is not open")
        try:
            line = self.lines.get(timeout=self.poll_seconds)
        except queue.Empty:
            return None
        if line is None:  # no more input (not a terminal): keep checking quietly
            self._input_open = False
            return None
        return line.strip().lower()

    def _fill(self, text: str) -> str:
        return text.replace("{dossier}", self.ctx.shown_folder).replace("{port}", str(self.ctx.port))

    # -- the report ------------------------------------------------------------------
    def _write(self, status: str, step: Step | None, detail: str, done: bool = False) -> None:
        if self.report is None:
            return
        self._last_write = time.monotonic()
        number = step.number if step else 0
        write_report(self.report, {
            "table": self.table,
            "guide": self.guide.name,
            "etape": number + 1 if done and number < len(self.guide.steps) else number,
            "total": len(self.guide.steps),
            "titre": self._title_after(number) if done else (step.title("fr") if step else ""),
            "statut": status,
            "detail": detail,
            "reussies": list(self.passed),
            "passees": list(self.skipped),
            "aides": self._help_count,
            "depuis": (now_utc() if done else self._since).isoformat(timespec="seconds"),
            "mis_a_jour": now_utc().isoformat(timespec="seconds"),
        })

    def _title_after(self, number: int) -> str:
        if number < len(self.guide.steps):
            return self.guide.steps[number].title("fr")
        return self.guide.steps[-1].title("fr")


def report_once(path: Path, guide: Guide, results: list[tuple[Step, CheckResult]], table: str) -> None:
    """Write the report of a ``--une-fois`` run: the first step that does not pass."""
    passed = passed_in_order(results)
    finished = passed == len(results)
    current = results[-1][0] if finished else results[passed][0]
    now = now_utc().isoformat(timespec="seconds")
    write_report(path, {
        "table": table,
        "guide": guide.name,
        "etape": current.number,
        "total": len(results),
        "titre": current.title("fr"),
        "statut": "termine" if finished else "en_cours",
        "detail": results[-1][1].detail if finished else results[passed][1].detail,
        "reussies": [step.number for step, result in results if result.ok],
        "passees": [],
        "aides": 0,
        "depuis": now,
        "mis_a_jour": now,
    })
