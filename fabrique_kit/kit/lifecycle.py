"""How a kit runs: start its threads, screen, web server and discovery; stop on Ctrl-C or
SIGTERM; close everything, once.

Example::

    life = Lifecycle(kit, parts)
    life.start()
    ...
    life.close()
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from datetime import timedelta
from typing import TYPE_CHECKING

from fabrique_kit import run_options
from fabrique_kit.i18n import _
from fabrique_kit.kit.frames import FrameOutput
from fabrique_kit.kit.support import install_signal_handlers, quietly, restore_signal_handlers, say
from fabrique_kit.runtime import Periodic

if TYPE_CHECKING:
    from fabrique_kit.kit.facade import Kit
    from fabrique_kit.kit.parts import KitParts

log = logging.getLogger("fabrique_kit")
# the config's French output names → the screen's output names
OUTPUT_NAMES = {"fenetre": "window", "natif": "native", "navigateur": "none", "aucune": "none"}
STOP_TIMEOUT = 1.5  # seconds given to each thread to finish at shutdown


class Lifecycle:
    """Starting, running, stopping and closing one kit."""

    def __init__(self, kit: Kit, parts: KitParts):
        self.kit, self.parts = kit, parts
        from fabrique_kit.kit.message_store import MESSAGES_FILE

        parts.banner.keep_in(kit.data_dir / MESSAGES_FILE)  # the messages saved before a restart

    def run(self) -> None:
        kit, options = self.kit, self.kit.options
        if options.mode == "load":  # tests and tools: build the kit, run nothing
            kit.refresh_all()
            return
        if options.mode == "preview":
            path = kit.preview(options.png, options.layout)
            say(kit.options, _("Image écrite : {path}", path=path))
            self.close()
            return
        previous = install_signal_handlers(self.stop)
        try:
            self.start()
            while not self.parts.stop.wait(3600):
                pass
        finally:
            restore_signal_handlers(previous)
            self.close()

    def start(self) -> None:
        parts, kit = self.parts, self.kit
        if parts.running:
            return
        parts.running = True
        run_options.note_settled(kit)
        kit.data_dir.mkdir(parents=True, exist_ok=True)
        self._remove_leftovers()
        sources = parts.sources
        for source in list(sources.by_name.values()):
            self._start_source(source)
        sources.on_new = self._start_source
        for name, job, every in sources.jobs:
            self._start_periodic(name, job, every)
        if parts.devices is not None and not kit.simulated:
            self._start_periodic("capteurs", parts.devices.poll, 2.0)  # sensors without events
            parts.devices.keys.start_reader()  # a Makey Makey or keyboard plugged into the Pi
        self._start_screen()
        self._start_screen_schedule()
        self._watch_clock_jumps()
        if kit.options.network:
            self._start_web()
            self._start_discovery()
        for follower in sources.followers:
            follower.start()
        sources.on_new_follower = lambda follower: follower.start()

    def _remove_leftovers(self) -> None:
        """Remove the temporary files that a kill during a write left (the files stay whole)."""
        from fabrique_kit.files import remove_leftovers

        kit = self.kit
        removed = remove_leftovers(kit.project_dir) + remove_leftovers(kit.data_dir, recursive=True)
        if removed:
            log.info("removed %d temporary file(s) left by an interrupted write", len(removed))

    def _watch_clock_jumps(self) -> None:
        """After a jump of the wall clock (a Pi without RTC sets its time late), compute
        again what is scheduled by wall time: the screen's power and the day change."""
        from fabrique_kit.clock import ClockJumps

        parts = self.parts
        jumps = ClockJumps(self.kit.clock)
        if parts.screen_schedule is not None:
            jumps.subscribe(parts.screen_schedule.wake)
        if parts.screen_loop is not None:
            jumps.subscribe(parts.screen_loop.recheck)  # the date, « today », the next session
        self._clock_jumps = jumps.start()

    def _start_source(self, source) -> None:
        self._start_periodic(source.name, lambda: source.refresh(self.kit.state), source.every)

    def _start_periodic(self, name: str, job: Callable, every: float) -> None:
        periodic = Periodic(name, job, every, self.parts.stop)
        periodic.start()
        self.parts.threads.append(periodic)

    def _start_screen(self) -> None:
        from fabrique_kit.screen import ScreenLoop
        from fabrique_kit.screen.outputs import choose_output

        kit = self.kit
        # FABRIQUE_OUTPUT: set by « fabrique service install » (natif on a desktop image)
        name = kit.options.output or os.environ.get("FABRIQUE_OUTPUT") or kit.config.screen.output
        output = choose_output(OUTPUT_NAMES.get(name, name), path=kit.project_dir / "ecran.png")
        outputs = [FrameOutput(self.parts.frames), output]
        if kit.config.screen.voice:  # the number called, said aloud for those who cannot read it
            from fabrique_kit.kit.drawing import second_languages
            from fabrique_kit.screen.outputs import SpokenOutput

            outputs.append(SpokenOutput(also=second_languages(kit)))
        # one thread renders and shows, and closes the outputs it opened (tkinter's rule)
        self.parts.screen_loop = ScreenLoop(kit.renderer, outputs, kit.state)
        self.parts.screen_loop.start()
        from fabrique_kit.devices.events import after_actions

        # an action may change a plain variable the drawing reads: look at the screen again
        self.parts.stop_watching_actions = after_actions(self.parts.screen_loop.recheck)

    def _start_screen_schedule(self) -> None:
        """Switch the screen off outside opening hours (``[ecran] extinction = true``)."""
        kit, screen = self.kit, self.kit.config.screen
        semainier = self.parts.sources.get("semainier")
        if not screen.power_off or semainier is None:
            return
        from fabrique_kit.screen.power import ScreenPower, ScreenSchedule, choose_power

        # in simulation a silent power switch: never blank the console of a laptop
        power = ScreenPower() if kit.simulated else choose_power(screen.power_method)
        before = timedelta(seconds=screen.power_on_before)
        self.parts.screen_schedule = ScreenSchedule(semainier, power, kit.clock, before=before)
        self.parts.screen_schedule.start(kit.state)

    def _start_web(self) -> None:
        from fabrique_kit.web import WebServer, create_app

        kit = self.kit
        host = kit.options.host or kit.config.host
        if host == "auto":  # reachable by the other kits when discovery is on
            host = "0.0.0.0" if kit.config.discovery else "127.0.0.1"
        port = kit.options.port if kit.options.port is not None else kit.config.port
        app = create_app(kit.web)
        self.parts.web_server = WebServer(app, host=host, port=port)
        self.parts.web_server.start()
        kit.port = self.parts.web_server.port
        shown = "127.0.0.1" if host in ("0.0.0.0", "::") else host
        say(kit.options, _("Aperçu : http://{host}:{port}/", host=shown, port=kit.port))
        if kit.config.open_browser:  # [web] ouvrir_navigateur = true
            import webbrowser

            webbrowser.open(f"http://{shown}:{kit.port}/")
        pins = app.extensions["fabrique"].pins
        if not pins.has_pin():
            say(kit.options,
                _(
                    "Administration : choisissez le code des médiateurs sur http://{host}:{port}/admin "
                    "(code d'installation depuis un autre appareil : {code}).",
                    host=shown,
                    port=kit.port,
                    code=pins.setup_code(),
                )
            )

    def _start_discovery(self) -> None:
        """Advertise and browse; zeroconf keeps trying in the background if the network is down."""
        kit = self.kit
        if not kit.config.discovery:
            return
        presence = kit.presence
        presence.info, presence.port = kit.info(), kit.port
        try:
            presence.start(background=True)
        except Exception as error:  # no network at all: the kit works alone
            log.warning("discovery unavailable: %s", error)
            say(kit.options, _("Découverte des autres kits indisponible : {error}", error=error))

    def stop(self) -> None:
        self.parts.stop.set()
        self.kit.state.wake_all()
        self.parts.frames.wake()

    def close(self) -> None:
        parts = self.parts
        if parts.closed:
            return
        parts.closed = True
        run_options.note_settled(self.kit)
        parts.sources.on_new = parts.sources.on_new_follower = None
        self.stop()
        for follower in parts.sources.followers:
            quietly(follower.stop)
        if parts.web_server is not None:
            quietly(parts.web_server.stop)
        if parts.presence is not None:
            quietly(parts.presence.stop)  # also interrupts a registration in progress
        for thread in parts.threads:
            thread.join(STOP_TIMEOUT)
        for source in parts.sources.by_name.values():
            quietly(getattr(source, "close", lambda: None))
        if getattr(self, "_clock_jumps", None) is not None:
            quietly(self._clock_jumps.stop)
        if parts.screen_schedule is not None:
            quietly(parts.screen_schedule.stop)
        if parts.stop_watching_actions is not None:
            parts.stop_watching_actions()
        if parts.screen_loop is not None:
            quietly(parts.screen_loop.stop)  # also closes the outputs, in the loop's thread
        if parts.devices is not None:
            quietly(parts.devices.close)
        quietly(parts.banner.close)  # its timer thread; the messages are already on disk
        parts.running = False
