"""After a power cut: the supervisor starts again from what is on the disk.

A cut (or a SIGKILL) can stop the supervisor at any step of a deployment. At its next
start, :func:`recover` makes the service folder whole again before anything runs:

- the half-unpacked bundles and temporary links are removed;
- the kit left running by a dead supervisor (its "orphan", which still holds the port)
  is stopped, found by the pid **and** start time written in ``deploy/kit.pid`` (a
  recycled pid is never killed);
- a deployment that was ``pending`` or ``running`` with no request left is marked
  ``failed`` (« interrompu »): no stale "running" ever refuses the next deployment; the
  version that then runs is checked like a new one (rolled back if it does not start).

:class:`CutPoints` lets the power-cut test stop the supervisor (and its kit) with
SIGKILL at a named step, instead of at a guessed moment (``$FABRIQUE_CUT_FILE``).

Example::

    recover(ServiceRoot(root), DeployBoard(ServiceRoot(root)))   # {'orphan': 1234, ...}
"""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import time
from pathlib import Path

from fabrique_kit.deploy.requests_file import DeployBoard, read_json
from fabrique_kit.deploy.versions import ServiceRoot
from fabrique_kit.files import write_json_atomically
from fabrique_kit.i18n import _
from fabrique_kit.net.answers import both_languages

log = logging.getLogger(__name__)
PID_FILE = "kit.pid"
CUT_ENV = "FABRIQUE_CUT_FILE"


def _start_time(pid: int) -> str | None:
    """The start time of process ``pid`` (clock ticks since boot), or None if it is gone."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return stat.rsplit(")", 1)[-1].split()[19]  # field 22, counted after the command's name


def remember_child(service: ServiceRoot, pid: int) -> None:
    """Write the kit's pid and start time, so a later supervisor can stop it if orphaned."""
    write_json_atomically(service.deploy_dir / PID_FILE, {"pid": pid, "start": _start_time(pid)})


def forget_child(service: ServiceRoot) -> None:
    with contextlib.suppress(OSError):
        (service.deploy_dir / PID_FILE).unlink()


def stop_orphan(service: ServiceRoot, timeout: float = 10.0) -> int | None:
    """Stop the kit a dead supervisor left running; returns its pid (None when there was none).

    Example: ``stop_orphan(ServiceRoot(root))`` → ``4711``
    """
    data = read_json(service.deploy_dir / PID_FILE) or {}
    pid, start = data.get("pid"), data.get("start")
    forget_child(service)
    if not isinstance(pid, int) or pid <= 1 or pid == os.getpid() or not start or _start_time(pid) != start:
        return None
    log.warning("stopping the kit left by a previous supervisor (pid %s)", pid)
    with contextlib.suppress(OSError):
        os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    while _start_time(pid) == start and time.monotonic() < deadline:
        with contextlib.suppress(ChildProcessError, OSError):
            os.waitpid(pid, os.WNOHANG)
        time.sleep(0.05)
    if _start_time(pid) == start:
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)
    return pid


def settle_board(board: DeployBoard) -> dict | None:
    """Mark a deployment cut in the middle as failed; returns it as it was (None if none).

    Example: ``settle_board(board)`` → ``{"id": "…", "state": "running", "version": 4, …}``
    """
    status = board.status() or {}
    if status.get("state") not in ("pending", "running"):
        return None
    if status.get("state") == "pending" and board.pending() is not None:
        return None  # still waiting for us: it will be carried out
    request_id = str(status.get("id") or "interrupted")
    version = status.get("version")
    fr, en = both_languages(lambda: _(
        "Le déploiement a été interrompu (coupure de courant ?) : le kit a redémarré sur une version sûre."))
    details = {k: v for k, v in status.items() if k not in ("id", "state", "time", "message", "message_en")}
    board.set_status(request_id, "failed", **details, interrupted=True, message=fr, message_en=en)
    log.warning("deployment %s (version %s) was interrupted", request_id, version)
    return status


def recover(service: ServiceRoot, board: DeployBoard) -> dict:
    """Everything above, in order; returns what was found (for the journal and the tests)."""
    leftovers = service.clean_leftovers()
    orphan = stop_orphan(service)
    interrupted = settle_board(board)
    return {"leftovers": leftovers, "orphan": orphan, "interrupted": interrupted}


class CutPoints:
    """Named steps where the power-cut test stops everything with SIGKILL.

    ``$FABRIQUE_CUT_FILE`` names a file holding a step (``switched``: kill the kit, then
    the supervisor, when a deployment has just switched ``current``; ``switched:alone``:
    the supervisor only, leaving an orphan). It is read at each step and removed when it
    fires, so the restarted supervisor runs on. Unset (always, outside the tests),
    :meth:`reach` does nothing.
    """

    def __init__(self, path: str | None = None):
        path = os.environ.get(CUT_ENV) if path is None else path
        self.path = Path(path) if path else None

    def reach(self, step: str, child_pid: int | None = None) -> None:
        if self.path is None:
            return
        try:
            spec = self.path.read_text(encoding="utf-8").strip()
        except OSError:
            return
        wanted, _sep, mode = spec.partition(":")
        if wanted != step:
            return
        self.path.unlink(missing_ok=True)
        if child_pid and mode != "alone":
            with contextlib.suppress(OSError):
                os.kill(child_pid, signal.SIGKILL)
        os.kill(os.getpid(), signal.SIGKILL)
