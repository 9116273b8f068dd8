"""The native screen output: the kit's frame full screen in a Wayland desktop, no browser.

On Raspberry Pi OS with its desktop (labwc, Wayfire), the hall screen used to be a
Chromium kiosk of ``/kiosk``: about 400 MB for one picture. :class:`WaylandOutput` is a
small Wayland client (:mod:`~fabrique_kit.screen.outputs.wayland_wire`) that opens one
full-screen window and copies into shared memory only the boxes of the frame that
changed. It hides the mouse pointer, asks the compositor not to blank the screen
(idle-inhibit), and when the compositor restarts or the screen is unplugged and plugged
back, it connects again and shows the last frame.

A thread waits on the compositor's socket for its few messages (ping, new size); it
sleeps while nothing happens. While the compositor is gone it tries again every
``retry_every`` seconds.

Example::

    output = WaylandOutput()          # $WAYLAND_DISPLAY of the desktop session
    output.show(frame)                # frame.dirty boxes only, after the first
    output.close()
"""

from __future__ import annotations

import logging
import mmap
import os
import select
import threading
from dataclasses import dataclass, field

from PIL import Image, ImageOps

from fabrique_kit.errors import HardwareError
from fabrique_kit.i18n import _
from fabrique_kit.screen.outputs.wayland_wire import DISPLAY, Connection, WaylandError, decode

log = logging.getLogger(__name__)
XRGB8888 = 1  # wl_shm formats: bytes B, G, R, x in memory (every compositor has it)
XBGR8888 = 0x34324258  # bytes R, G, B, x: Pillow writes it directly ("RGBX", x = 255)
Box = tuple[int, int, int, int]


@dataclass
class _Buffer:
    """One picture in the shared memory; the compositor gives it back (release) after use."""

    object_id: int
    offset: int
    free: bool = True
    stale: list[Box] = field(default_factory=list)  # boxes changed since it last held a frame


