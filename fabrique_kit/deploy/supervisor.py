"""The supervisor: what the systemd unit runs (``fabrique service run ROOT``).

It runs the kit (``fabrique run ROOT/current``) as a child process, checks its health
(``GET /api/health``), restarts it when it crashes or hangs, and carries out the
deployments: switch ``current`` to the new version, restart the kit, check its health,
and go back to the last known-good version by itself when the new one does not start,
or when any version crash-loops after any start (not only after a deployment).
A power cut at any step is repaired at the next start (deploy/recovery.py): leftovers
removed, the orphaned kit stopped, no stale "running" status, the version that runs
then checked like a new one.

It also serves the deploy API (``/api/deploy``) on its own small web server (port of
the kit + 1, 8001 by default), so that a kit whose script is broken can still receive
a corrected version. It tells systemd it is ready (``READY=1``) and alive
(``WATCHDOG=1``).

Example::

    Supervisor("/home/pi/fabrique-service", port=8000).run()     # until SIGTERM
"""

from __future__ import annotations

import collections
import logging
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

from fabrique_kit.deploy.probes import config_port, health_ok, install_signals, restore_signals
from fabrique_kit.deploy.recovery import CutPoints, forget_child, recover, remember_child
from fabrique_kit.deploy.requests_file import DeployBoard
from fabrique_kit.deploy.sdnotify import Notifier
from fabrique_kit.deploy.versions import ServiceRoot
from fabrique_kit.errors import FabriqueError
from fabrique_kit.i18n import _
from fabrique_kit.net.answers import both_languages

log = logging.getLogger(__name__)

HEALTH_TIMEOUT = 60.0  # seconds a new version has to answer /api/health (a Pi 3 is slow)
HEALTH_EVERY = 20.0  # seconds between two health checks of the running kit
HEALTH_FAILURES = 3  # failed checks in a row before the kit is restarted
STOP_TIMEOUT = 10.0  # seconds the kit has to stop after SIGTERM
PROBATION = 120.0  # a freshly deployed version that crashes within this time is rolled back
LOG_LINES = 30  # lines of the kit's output kept for the deployment's status
CRASH_LOOP = 3  # crashes in a row, each soon after a start, that make a crash loop


def _both(text) -> dict:
    """``{"message", "message_en"}`` from ``text``, a ``lambda: _("...")``."""
    fr, en = both_languages(text)
    return {"message": fr, "message_en": en}


