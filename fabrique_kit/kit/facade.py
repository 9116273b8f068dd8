"""The Kit class: the beginner's front door (what a ``main.py`` uses); its work is done by
the other modules of this package, which it holds in one :class:`KitParts`.

Example::

    kit = Kit()                                   # reads fabrique.toml beside the script
    kit.button(17, "Prendre un ticket").when_pressed = kit.counter("attente").take_ticket
    kit.run()
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from functools import cached_property
from pathlib import Path

from fabrique_kit import run_options
from fabrique_kit.actions import Actions
from fabrique_kit.clock import SYSTEM_CLOCK, Clock
from fabrique_kit.config import KitConfig
from fabrique_kit.errors import FabriqueError
from fabrique_kit.i18n import _, get_language, set_language
from fabrique_kit.kit.devices_side import DeviceMethods
from fabrique_kit.kit.drawing import build_renderer, write_preview
from fabrique_kit.kit.frames import LatestFrame
from fabrique_kit.kit.from_config import build_from_config
from fabrique_kit.kit.lifecycle import Lifecycle
from fabrique_kit.kit.message import MessageBanner
from fabrique_kit.kit.parts import KitParts
from fabrique_kit.kit.sources_side import KitSources
from fabrique_kit.kit.support import (
    decide_simulation,
    install_friendly_errors,
    language_forced,
    read_config,
    say,
)
from fabrique_kit.kit.web_side import KitWebInterface
from fabrique_kit.state import State


class Kit(DeviceMethods):
    """One device: its config, state, sources, inputs, screen and web page.

    ``Kit()`` finds ``fabrique.toml`` beside the script that creates it (or uses
    defaults). Pass ``config="path/to/fabrique.toml"`` to choose another file.
    """

    def __init__(self, config: str | Path | None = None, *, simulate: bool | None = None, clock: Clock | None = None):
        install_friendly_errors()
        self.options = run_options.current()
        self.config: KitConfig = read_config(config, self.options.project_dir)
        if self.config.lang is not None and not language_forced():
            set_language(self.config.lang)
        self.clock = clock or self.options.clock or SYSTEM_CLOCK
        self.state = State(self.clock)
        self.actions = Actions()
        self.project_dir = self.config.project_dir
        self.data_dir = self.project_dir / ".fabrique"
        self.simulated = decide_simulation(simulate, self.options.simulate, self.config.simulation)
        self.draw_error: FabriqueError | None = None  # the last mistake of the draw function
        self.port: int | None = None
        stop = threading.Event()
        self._parts = KitParts(
            sources=KitSources(self.config, self.state, self.actions, self.clock, self.data_dir),
            frames=LatestFrame(stop),
            banner=MessageBanner(self.state, self.actions, self.clock, self.config.message),
            stop=stop,
        )
        self._life = Lifecycle(self, self._parts)
        if self.simulated:
            from fabrique_kit.devices import detect_raspberry_pi

            if detect_raspberry_pi() is None:
                say(self.options, _("Simulation : pas de Raspberry Pi ici, les entrées et l'écran sont simulés."))
            else:
                say(self.options, _("Simulation demandée : les entrées et l'écran sont simulés sur ce Raspberry Pi."))
        try:
            build_from_config(self)
            if self.config.city_broker:  # [ville]: the city network over MQTT (kit/city_side.py)
                from fabrique_kit.kit.city_side import attach_city

                attach_city(self, self._parts)
        except BaseException:  # a refused fabrique.toml item: release the pins already taken
            self.close()
            raise
        run_options.note_created(self)

    # -- who this kit is --------------------------------------------------------
    @property
    def name(self) -> str:
        """The kit's name on the network (``[kit] nom``), e.g. ``kit.peer("accueil")`` elsewhere.

        Example: ``print(kit.name)`` → ``afficheur-maurepas``
        """
        return self.config.name

    @property
    def place(self) -> str:
        """The place shown on the screen (``[kit] lieu``; the kit's name when empty).

        Example: ``screen.header(kit.place)``
        """
        return self.config.place or self.config.name

    @property
    def template(self) -> str:
        """The template the project was made from (``[kit] modele``), e.g. ``"afficheur"``."""
        return self.config.template

    @property
    def site_key(self) -> str | None:
        """The key shared by the kits of a site (``[site] cle``); needed for every write.

        Example: ``PeerClient(peer, kit.site_key).counter("attente").call_next()``
        """
        return self.config.site_key

    @property
    def lang(self) -> str:
        """The language of the messages: ``"fr"`` (default) or ``"en"``."""
        return get_language()

    @cached_property
    def id(self) -> str:
        """A stable identifier of this kit, kept in ``.fabrique/id`` (advertised to other kits).

        Read once: the same value for the kit's whole life, even where the file cannot
        be written.

        Example: ``kit.id`` → ``'3f9c2a71b0d4'``
        """
        from fabrique_kit.net.identity import kit_id_from

        return kit_id_from(self.data_dir / "id")  # a damaged file is renewed, with a warning

    def info(self) -> dict:
        """What the kit says about itself to other kits (never a secret).

        Example: ``kit.info()["place"]`` → ``'Espace Social Commun Maurepas'``
        """
        from fabrique_kit import __version__

        return {
            "id": self.id,
            "name": self.name,
            "place": self.place,
            "template": self.template,
            "version": __version__,
            "port": self.port,
        }

    @property
    def web(self) -> KitWebInterface:
        """The kit as its web app sees it (frames, simulated inputs, status...); tools and tests.

        Example: ``kit.web.press("ticket")``; ``kit.web.frame_number``
        """
        if self._parts.web is None:
            self._parts.web = KitWebInterface(self, self._parts)
        return self._parts.web

    @property
    def devices(self):
        """The buttons, sensors and LEDs of this kit (simulated off a Pi).

        Example: ``for control in kit.devices.controls(): print(control["label"])``
        """
        if self._parts.devices is None:
            from fabrique_kit.devices import Devices

            self._parts.devices = Devices(simulate=self.simulated)
            self._parts.devices.attach(self.state)  # inputs' values, readable as "entrees"
        return self._parts.devices

    # -- sources -----------------------------------------------------------------
    def semainier(self, path: str | Path | None = None, name: str = "semainier", place: str | None = None):
        """The weekly schedule in ``path`` (JSON), reloaded when the file changes.

        ``place`` keeps one place of a file that has several (by default the
        ``[semainier] lieu`` of the config, or every place).

        Example: ``planning = kit.semainier("semainier.json")`` then ``planning.today()``.
        """
        return self._parts.sources.semainier(path, name, place)

    def feed(self, url: str | None = None, every: str | float = "15 min", name: str = "actus", max_items: int = 20):
        """News from an RSS or Atom feed, refreshed ``every`` (e.g. ``"15 min"``).

        Example: ``news = kit.feed("https://example.org/feed/")`` then ``news.latest(5)``.
        """
        return self._parts.sources.feed(url, every, name, max_items)

    def json(self, url: str, path: str = "", every: str | float = "5 min", name: str = "donnees"):
        """One value read from a JSON address, e.g. ``kit.json(url, "meteo.temperature")``."""
        return self._parts.sources.json(url, path, every, name)

    def counter(self, name: str = "attente", desks: int | None = None):
        """A waiting counter (queue tickets), kept safe on disk.

        Example: ``queue = kit.counter("attente")``; ``queue.take_ticket()``; ``queue.called``.
        """
        return self._parts.sources.counter(name, desks, self.place)

    def source(self, name: str, *args, **options):
        """A source from an installed module, e.g. ``bus = kit.source("transports", arret="République")``.

        A missing or broken module never stops the kit: its error shows on the status line.
        """
        from fabrique_kit.modules import make_source

        return self.add_source(make_source(self, name, *args, **options))

    def add_source(self, source):
        """Refresh ``source`` with the kit's others (a source object of your own or a module's).

        Example: ``kit.add_source(MySensorSource(name="salle", every=60))``
        """
        return self._parts.sources.add(source)

    def every(self, interval: str | float):
        """Run the decorated function every ``interval`` (e.g. ``"1 min"``) while the kit runs.

        Example::

            @kit.every("10 min")
            def check_room():
                ...
        """
        return self._parts.sources.every(interval)

    # -- message banner ----------------------------------------------------------
    def post_message(self, text: str, until: str | None = None) -> dict:
        """Show ``text`` in the banner, until ``until`` (ISO date-time) or until cleared.

        Example: ``kit.post_message("Fermé lundi", until="2026-12-01T18:00")``
        """
        return self._parts.banner.post(text, until)

    def clear_message(self) -> None:
        """Remove the banner message.

        Example: ``kit.button(22, "Effacer le message").when_pressed = kit.clear_message``
        """
        self._parts.banner.clear()

    @property
    def message(self) -> dict | None:
        """The current banner message ``{"text", "until"}``, or None (expired ones too)."""
        return self._parts.banner.current()

    # -- kits on a site ------------------------------------------------------------
    @property
    def presence(self):
        """This kit on the network: it advertises itself and watches the other kits.

        Example: ``kit.presence.ready.wait(3)`` waits until the kit is announced.
        """
        if self._parts.presence is None:
            from fabrique_kit.net import Presence

            # the key lets the followers check that the kit answering proves it
            self._parts.presence = Presence(self.info(), self.port or 0, site_key=self.site_key)
        return self._parts.presence

    @property
    def peers(self):
        """The other kits found on the network (a live list): ``kit.peers.get("accueil")``."""
        return self.presence.peers

    def peer(self, name: str):
        """A client for the kit called ``name``: ``kit.peer("accueil").counter("attente").call_next()``."""
        return self.peers.client(name, self.site_key)

    def follow(self, peer: str, value: str):
        """Keep the value ``value`` of the kit ``peer`` in this kit's state (live).

        Example: ``kit.follow("accueil", "attente")`` then ``kit.state.get("accueil.attente")``
        """
        return self._parts.sources.follow(peer, value, self.peers)

    # -- screen --------------------------------------------------------------------
    def screen(self, draw: Callable):
        """Decorator: the function that describes the screen.

        Example::

            @kit.screen
            def hall(screen):
                screen.header(kit.place)
        """
        self._parts.draw = draw
        self._parts.renderer = None
        return draw

    @property
    def renderer(self):
        """The renderer that draws this kit's frames (built from the screen function).

        Example: ``kit.renderer.size`` → ``(1920, 1080)``
        """
        if self._parts.renderer is None:
            self._parts.renderer = build_renderer(self, self._parts)
        return self._parts.renderer

    def render(self, force: bool = True):
        """Draw one frame now and return it (a Frame with ``.image``).

        Example: ``kit.render().image.save("ecran.png")``
        """
        frame = self.renderer.render(force=force)
        if frame is not None:
            self._parts.frames.keep(frame)
            if self._parts.screen_loop is not None:  # the outputs show it from their own thread
                self._parts.screen_loop.push(frame)
        return frame

    def preview(self, path: str | Path | None = None, layout: str | Path | None = None) -> Path:
        """Refresh every source once, draw one frame and write it as a PNG file.

        ``layout`` also writes the frame's display list (every text drawn, with its
        box, size, colours and role) as JSON.

        Example: ``kit.preview("apercu.png", layout="apercu.json")`` (what ``fabrique preview`` does).
        """
        return write_preview(self, path, layout)

    def refresh_all(self) -> None:
        """Refresh every source once, now (used by the preview and tests).

        Example: ``kit.refresh_all(); kit.render()``
        """
        self._parts.sources.refresh_all()

    # -- running -----------------------------------------------------------------------
    def run(self) -> None:
        """Run until Ctrl-C or SIGTERM, then close everything cleanly.

        Under ``fabrique preview`` it draws one frame to a PNG file and returns.

        Example: the last line of every ``main.py`` is ``kit.run()``.
        """
        self._life.run()

    def start(self) -> None:
        """Start the threads, the web server and discovery; return at once.

        Example (tests, tools)::

            kit.start()
            ...
            kit.close()
        """
        self._life.start()

    def stop(self) -> None:
        """Ask the kit to stop (safe from a signal handler or another thread).

        Example: ``kit.button(5, "Arrêt").when_pressed = kit.stop``
        """
        self._life.stop()

    def close(self) -> None:
        """Stop everything and release pins, ports and files. Safe to call twice.

        Example: ``with Kit() as kit: ...`` closes the kit at the end of the block.
        """
        self._life.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

