"""The deployment requests and their status, as small JSON files in ``root/deploy/``.

The web side (the deploy API) writes ``request.json`` and wakes the supervisor; the
supervisor does the work and writes ``status.json``, which the API serves. Files make
the hand-over survive a restart of either side, and any process can read them. Each is
replaced in one step (``write_json_atomically``): a power cut leaves the old or the new one.

Example::

    board = DeployBoard(ServiceRoot("/home/pi/fabrique-service"))
    ask = board.ask("deploy", version=4)     # {"id": "…", "action": "deploy", "version": 4}
    board.take()                              # the supervisor takes it (and removes it)
    board.set_status(ask["id"], "ok", version=4)
"""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime
from pathlib import Path

from fabrique_kit.deploy.versions import ServiceRoot
from fabrique_kit.files import write_json_atomically


def read_json(path: Path) -> dict | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


class DeployBoard:
    """Requests to the supervisor and the status of the last one."""

    def __init__(self, service: ServiceRoot):
        self.service = service

    @property
    def request_path(self) -> Path:
        return self.service.deploy_dir / "request.json"

    @property
    def status_path(self) -> Path:
        return self.service.deploy_dir / "status.json"

    @property
    def history_path(self) -> Path:
        return self.service.deploy_dir / "history.json"

    def pending(self) -> dict | None:
        """The request waiting for the supervisor, or None."""
        return read_json(self.request_path)

    def busy(self) -> bool:
        status = self.status() or {}
        return self.pending() is not None or status.get("state") in ("pending", "running")

    def ask(self, action: str, **details) -> dict:
        """Leave a request for the supervisor (``"deploy"`` or ``"rollback"``)."""
        request = {"id": uuid.uuid4().hex[:12], "action": action, **details}
        write_json_atomically(self.request_path, request)
        self.set_status(request["id"], "pending", action=action, **details)
        return request

    def take(self) -> dict | None:
        """The waiting request, removed from the board (the supervisor calls this)."""
        request = self.pending()
        if request is not None:
            self.request_path.unlink(missing_ok=True)
        return request

    def status(self) -> dict | None:
        return read_json(self.status_path)

    def set_status(self, request_id: str, state: str, **details) -> dict:
        status = {"id": request_id, "state": state, "time": datetime.now(UTC).isoformat(), **details}
        write_json_atomically(self.status_path, status)
        return status

    def history(self) -> list[int]:
        """The versions that ran healthy, in order (the last one is the current one)."""
        data = read_json(self.history_path) or {}
        return [n for n in data.get("versions", []) if isinstance(n, int) and not isinstance(n, bool)]

    def failed(self) -> list[int]:
        """The versions that did not start or crash-looped: never chosen again by a rollback."""
        data = read_json(self.history_path) or {}
        return [n for n in data.get("failed", []) if isinstance(n, int) and not isinstance(n, bool)]

    def _write(self, versions: list[int], failed: list[int]) -> None:
        write_json_atomically(self.history_path, {"versions": versions[-50:], "failed": failed[-50:]})

    def remember(self, number: int) -> None:
        """Note ``number`` as known-good (it answered its health check)."""
        self._write([n for n in self.history() if n != number] + [number],
                    [n for n in self.failed() if n != number])

    def forget(self, number: int) -> None:
        self._write([n for n in self.history() if n != number], self.failed())

    def mark_failed(self, number: int) -> None:
        """Note ``number`` as failed: out of the known-good versions, never a rollback target."""
        self._write([n for n in self.history() if n != number],
                    [n for n in self.failed() if n != number] + [number])

    def last_good(self, installed: list[int], *, besides: int | None = None) -> int | None:
        """The newest known-good version still installed (other than ``besides``), or None.

        Example: ``board.last_good(service.versions(), besides=service.current())`` → ``3``
        """
        failed = set(self.failed())
        good = [n for n in self.history() if n in installed and n not in failed and n != besides]
        return good[-1] if good else None
