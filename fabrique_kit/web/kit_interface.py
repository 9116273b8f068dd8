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


class KitPreviews(Protocol):
    """What the admin pages use when the kit offers it (a real kit does; the pages check
    with ``hasattr`` and do without): previews drawn aside, the first-run invitation,
    the counters' request kinds and bilan. See ``kit/web_side.py``."""

    screen_size: tuple[int, int]

    def day_preview(self, day, document: dict | None = None): ...

    def message_preview(self, text: str, kind: str = "information"): ...

    def message_fit(self, text: str, kind: str = "information") -> dict: ...

    def semainier_place(self) -> str | None: ...

    def note_setup(self, code: str | None) -> None: ...

    def setup_invitation(self) -> tuple[str, str] | None: ...

    def public_frame_png(self) -> bytes | None: ...

    def request_kinds(self, name: str) -> tuple[str, ...]: ...

    def bilan(self, year: int, month: int | None = None): ...