class _Window:
    """The objects of one connection: surface, full-screen toplevel, buffers."""

    def __init__(self, wire: Connection, app_id: str, title: str):
        self.wire = wire
        self.size: tuple[int, int] | None = None
        self.pending_size: tuple[int, int] = (0, 0)
        self.configured = threading.Event()
        self.resized = False
        self.globals: dict[str, tuple[int, int]] = {}
        self.buffers: list[_Buffer] = []
        self.memory: mmap.mmap | None = None
        self.pool = 0
        self.stride = 0
        registry = wire.new_id(self._on_registry)
        wire.request(DISPLAY, 1, "n", registry)  # wl_display.get_registry
        wire.roundtrip()
        missing = [n for n in ("wl_compositor", "wl_shm", "xdg_wm_base") if n not in self.globals]
        if missing:
            raise WaylandError(f"the compositor lacks {', '.join(missing)}")
        self.registry = registry
        self.output_size: tuple[int, int] | None = None  # the screen's current mode
        if "wl_output" in self.globals:
            self._bind("wl_output", 2, self._on_output)
        compositor = self._bind("wl_compositor", 4)
        self.formats: set[int] = set()
        self.shm = self._bind("wl_shm", 1, lambda opcode, payload: self.formats.add(decode("u", payload)[0]))
        self.wm_base = self._bind("xdg_wm_base", 1, self._on_wm_base)
        self.surface = wire.new_id()
        wire.request(compositor, 0, "n", self.surface)  # wl_compositor.create_surface
        self.xdg_surface = wire.new_id(self._on_xdg_surface)
        wire.request(self.wm_base, 2, "nn", self.xdg_surface, self.surface)  # get_xdg_surface
        self.toplevel = wire.new_id(self._on_toplevel)
        wire.request(self.xdg_surface, 1, "n", self.toplevel)  # get_toplevel
        wire.request(self.toplevel, 2, "s", title)  # set_title
        wire.request(self.toplevel, 3, "s", app_id)  # set_app_id
        wire.request(self.toplevel, 11, "n", 0)  # set_fullscreen, on the output the compositor picks
        if "zwp_idle_inhibit_manager_v1" in self.globals:  # the screen must not blank
            inhibitors = self._bind("zwp_idle_inhibit_manager_v1", 1)
            wire.request(inhibitors, 1, "nn", wire.new_id(), self.surface)  # create_inhibitor
        if "wl_seat" in self.globals:
            self.seat = self._bind("wl_seat", 1, self._on_seat)
        wire.request(self.surface, 6)  # commit, without a picture: asks for the first configure
        wire.roundtrip()
        # the x byte must be 255: some compositors and screenshots read it as opacity
        self.format, self.packing = (XBGR8888, "RGBX") if XBGR8888 in self.formats else (XRGB8888, "BGRA")

    def _bind(self, interface: str, version: int, handler=None) -> int:
        name, offered = self.globals[interface]
        object_id = self.wire.new_id(handler)
        self.wire.request(self.registry, 0, "usun", name, interface, min(version, offered), object_id)
        return object_id

    # -- events ------------------------------------------------------------------------
    def _on_registry(self, opcode: int, payload: bytes) -> None:
        if opcode == 0:  # global: name, interface, version
            name, interface, version = decode("usu", payload)
            self.globals[interface] = (name, version)

    def _on_wm_base(self, opcode: int, payload: bytes) -> None:
        if opcode == 0:  # ping: answer, or the compositor thinks the kit hangs
            self.wire.request(self.wm_base, 3, "u", decode("u", payload)[0])

    def _on_toplevel(self, opcode: int, payload: bytes) -> None:
        if opcode == 0:  # configure: width, height, states
            width, height, _states = decode("iia", payload)
            self.pending_size = (width, height)

    def _on_xdg_surface(self, opcode: int, payload: bytes) -> None:
        if opcode == 0:  # configure: acknowledge, then the size is ours
            self.wire.request(self.xdg_surface, 4, "u", decode("u", payload)[0])
            width, height = self.pending_size
            # 0 x 0: the window may choose; full screen, it takes the screen's size
            size = (width, height) if width > 0 and height > 0 else (self.size or self.output_size or (1920, 1080))
            if size != self.size:
                self.size, self.resized = size, True
            self.configured.set()

    def _on_output(self, opcode: int, payload: bytes) -> None:
        if opcode == 1:  # mode: flags, width, height, refresh; flag 1 = the current mode
            flags, width, height, _refresh = decode("uiii", payload)
            if flags & 1:
                self.output_size = (width, height)

    def _on_seat(self, opcode: int, payload: bytes) -> None:
        if opcode == 0 and decode("u", payload)[0] & 1:  # capabilities: a pointer
            pointer = self.wire.new_id(self._on_pointer)
            self.wire.request(self.seat, 0, "n", pointer)  # get_pointer
            self.pointer = pointer

    def _on_pointer(self, opcode: int, payload: bytes) -> None:
        if opcode == 0:  # enter: no cursor image over the hall screen
            self.wire.request(self.pointer, 0, "unii", decode("u", payload)[0], 0, 0, 0)

    def _on_buffer(self, buffer: _Buffer):
        def released(opcode: int, payload: bytes) -> None:
            if opcode == 0:
                buffer.free = True
        return released

    # -- pictures ----------------------------------------------------------------------
    def allocate(self) -> None:
        """Two pictures of the window's size in one shared-memory pool."""
        assert self.size is not None
        self.release_memory()
        width, height = self.size
        self.stride = width * 4
        length = self.stride * height
        fd = os.memfd_create("fabrique-ecran", os.MFD_CLOEXEC)
        try:
            os.ftruncate(fd, 2 * length)
            self.memory = mmap.mmap(fd, 2 * length)
            self.pool = self.wire.new_id()
            self.wire.request(self.shm, 0, "ni", self.pool, 2 * length, fds=(fd,))  # create_pool
        finally:
            os.close(fd)
        whole = (0, 0, width, height)
        for index in range(2):
            buffer = _Buffer(self.wire.new_id(), index * length, stale=[whole])
            self.wire.handlers[buffer.object_id] = self._on_buffer(buffer)
            self.wire.request(self.pool, 0, "niiiiu", buffer.object_id, buffer.offset, width, height,
                              self.stride, self.format)
            self.buffers.append(buffer)
        self.resized = False

    def release_memory(self) -> None:
        for buffer in self.buffers:
            self.wire.request(buffer.object_id, 0)  # wl_buffer.destroy
        if self.pool:
            self.wire.request(self.pool, 1)  # wl_shm_pool.destroy
        if self.memory is not None:
            self.memory.close()
        self.buffers, self.memory, self.pool = [], None, 0

    def draw(self, image: Image.Image, boxes: list[Box], wait: float = 1.0) -> int:
        """Copy ``boxes`` of ``image`` into a free picture and show it; the bytes copied."""
        if self.resized or not self.buffers:
            self.allocate()
        buffer = self._free_buffer(wait)
        if buffer is None:
            return 0
        for other in self.buffers:
            other.stale.extend(boxes)
        copied = 0
        assert self.memory is not None
        for x0, y0, x1, y1 in _merge(buffer.stale, image.size):
            part = image.crop((x0, y0, x1, y1))
            data = part.tobytes("raw", "RGBX") if self.packing == "RGBX" else part.convert("RGBA").tobytes("raw", "BGRA")
            row = (x1 - x0) * 4
            if row == self.stride:
                start = buffer.offset + y0 * self.stride
                self.memory[start : start + len(data)] = data
            else:
                for y in range(y1 - y0):
                    start = buffer.offset + (y0 + y) * self.stride + x0 * 4
                    self.memory[start : start + row] = data[y * row : (y + 1) * row]
            copied += len(data)
        buffer.stale, buffer.free = [], False
        self.wire.request(self.surface, 1, "nii", buffer.object_id, 0, 0)  # attach
        for x0, y0, x1, y1 in boxes:
            self.wire.request(self.surface, 9, "iiii", x0, y0, x1 - x0, y1 - y0)  # damage_buffer
        self.wire.request(self.surface, 6)  # commit
        return copied

    def _free_buffer(self, wait: float) -> _Buffer | None:
        steps = max(1, int(wait / 0.02))
        for _step in range(steps):
            for buffer in self.buffers:
                if buffer.free:
                    return buffer
            self.wire.dispatch(0.02)
        return None