class Supervisor:
    """Run and watch the kit of a service folder (see the module's docstring)."""

    def __init__(
        self,
        root: str | Path,
        *,
        port: int | None = None,
        host: str = "0.0.0.0",
        deploy_port: int | None = None,
        deploy_host: str | None = None,
        kit_args: list[str] | tuple[str, ...] = (),
        health_timeout: float = HEALTH_TIMEOUT,
        health_every: float = HEALTH_EVERY,
        probation: float = PROBATION,
        python: str = sys.executable,
        notifier: Notifier | None = None,
        poll_every: float = 0.3,
        crash_backoff: float = 2.0,
    ):
        self.service = ServiceRoot(root)
        self.board = DeployBoard(self.service)
        self.port = port if port is not None else config_port(self.service.current_link)
        self.host = host
        self.deploy_port = deploy_port if deploy_port is not None else self.port + 1
        self.deploy_host = deploy_host or host
        self.kit_args = list(kit_args)
        self.health_timeout = health_timeout
        self.health_every = health_every
        self.probation = probation
        self.python = python
        self.notifier = notifier or Notifier()
        self.output: collections.deque[str] = collections.deque(maxlen=LOG_LINES)
        self.child: subprocess.Popen | None = None
        self._started_at = 0.0
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._server = None
        self._crashes = 0
        self._deployed_at: float | None = None
        self._last_ping = 0.0
        self.poll_every = poll_every  # seconds between two health questions while starting
        self.crash_backoff = crash_backoff  # first wait after a crash (doubles, at most 60 s)
        self._young_crashes = 0  # crashes in a row, each within the probation of a start
        self.cuts = CutPoints()

    # -- the kit as a child process ----------------------------------------------
    @property
    def health_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api/health"

    def command(self) -> list[str]:
        host = self.host
        return [self.python, "-m", "fabrique_kit", "run", str(self.service.current_link),
                "--port", str(self.port), "--host", host, *self.kit_args]

    def start_child(self) -> None:
        env = {k: v for k, v in os.environ.items() if k not in ("NOTIFY_SOCKET", "WATCHDOG_USEC", "WATCHDOG_PID")}
        env.update(FABRIQUE_SERVICE_ROOT=str(self.service.root), FABRIQUE_SUPERVISOR_PID=str(os.getpid()),
                   PYTHONUNBUFFERED="1")
        self.output.clear()
        self.child = subprocess.Popen(
            self.command(), cwd=str(self.service.root), env=env, stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, text=True, errors="replace",
        )
        self._started_at = time.monotonic()
        remember_child(self.service, self.child.pid)
        threading.Thread(target=self._copy_output, args=(self.child,), daemon=True, name="kit-output").start()
        log.info("kit started (pid %s): %s", self.child.pid, " ".join(self.command()))

    def _copy_output(self, child: subprocess.Popen[str]) -> None:
        if child.stdout is None:  # cannot happen: start_child() opens it as a pipe
            return
        for line in child.stdout:
            self.output.append(line.rstrip("\n"))
            sys.stdout.write(line)  # into the journal (journalctl -u fabrique)
        sys.stdout.flush()
        if child is self.child:
            self._wake.set()  # its output ended: it stopped; the loop sees it at once

    def stop_child(self) -> None:
        child, self.child = self.child, None
        if child is None or child.poll() is not None:
            forget_child(self.service)
            return
        child.terminate()
        try:
            child.wait(STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait(STOP_TIMEOUT)
        forget_child(self.service)

    def child_alive(self) -> bool:
        return self.child is not None and self.child.poll() is None

    def wait_healthy(self, timeout: float | None = None) -> tuple[bool, dict]:
        """Wait until the kit answers its health check; ``(ok, reason)`` (reason: messages)."""
        deadline = time.monotonic() + (self.health_timeout if timeout is None else timeout)
        while not self._stop.is_set():
            if not self.child_alive():
                code = self.child.poll() if self.child is not None else None
                return False, _both(lambda code=code: _("Le kit s'est arrêté au démarrage (code {code}).", code=code))
            self._ping()
            if health_ok(self.health_url):
                return True, {}
            if time.monotonic() > deadline:
                return False, _both(lambda: _("Le kit ne répond pas à /api/health après {seconds} s.",
                                    seconds=int(self.health_timeout if timeout is None else timeout)))
            self._stop.wait(self.poll_every)
        return False, _both(lambda: _("Le service s'arrête."))

    def _ping(self) -> None:
        """WATCHDOG=1, at most once a second (also during long deployments)."""
        if time.monotonic() - self._last_ping >= 1.0:
            self._last_ping = time.monotonic()
            self.notifier.watchdog()

    def restart_child(self, step: str = "") -> tuple[bool, dict]:
        self.stop_child()
        self.cuts.reach(f"{step}stopped")
        self.start_child()
        self.cuts.reach(f"{step}started", self.child.pid if self.child else None)
        return self.wait_healthy()

    def _cut(self, step: str) -> None:
        self.cuts.reach(step, self.child.pid if self.child is not None else None)

    # -- deployments -----------------------------------------------------------------
    def handle(self, request: dict) -> dict:
        """Carry out a request of the board (``deploy`` or ``rollback``); returns the status."""
        action = request.get("action")
        was = self.service.current()
        target: int | None
        self._cut("taken")
        if action == "deploy":
            target = int(request["version"])
        else:
            target = self._rollback_target(was)
            if target is None:
                return self.board.set_status(request["id"], "failed", action=action, version=was,
                                             **_both(lambda: _("Aucune version précédente sur ce kit.")))
        self.board.set_status(request["id"], "running", action=action, version=target, previous=was)
        self._cut("running")
        try:
            with self.service.locked():
                self.service.switch(target)
        except Exception as error:  # the version vanished, a disk problem
            log.exception("switch to version %s failed", target)
            detail = str(error)
            return self.board.set_status(request["id"], "failed", action=action, version=was,
                                         **_both(lambda: _("Impossible de passer à la version {n} : {error}",
                                                 n=target, error=detail)))
        self._cut("switched")
        ok, reason = self.restart_child()
        if ok:
            self._cut("healthy")
            self.board.remember(target)
            self._cut("remembered")
            if action == "rollback" and was is not None:
                self.board.forget(was)
            self._deployed_at = time.monotonic()
            removed = self.service.prune(keep_also=(self.board.last_good(self.service.versions(),
                                                                         besides=target),),
                                         failed=tuple(self.board.failed()))
            self._cut("pruned")
            self._crashes = self._young_crashes = 0
            return self.board.set_status(request["id"], "ok", action=action, version=target, previous=was,
                                         removed=removed, **_both(lambda: _("Version {n} en service.", n=target)))
        lines = list(self.output)
        if action == "deploy" or target not in self.board.history():
            self.board.mark_failed(target)  # a known-good one that did not start this once stays good
        back_to = was if was is not None and was not in self.board.failed() else \
            self.board.last_good(self.service.versions(), besides=target)
        if back_to is None:
            return self.board.set_status(request["id"], "failed", action=action, version=target, log=lines, **reason)
        with self.service.locked():
            self.service.switch(back_to)
        self._cut("back")
        back, _reason = self.restart_child("back-")
        if back:
            self.board.remember(back_to)
        texts = _both(lambda: _(
            "La version {n} n'a pas démarré : retour à la version {previous}.", n=target, previous=back_to
        )) if back else _both(lambda: _(
            "La version {n} n'a pas démarré et la version {previous} non plus.", n=target, previous=back_to
        ))
        return self.board.set_status(
            request["id"], "rolled_back" if back else "failed", action=action, version=back_to, failed=target,
            reason=reason.get("message"), reason_en=reason.get("message_en"), log=lines, **texts,
        )

    def _rollback_target(self, current: int | None) -> int | None:
        """The last known-good version other than ``current``; never one that failed."""
        installed = self.service.versions()
        good = self.board.last_good(installed, besides=current)
        if good is not None:
            return good
        failed = set(self.board.failed())
        older = [n for n in installed if n not in failed and (current is None or n < current)]
        return older[-1] if older else None

    # -- the main loop ---------------------------------------------------------------
    def wake(self) -> None:
        """Look at the board now (called by the deploy API or SIGUSR1)."""
        self._wake.set()

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()

    def serve_deploy_api(self):
        """Start the supervisor's own small web server for ``/api/deploy``."""
        from fabrique_kit.deploy.api import deploy_app
        from fabrique_kit.deploy.server import SmallServer

        app = deploy_app(self.service, wake=self.wake, health=self._health)
        self._server = SmallServer(app, self.deploy_host, self.deploy_port).start()
        self.deploy_port = self._server.port
        return self._server

    def _health(self) -> dict:
        child = self.child
        return {"ok": True, "kit_running": self.child_alive(), "kit_pid": child.pid if child else None,
                "version": self.service.current()}

    def run(self) -> None:
        """Run until SIGTERM or SIGINT (or :meth:`stop` from another thread)."""
        previous = install_signals(self)
        try:
            found = recover(self.service, self.board)
            if any(found.values()):
                log.warning("after a cut: %s", found)
            self.serve_deploy_api()
            self._first_start()
            self.notifier.ready(status=f"version {self.service.current()}")
            self._loop()
        finally:
            self.notifier.stopping()
            self.stop_child()
            if self._server is not None:
                self._server.stop()
            restore_signals(previous)

    def _first_start(self) -> None:
        """Start the current version; one that never proved itself is on probation, and
        goes back to the last known-good version if it does not start."""
        current = self.service.current()
        proven = current in self.board.history() and current not in self.board.failed()
        self.start_child()
        ok, reason = self.wait_healthy()
        if ok and current is not None:
            if not proven:
                self._deployed_at = time.monotonic()  # crashes soon: back to the known-good one
            self.board.remember(current)
            return
        log.warning("kit unhealthy at start: %s", reason.get("message_en"))
        good = self.board.last_good(self.service.versions(), besides=current)
        if proven or good is None or current is None:
            return  # a known-good version: keep trying it (the loop restarts it)
        self.board.mark_failed(current)
        with self.service.locked():
            self.service.switch(good)
        self.restart_child()

    def _loop(self) -> None:
        tick = min(self.notifier.interval or 5.0, 5.0, self.health_every)
        last_check = time.monotonic()
        failures = 0
        while not self._stop.is_set():
            self._wake.wait(tick)
            self._wake.clear()
            if self._stop.is_set():
                break
            self._ping()
            request = self.board.take()
            if request is not None:
                self.handle(request)
                failures = 0
                continue
            if not self.child_alive():
                self._after_crash()
                failures = 0
                continue
            if time.monotonic() - last_check >= self.health_every:
                last_check = time.monotonic()
                failures = 0 if health_ok(self.health_url) else failures + 1
                if failures >= HEALTH_FAILURES:
                    log.warning("kit does not answer its health check: restarting it")
                    self.restart_child()
                    failures = 0

    def _after_crash(self) -> None:
        code = self.child.poll() if self.child is not None else None
        log.warning("kit stopped (code %s)", code)
        now = time.monotonic()
        young = now - self._started_at < self.probation
        self._young_crashes = self._young_crashes + 1 if young else 0
        fresh = self._deployed_at is not None and now - self._deployed_at < self.probation
        current = self.service.current()
        good = self.board.last_good(self.service.versions(), besides=current)
        if good is not None and current is not None and (fresh or self._young_crashes >= CRASH_LOOP):
            log.warning("version %s crash-loops: back to version %s", current, good)
            self._deployed_at = None
            self.board.mark_failed(current)
            self.handle({"id": "auto", "action": "rollback"})
            return
        self._crashes = self._crashes + 1 if now - self._started_at < 300 else 1
        resume = time.monotonic() + min(60.0, self.crash_backoff * 2.0 ** min(self._crashes - 1, 5))
        while time.monotonic() < resume:
            if self._stop.wait(min(5.0, max(0.0, resume - time.monotonic()))):
                return
            self._ping()
        self.start_child()


def run_service(root: str | Path, *, port: int | None = None, host: str = "0.0.0.0",
                deploy_port: int | None = None, health_timeout: float | None = None,
                kit_args: list[str] | None = None) -> None:
    """What ``fabrique service run ROOT`` does: check the service folder, then supervise it.

    Example: ``run_service("/home/pi/fabrique-service", port=8000)``     # until SIGTERM
    """
    logging.basicConfig(level=logging.INFO, format="%(name)s: %(message)s")
    if ServiceRoot(root).current() is None:
        raise FabriqueError(_("{path} n'est pas un dossier de service (pas de version « current »).", path=root),
                            hint=_("Créez-le avec « fabrique service install mon-afficheur »."))
    Supervisor(root, port=port, host=host, deploy_port=deploy_port, kit_args=list(kit_args or []),
               health_timeout=health_timeout or HEALTH_TIMEOUT).run()
