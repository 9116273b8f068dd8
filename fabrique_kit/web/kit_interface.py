"""What the web app asks of a kit: the :class:`KitForWeb` protocol.

The kit hands ``create_app`` its :class:`fabrique_kit.kit.web_side.KitWebInterface`;
the web tests hand it a fake with the same names. The web app never sees a ``Kit``.

Example::

    app = create_app(kit.web)          # a KitForWeb
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from fabrique_kit.actions import Actions
from fabrique_kit.state import State


class KitForWeb(Protocol):
    """The names the pages, the API and the admin use (see ``docs/web.md``)."""

    state: State
    actions: Actions
    data_dir: Path

    @property
    def name(self) -> str: ...

    @property
    def place(self) -> str: ...

    @property
    def simulated(self) -> bool: ...

    @property
    def lang(self) -> str: ...

    @property
    def site_key(self) -> str | None: ...

    @property
    def frame_number(self) -> int: ...

    def info(self) -> dict: ...

    def frame_png(self) -> bytes | None: ...

    def wait_frame(self, since: int, timeout: float) -> int: ...

    def controls(self) -> list[dict]: ...

    def press(self, control_id: str) -> None: ...

    def release(self, control_id: str) -> None: ...

    def set_value(self, control_id: str, value: float) -> None: ...

    def press_key(self, name: str) -> None: ...

    def status(self) -> dict: ...

    def counters(self) -> list[str]: ...

    def stats_csv(self, name: str) -> str: ...

    def semainier_document(self) -> dict | None: ...

    def save_semainier(self, document: dict) -> None: ...