def _merge(boxes: list[Box], size: tuple[int, int]) -> list[Box]:
    """The boxes inside the picture; many small ones become their bounding box."""
    width, height = size
    inside = [(max(0, a), max(0, b), min(width, c), min(height, d)) for a, b, c, d in boxes]
    inside = list(dict.fromkeys(box for box in inside if box[2] > box[0] and box[3] > box[1]))
    if (0, 0, width, height) in inside:
        return [(0, 0, width, height)]
    if len(inside) > 8:
        xs0, ys0, xs1, ys1 = zip(*inside, strict=True)
        return [(min(xs0), min(ys0), max(xs1), max(ys1))]
    return inside


class WaylandOutput:
    """Shows frames full screen in the Wayland desktop (``[ecran] sortie = "natif"``)."""

    def __init__(self, environ=None, app_id: str = "fabrique-kit", title: str = "fabrique-kit",
                 retry_every: float = 5.0, connect_timeout: float = 5.0, wait: bool = False):
        self.environ = dict(os.environ if environ is None else environ)
        self.app_id, self.title, self.retry_every = app_id, title, retry_every
        self.bytes_copied = 0
        self.frames_shown = 0
        self.connections = 0
        self._lock = threading.RLock()
        self._stop = threading.Event()
        self._window: _Window | None = None
        self._image: Image.Image | None = None
        self._last_number: int | None = None
        try:
            self._connect(connect_timeout)
        except WaylandError as error:
            if wait:  # a service started before the desktop: it connects when the desktop is there
                log.warning(_("Le bureau Wayland n'est pas encore là : l'écran s'affichera dès qu'il sera prêt."))
            else:
                raise HardwareError(
                    _("Pas de bureau Wayland pour montrer l'écran : {error}", error=error),
                    hint=_("Lancez le kit dans la session du bureau (WAYLAND_DISPLAY), ou choisissez "
                           "[ecran] sortie = \"framebuffer\" sur un Pi sans bureau."),
                ) from error
        self._wake_read, self._wake_write = os.pipe()  # close() wakes the listening thread
        self._thread = threading.Thread(target=self._listen, name="fabrique-wayland", daemon=True)
        self._thread.start()

    @property
    def size(self) -> tuple[int, int] | None:
        """The window's size in pixels, as the compositor gave it."""
        return self._window.size if self._window else None

    @property
    def connected(self) -> bool:
        return self._window is not None

    def _connect(self, timeout: float) -> None:
        wire = Connection.open(self.environ)
        try:
            window = _Window(wire, self.app_id, self.title)
            waited = 0.0
            while not window.configured.is_set():
                if not wire.dispatch(0.05):
                    waited += 0.05
                    if waited > timeout:
                        raise WaylandError("the compositor gave the window no size")
        except BaseException:
            wire.close()
            raise
        with self._lock:
            self._window = window
            self.connections += 1
        log.info("Wayland: fenêtre plein écran de %s", window.size)

    def show(self, frame) -> None:
        """Show the frame: its dirty boxes, or all of it after a gap, a resize or a reconnection."""
        with self._lock:
            whole = self._last_number is None or frame.number != self._last_number + 1
            self._image, self._last_number = frame.image, frame.number
            self._draw(list(frame.dirty), whole)

    def _draw(self, boxes: list[Box], whole: bool) -> None:
        window, image = self._window, self._image
        if window is None or image is None or window.size is None:
            return  # not connected: the last frame is shown when the compositor is back
        if image.size != window.size:
            image = ImageOps.pad(image.convert("RGB"), window.size, color="black")
            whole = True
        if whole or window.resized:
            boxes = [(0, 0, *window.size)]
        try:
            copied = window.draw(image.convert("RGB") if image.mode != "RGB" else image, boxes)
        except WaylandError as error:
            self._lost(error)
            return
        self.bytes_copied += copied
        self.frames_shown += 1 if copied else 0

    def _lost(self, error: BaseException) -> None:
        with self._lock:
            if self._window is not None:
                log.warning(_("Bureau Wayland perdu ({error}) : le kit réessaie.", error=error))
                self._window.wire.close()
                self._window = None

    def _listen(self) -> None:
        """Answer the compositor (ping, new size); connect again when it is gone."""
        while not self._stop.is_set():
            window = self._window
            if window is None:
                if self._stop.wait(self.retry_every):
                    return
                try:
                    self._connect(max(2.0, self.retry_every))
                except (WaylandError, OSError):
                    continue
                with self._lock:
                    self._draw([], whole=True)
                continue
            try:
                with self._lock:
                    window.wire.dispatch(0)
                    if window.resized:
                        self._draw([], whole=True)
                select.select([window.wire.sock.fileno(), self._wake_read], [], [])  # sleeps until a message
            except (WaylandError, OSError, ValueError) as error:
                if not self._stop.is_set():
                    self._lost(error)

    def close(self) -> None:
        self._stop.set()
        os.write(self._wake_write, b"x")
        self._thread.join(2)
        with self._lock:
            if self._window is not None:
                self._window.wire.close()
                self._window = None
        for fd in (self._wake_read, self._wake_write):
            os.close(fd)
