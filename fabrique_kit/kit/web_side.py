"""What the kit's web app sees of a kit: :class:`KitWebInterface`, the one object
``create_app`` receives (see :class:`fabrique_kit.web.kit_interface.KitForWeb`).

A beginner's script never needs it; tests and tools reach it as ``kit.web``.

Example::

    app = create_app(kit.web)
    kit.web.press("ticket")               # a simulated button, as the preview page does
    kit.web.wait_frame(since=3, timeout=5)
"""

from __future__ import annotations

import io
import json
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING

from fabrique_kit.errors import FabriqueError
from fabrique_kit.i18n import _

if TYPE_CHECKING:
    from fabrique_kit.kit.facade import Kit
    from fabrique_kit.kit.parts import KitParts


class KitWebInterface:
    """The kit as its web app, API and tools see it: frames, simulated inputs, status,
    the schedule document and the counters' statistics."""

    def __init__(self, kit: Kit, parts: KitParts):
        self._kit, self._parts = kit, parts
        self.state, self.actions = kit.state, kit.actions
        self.data_dir, self.project_dir = kit.data_dir, kit.project_dir
        self._setup_code: str | None = None  # the first-run code, shown on the hall screen only
        self._shown_code: str | None = None
        self._public_png: tuple[int, bytes] | None = None

    # -- who the kit is ------------------------------------------------------------
    @property
    def name(self) -> str:
        return self._kit.name

    @property
    def place(self) -> str:
        return self._kit.place

    @property
    def template(self) -> str:
        return self._kit.template

    @property
    def simulated(self) -> bool:
        return self._kit.simulated

    @property
    def lang(self) -> str:
        return self._kit.lang

    @property
    def site_key(self) -> str | None:
        return self._kit.site_key

    def info(self) -> dict:
        """What the kit says about itself to other kits (never a secret)."""
        return self._kit.info()

    # -- frames ----------------------------------------------------------------------
    @property
    def frame_number(self) -> int:
        """The latest frame's number (0 before the first)."""
        return self._parts.frames.number

    def frame_png(self) -> bytes | None:
        """The latest frame as PNG bytes (for the web page), or None before the first."""
        return self._parts.frames.png()

    def latest_frame(self):
        """The latest :class:`~fabrique_kit.screen.Frame` (image and display list), or None."""
        return self._parts.frames.latest

    def wait_frame(self, since: int, timeout: float) -> int:
        """Wait until a frame newer than ``since`` exists (or ``timeout``); return its number."""
        return self._parts.frames.wait(since, timeout)

    # -- simulated inputs --------------------------------------------------------------
    def controls(self) -> list[dict]:
        """The simulated inputs, for the preview page (none before a device is declared)."""
        devices = self._parts.devices
        return devices.controls() if devices is not None else []

    def press(self, control_id: str) -> None:
        self._kit.devices.press(control_id)

    def release(self, control_id: str) -> None:
        self._kit.devices.release(control_id)

    def set_value(self, control_id: str, value: float) -> None:
        self._kit.devices.set_value(control_id, value)

    def press_key(self, name: str) -> None:
        """Press and release a key (from the preview page)."""
        self._kit.devices.keys.tap(name)

    # -- status, schedule, counters ------------------------------------------------------
    def status(self) -> dict:
        """Ages and errors of the values, peers and simulation, for the preview page."""
        now = self._kit.clock.now()
        values = {
            name: {"age_s": round(v.age(now)), "error": v.error, "owner": v.owner}
            for name, v in self.state.snapshot().items()
        }
        presence = self._parts.presence
        peers = [p.as_dict() for p in presence.peers.all()] if presence is not None else []
        return {
            "name": self.name,
            "place": self.place,
            "simulated": self.simulated,
            "version": self.state.version,
            "values": values,
            "peers": peers,
        }

    def counters(self) -> list[str]:
        """The names of the kit's waiting counters."""
        return sorted(self._parts.sources.counters)

    def stats_csv(self, name: str) -> str:
        """The anonymous statistics of the counter ``name`` as CSV text."""
        from fabrique_kit.sources.counters import stats, write_csv

        buffer = io.StringIO()
        write_csv(stats(self._parts.sources.counters[name]), buffer)
        return buffer.getvalue()

    def request_kinds(self, name: str) -> tuple[str, ...]:
        """The kinds of request a person turned away at counter ``name`` may be noted with."""
        return tuple(getattr(self._parts.sources.counters[name], "request_kinds", ()))

    def bilan(self, year: int, month: int | None = None):
        """The yearly (or monthly) figures of every counter of this kit (a counters' ``Bilan``).

        Example: ``kit.web.bilan(2026).total().turned_away_share``
        """
        from fabrique_kit.sources.counters.bilan import compute

        files = [counter.db_path for _name, counter in sorted(self._parts.sources.counters.items())]
        return compute(files, year, month, today=self._kit.clock.now().date())

    def semainier_document(self) -> dict | None:
        """The schedule file as a JSON document, or None when the kit has none."""
        source = self._parts.sources.get("semainier")
        if source is None:
            return None
        from fabrique_kit.errors import DataError
        from fabrique_kit.sources.semainier.validate import json_problem

        path = Path(source.path)
        try:
            return json.loads(path.read_text(encoding="utf-8").removeprefix("\ufeff"))
        except json.JSONDecodeError as error:  # located: « ligne 20, colonne 11, … »
            raise DataError(problems=[json_problem(error, path.name)]) from None
        except (OSError, UnicodeDecodeError):
            raise DataError(_("Le fichier {name} ne peut pas être lu.", name=path.name)) from None

    def save_semainier(self, document: dict) -> None:
        """Check and save ``document`` as the schedule file, then show it."""
        from fabrique_kit.sources.semainier import save_semainier

        source = self._parts.sources.get("semainier")
        if source is None:
            raise FabriqueError(_("Ce kit n'a pas de semainier."))
        save_semainier(source.path, document)
        source.refresh(self.state)

    def semainier_place(self) -> str | None:
        """The place of the file this kit shows (``[semainier] lieu``, else the kit's place)."""
        source = self._parts.sources.get("semainier")
        return getattr(source, "place", None) or self.place

    def semainier_previous(self) -> dict | None:
        """The schedule as it was before the last save (its ``.bak``), or None."""
        from fabrique_kit.sources.semainier.edit import previous_version

        source = self._parts.sources.get("semainier")
        return previous_version(source.path) if source is not None else None

    # -- previews for the admin pages (see kit/previews.py) ----------------------------
    def day_preview(self, day, document: dict | None = None):
        """The hall screen on ``day`` (a frame with its display list), drawn aside; with
        ``document``, as it would be once that semainier is saved (DataError if refused)."""
        from fabrique_kit.kit.previews import day_frame

        draft = None if document is None else json.dumps(document, ensure_ascii=False, indent=2) + "\n"
        return day_frame(self._kit, self._parts, day, draft=draft)

    def message_preview(self, text: str, kind: str = "information"):
        """The hall screen now with ``text`` in the banner (nothing is posted)."""
        from fabrique_kit.kit.previews import message_frame

        return message_frame(self._kit, self._parts, {"text": text, "kind": kind})

    def message_fit(self, text: str, kind: str = "information") -> dict:
        """How much of ``text`` the hall banner shows: ``{"visible", "total", "capacity"}``."""
        from fabrique_kit.kit.previews import banner_capacity, visible_characters

        text = " ".join(str(text).split())
        return {"visible": visible_characters(self._kit, self._parts, text, kind), "total": len(text),
                "capacity": banner_capacity(self._kit, self._parts)}

    @property
    def screen_size(self) -> tuple[int, int]:
        """The hall screen's size in pixels."""
        return tuple(self._kit.options.size or self._kit.config.screen.size)  # type: ignore[return-value]

    # -- first run: the setup invitation on the hall screen ------------------------------
    def note_setup(self, code: str | None) -> None:
        """While no PIN is chosen (``code`` given), the hall screen shows where and with which
        code to choose it; None once a PIN exists. The code never enters the state (public)."""
        self._setup_code = code
        if code and self._kit.port is None:  # the web server is starting: its port comes next
            threading.Thread(target=self._note_when_listening, args=(code,), daemon=True,
                             name="fabrique-installation").start()
            return
        previous = self.state.get(SETUP_STATE) or {}
        serial = int(previous.get("serial", 0)) + (1 if code != self._shown_code else 0)
        self._shown_code = code
        self.state.set(SETUP_STATE, {"pending": True, "serial": serial} if code else None)

    def _note_when_listening(self, code: str) -> None:
        deadline = time.monotonic() + 30
        while self._kit.port is None and time.monotonic() < deadline and not self._parts.stop.is_set():
            time.sleep(0.05)
        if self._kit.port is not None and self._setup_code == code:
            self.note_setup(code)

    def setup_invitation(self) -> tuple[str, str] | None:
        """``(address, code)`` to show on the hall screen, or None (read through the state)."""
        if not self.state.get(SETUP_STATE) or not self._setup_code:
            return None
        address = self.public_address()
        if address is None:  # a kit that only its own computer can reach: no phone could use it
            return None
        return f"{address}/admin/premier-code", str(self._setup_code)

    def public_address(self) -> str | None:
        """The address a phone on the same network uses to reach this kit, or None when the
        web app listens only on the kit's own loopback (``[web] adresse = "127.0.0.1"``)."""
        server = self._parts.web_server
        port = self._kit.port or (server.port if server is not None else 8000)
        host = getattr(server, "host", "127.0.0.1") or "0.0.0.0"
        if host in ("0.0.0.0", "::", ""):
            from fabrique_kit.net.addresses import local_ipv4_addresses

            addresses = local_ipv4_addresses()
            if not addresses:  # an offline laptop, a Pi before its Wi-Fi: no phone can reach it yet
                return None
            host = addresses[0]
        if host.startswith("127.") or host in ("localhost", "::1"):
            return None
        return f"http://{host}:{port}"

    def public_frame_png(self) -> bytes | None:
        """The latest frame for other devices: the setup invitation (its code) is hidden.

        The hall screen itself (its outputs, and the kiosk browser on the kit) shows it whole.
        """
        frame = self._parts.frames.latest
        if frame is None:
            return None
        hidden = [item.block for item in (frame.display.items if frame.display else [])
                  if item.role.startswith("setup.")]
        if not hidden:
            return frame.png()
        cached = self._public_png
        if cached is not None and cached[0] == frame.number:
            return cached[1]
        from PIL import ImageDraw

        from fabrique_kit.screen.renderer import rotate_box

        renderer = self._kit.renderer
        picture = frame.image.copy()
        pen = ImageDraw.Draw(picture)
        for box in set(hidden):
            pen.rectangle(rotate_box(box, renderer.rotation, renderer.logical_size), fill=(90, 90, 90))
        buffer = io.BytesIO()
        picture.save(buffer, "PNG", compress_level=1)
        self._public_png = (frame.number, buffer.getvalue())
        return self._public_png[1]


SETUP_STATE = "installation"
"""The state value that says a first PIN is still to be chosen (no code inside)."""


def add_setup_invitation(kit, screen) -> None:
    """Add the first-run invitation (QR code, address, code) to the hall screen when needed.

    Example: ``add_setup_invitation(kit, screen)`` (the kit does it after every drawing)
    """
    invitation = kit.web.setup_invitation()
    if invitation is not None:
        from fabrique_kit.screen.widgets.setup_invitation import SetupInvitation

        screen.add(SetupInvitation(*invitation))
