"""The Kit: the beginner's front door.

A kit reads ``fabrique.toml`` beside the script, holds the state, refreshes its
sources, draws its screen, serves its web page and finds the other kits.

Example::

    from fabrique_kit import Kit

    kit = Kit()
    planning = kit.semainier("semainier.json")
    queue = kit.counter("attente")
    kit.button(17, "Prendre un ticket").when_pressed = queue.take_ticket

    @kit.screen
    def hall(screen):
        screen.header(kit.place, clock=True)
        screen.schedule(planning.today())
        screen.big_number(queue.status())

    kit.run()
"""

from __future__ import annotations

import logging
import threading
import uuid
from collections.abc import Callable
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fabrique_kit import run_options
from fabrique_kit.actions import Actions
from fabrique_kit.clock import SYSTEM_CLOCK, Clock
from fabrique_kit.config import KitConfig
from fabrique_kit.durations import parse_duration
from fabrique_kit.errors import FabriqueError
from fabrique_kit.i18n import _, set_language
from fabrique_kit.kit_support import (
    action_caller,
    decide_simulation,
    install_friendly_errors,
    install_signal_handlers,
    language_forced,
    quietly,
    read_config,
    restore_signal_handlers,
)
from fabrique_kit.kit_web import WebFacing
from fabrique_kit.runtime import Periodic
from fabrique_kit.state import State

if TYPE_CHECKING:
    from fabrique_kit.deploy.screen_power import ScreenSchedule
    from fabrique_kit.inputs import Devices
    from fabrique_kit.net import Presence
    from fabrique_kit.screen import Frame, Renderer, ScreenLoop
    from fabrique_kit.web import WebServer

log = logging.getLogger("fabrique_kit")
# the config's French output names → the screen's output names
OUTPUT_NAMES = {"fenetre": "window", "navigateur": "none", "aucune": "none"}
STOP_TIMEOUT = 1.5  # seconds given to each thread to finish at shutdown


class Kit(WebFacing):
    """One device: its config, state, sources, inputs, screen and web page.

    ``Kit()`` finds ``fabrique.toml`` beside the script that creates it (or uses
    defaults). Pass ``config="path/to/fabrique.toml"`` to choose another file.
    """

    def __init__(self, config: str | Path | None = None, *, simulate: bool | None = None, clock: Clock | None = None):
        install_friendly_errors()
        self.options = run_options.current()
        self.config: KitConfig = read_config(config, self.options.project_dir)
        if "langue" in self.config.raw.get("kit", {}) and not language_forced():
            set_language(self.config.lang)
        self.clock = clock or self.options.clock or SYSTEM_CLOCK
        self.state = State(self.clock)
        self.actions = Actions()
        self.project_dir = self.config.project_dir
        self.data_dir = self.project_dir / ".fabrique"
        self.simulated = decide_simulation(simulate, self.options.simulate, self.config.simulation)
        self._sources: dict[str, Any] = {}
        self._counters: dict[str, Any] = {}
        self._jobs: list[tuple[str, Callable, float]] = []
        self._draw: Callable | None = None
        self._devices: Devices | None = None
        self._stop = threading.Event()
        self._threads: list = []
        self._frame: Frame | None = None
        self._frame_cond = threading.Condition()
        self._renderer: Renderer | None = None
        self._web: WebServer | None = None
        self._presence: Presence | None = None
        self._screen_schedule: ScreenSchedule | None = None
        self._screen_loop: ScreenLoop | None = None
        self.draw_error: FabriqueError | None = None  # the last mistake of the draw function
        self._followers: list = []
        self._running = False
        self._closed = False
        self.port: int | None = None
        if self.simulated:
            from fabrique_kit.inputs import detect_raspberry_pi

            if detect_raspberry_pi() is None:
                self._say(_("Simulation : pas de Raspberry Pi ici, les entrées et l'écran sont simulés."))
            else:
                self._say(_("Simulation demandée : les entrées et l'écran sont simulés sur ce Raspberry Pi."))
        self._setup_message()
        self._setup_from_config()
        from fabrique_kit.project import register_kit

        register_kit(self)

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
        from fabrique_kit.i18n import get_language

        return get_language()

    @cached_property
    def id(self) -> str:
        """A stable identifier of this kit, kept in ``.fabrique/id`` (advertised to other kits).

        Read once: the same value for the kit's whole life, even where the file cannot
        be written.

        Example: ``kit.id`` → ``'3f9c2a71b0d4'``
        """
        path = self.data_dir / "id"
        try:
            return path.read_text().strip()
        except OSError:
            value = uuid.uuid4().hex[:12]
            try:
                self.data_dir.mkdir(parents=True, exist_ok=True)
                path.write_text(value)
            except OSError:
                pass
            return value

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

    # -- sources -----------------------------------------------------------------
    def semainier(self, path: str | Path | None = None, name: str = "semainier", place: str | None = None):
        """The weekly schedule in ``path`` (JSON), reloaded when the file changes.

        ``place`` keeps one place of a file that has several (by default the
        ``[semainier] lieu`` of the config, or every place).

        Example: ``planning = kit.semainier("semainier.json")`` then ``planning.today()``.
        """
        from fabrique_kit.sources.semainier import SemainierSource

        if path is None:
            path = self.config.semainier or "semainier.json"
        full = (self.project_dir / path).resolve()
        existing = self._sources.get(name)
        if existing is not None and Path(existing.path).resolve() == full:
            return existing
        if not full.exists():
            raise FabriqueError(
                _("Le fichier du semainier {file} est introuvable.", file=path),
                file=str(full),
                hint=_("Vérifiez le nom du fichier, à côté de votre script."),
            )
        place = place or self.config.semainier_place
        source = SemainierSource(full, name=name, state=self.state, place=place)
        source.refresh(self.state)  # a local file: ready for the first frame
        return self._add_source(source)

    def feed(self, url: str | None = None, every: str | float = "15 min", name: str = "actus", max_items: int = 20):
        """News from an RSS or Atom feed, refreshed ``every`` (e.g. ``"15 min"``).

        Example: ``news = kit.feed("https://example.org/feed/")`` then ``news.latest(5)``.
        """
        from fabrique_kit.sources.feeds import FeedSource

        existing = self._sources.get(name)
        if existing is not None and (url is None or existing.url == url):
            return existing
        if url is None:
            raise FabriqueError(_("Donnez l'adresse du flux : kit.feed(\"https://…\")."))
        seconds = parse_duration(every, field="every")
        source = FeedSource(
            url, name=name, every=seconds, max_items=max_items, cache_dir=self.data_dir / "cache", clock=self.clock
        )
        source.attach(self.state)  # the cached news shows at once, with its age
        return self._add_source(source)

    def json(self, url: str, path: str = "", every: str | float = "5 min", name: str = "donnees"):
        """One value read from a JSON address, e.g. ``kit.json(url, "meteo.temperature")``."""
        from fabrique_kit.sources.http_json import JsonSource

        seconds = parse_duration(every, field="every")
        source = JsonSource(url, path=path, name=name, every=seconds, cache_dir=self.data_dir / "cache", clock=self.clock)
        source.attach(self.state)
        return self._add_source(source)

    def counter(self, name: str = "attente", desks: int | None = None):
        """A waiting counter (queue tickets), kept safe on disk.

        Example: ``queue = kit.counter("attente")``; ``queue.take_ticket()``; ``queue.called``.
        """
        from fabrique_kit.sources.counters import Counter, counter_db_path

        if name in self._counters:
            return self._counters[name]
        configured = {c.name: c.desks for c in self.config.counters}
        counter = Counter(
            name=name,
            db_path=counter_db_path(self.project_dir, name),
            clock=self.clock,
            desks=desks or configured.get(name, 1),
            place=self.place,
        )
        counter.attach(self.state)
        counter.register_actions(self.actions)
        self._counters[name] = counter
        self._sources[name] = counter
        return counter

    def source(self, name: str, *args, **options):
        """A source from an installed module, e.g. ``bus = kit.source("transports", arret="République")``.

        A missing or broken module never stops the kit: its error shows on the status line.
        """
        from fabrique_kit.modules import kit_source

        return kit_source(self, name, *args, **options)

    def every(self, interval: str | float):
        """Run the decorated function every ``interval`` (e.g. ``"1 min"``) while the kit runs.

        Example::

            @kit.every("10 min")
            def check_room():
                ...
        """
        seconds = parse_duration(interval, field="every")

        def decorate(function):
            self._jobs.append((function.__name__, function, seconds))
            return function

        return decorate

    def _add_source(self, source):
        self._sources[source.name] = source
        if self._running:
            self._start_source(source)
        return source

    # -- inputs ------------------------------------------------------------------
    @property
    def devices(self):
        """The buttons, sensors and LEDs of this kit (simulated off a Pi).

        Example: ``for control in kit.devices.controls(): print(control["label"])``
        """
        if self._devices is None:
            from fabrique_kit.inputs import Devices

            self._devices = Devices(simulate=self.simulated)
            self._devices.attach(self.state)  # inputs' values, readable as "entrees"
        return self._devices

    @property
    def keys(self):
        """The keyboard and the Makey Makey (see :meth:`key`).

        Example: ``kit.keys.tap("space")`` presses and releases the space bar, as in tests.
        """
        return self.devices.keys

    def button(self, pin, label: str | None = None, **options):
        """A push button on ``pin`` (e.g. 17); set ``.when_pressed = a_function``."""
        return self.devices.button(pin, label, **options)

    def led(self, pin, label: str | None = None):
        """An LED on ``pin``: ``.on()``, ``.off()``, ``.blink()``."""
        return self.devices.led(pin, label)

    def buzzer(self, pin, label: str | None = None):
        """A buzzer on ``pin``: ``.beep()``."""
        return self.devices.buzzer(pin, label)

    def motion_sensor(self, pin, label: str | None = None):
        """A PIR motion sensor on ``pin``: ``.when_motion = a_function``.

        Example: ``kit.motion_sensor(24, "Détecteur salle 2").when_motion = note_presence``
        """
        return self.devices.motion_sensor(pin, label)

    def light_sensor(self, pin, label: str | None = None):
        """A light sensor on ``pin``: ``.value`` from 0 (dark) to 1 (bright)."""
        return self.devices.light_sensor(pin, label)

    def distance_sensor(self, echo, trigger, label: str | None = None):
        """An ultrasonic distance sensor (HC-SR04): ``.distance`` in metres.

        Example: ``kit.distance_sensor(echo=23, trigger=24, label="Porte").distance``
        """
        return self.devices.distance_sensor(echo, trigger, label)

    def temperature(self, label: str | None = None, source: str = "cpu"):
        """A temperature reading (the Pi's processor, or a 1-Wire sensor id).

        Example: ``kit.temperature("Processeur").temperature`` → ``48.3``
        """
        return self.devices.temperature(label, source=source)

    def rgb_led(self, red, green, blue, label: str | None = None):
        """A colour LED on three pins: ``.color = (1, 0, 0)`` for red."""
        return self.devices.rgb_led(red, green, blue, label)

    def key(self, name: str, label: str | None = None):
        """A key of the keyboard or of a Makey Makey: ``kit.key("space").when_pressed = ...``."""
        return self.devices.key(name, label)

    # -- message banner ----------------------------------------------------------
    def _setup_message(self) -> None:
        self.state.set("message", {"text": self.config.message, "until": None} if self.config.message else None)
        self.actions.register("message.post", self.post_message, _("Afficher un message"))
        self.actions.register("message.clear", self.clear_message, _("Effacer le message"))

    def post_message(self, text: str, until: str | None = None) -> dict:
        """Show ``text`` in the banner, until ``until`` (ISO date-time) or until cleared."""
        text = str(text).strip()[:500]
        if not text:
            raise FabriqueError(_("Le message est vide."), field="text")
        if until:
            from datetime import datetime

            try:
                end = datetime.fromisoformat(str(until))
            except ValueError:
                raise FabriqueError(
                    _("« {value} » n'est pas une date et heure.", value=until),
                    field="until",
                    hint=_("Écrivez par exemple 2026-12-01T18:00."),
                ) from None
            if end.tzinfo is None:
                end = end.replace(tzinfo=self.clock.tz)
            until = end.isoformat()
        value = {"text": text, "until": until}
        self.state.set("message", value)
        return value

    def clear_message(self) -> None:
        """Remove the banner message.

        Example: ``kit.button(22, "Effacer le message").when_pressed = kit.clear_message``
        """
        self.state.set("message", None)

    @property
    def message(self) -> dict | None:
        """The current banner message ``{"text", "until"}``, or None (expired ones too)."""
        value = self.state.get("message")
        if not value:
            return None
        if value.get("until"):
            from datetime import datetime

            if datetime.fromisoformat(value["until"]) <= self.clock.now():
                return None
        return value

    # -- kits on a site ------------------------------------------------------------
    @property
    def presence(self):
        """This kit on the network: it advertises itself and watches the other kits.

        Example: ``kit.presence.ready.wait(3)`` waits until the kit is announced.
        """
        if self._presence is None:
            from fabrique_kit.net import Presence

            self._presence = Presence(self.info(), self.port or 0)
        return self._presence

    @property
    def peers(self):
        """The other kits found on the network (a live list): ``kit.peers.get("accueil")``."""
        return self.presence.peers

    def peer(self, name: str):
        """A client for the kit called ``name``: ``kit.peer("accueil").counter("attente").call_next()``."""
        return self.peers.client(name, self.site_key)

    def follow(self, peer: str, value: str):
        """Keep the value ``value`` of the kit ``peer`` in this kit's state (live)."""
        from fabrique_kit.net import Follower

        follower = Follower(peer, value, self.state, self.peers)
        self._followers.append(follower)
        if self._running:
            follower.start()
        return follower

    # -- screen --------------------------------------------------------------------
    def screen(self, draw: Callable):
        """Decorator: the function that describes the screen.

        Example::

            @kit.screen
            def hall(screen):
                screen.header(kit.place)
        """
        self._draw = draw
        self._renderer = None
        return draw

    @property
    def renderer(self):
        if self._renderer is None:
            from fabrique_kit.defaults import default_screen
            from fabrique_kit.screen import Renderer

            draw = self._draw or default_screen(self)
            self._renderer = Renderer(
                self._decorate(draw),
                size=self.options.size or self.config.screen.size,
                theme=self.config.screen.theme,
                layout=self.config.screen.layout,
                state=self.state,
                clock=self.clock,
                rotation=self.config.screen.rotation,
                language=self.lang,
            )
        return self._renderer

    def _decorate(self, draw: Callable) -> Callable:
        from fabrique_kit.defaults import add_status

        def full(screen):
            try:
                draw(screen)
            except FabriqueError as error:
                self.draw_error = error
                raise
            except Exception as error:  # a beginner's mistake: located, without a traceback
                from fabrique_kit.project import script_error

                self.draw_error = script_error(Path(draw.__code__.co_filename), error)
                raise self.draw_error from None
            self.draw_error = None
            add_status(self, screen)

        return full

    def render(self, force: bool = True):
        """Draw one frame now and return it (a Frame with ``.image``).

        Example: ``kit.render().image.save("ecran.png")``
        """
        frame = self.renderer.render(force=force)
        if frame is not None:
            self._keep_frame(frame)
            if self._screen_loop is not None:  # the outputs show it from their own thread
                self._screen_loop.push(frame)
        return frame

    def _keep_frame(self, frame) -> None:
        """Keep ``frame`` as the latest one (for the web page) and wake its readers."""
        with self._frame_cond:
            self._frame = frame
            self._frame_cond.notify_all()

    def preview(self, path: str | Path | None = None, layout: str | Path | None = None) -> Path:
        """Refresh every source once, draw one frame and write it as a PNG file.

        ``layout`` also writes the frame's display list (every text drawn, with its
        box, size, colours and role) as JSON.

        Example: ``kit.preview("apercu.png", layout="apercu.json")`` (what ``fabrique preview`` does).
        """
        path = Path(path or self.project_dir / "apercu.png")
        self.refresh_all()
        frame = self.render(force=True)
        path.parent.mkdir(parents=True, exist_ok=True)
        frame.image.save(path)
        if layout is not None and frame.display is not None:
            Path(layout).write_text(frame.display.to_text(), encoding="utf-8")
        if self.draw_error is not None:  # the picture is written, and the mistake is told
            raise self.draw_error
        return path

    def refresh_all(self) -> None:
        """Refresh every source once, now (used by the preview and tests).

        Example: ``kit.refresh_all(); kit.render()``
        """
        for source in list(self._sources.values()):
            try:
                source.refresh(self.state)
            except Exception:
                log.exception("refresh of %s failed", getattr(source, "name", source))

    # -- running -----------------------------------------------------------------------
    def run(self) -> None:
        """Run until Ctrl-C or SIGTERM, then close everything cleanly.

        Under ``fabrique preview`` it draws one frame to a PNG file and returns.

        Example: the last line of every ``main.py`` is ``kit.run()``.
        """
        if self.options.mode == "load":  # tests and tools: build the kit, run nothing
            self.refresh_all()
            return
        if self.options.mode == "preview":
            path = self.preview(self.options.png, self.options.layout)
            self._say(_("Image écrite : {path}", path=path))
            self.close()
            return
        previous = install_signal_handlers(self.stop)
        try:
            self.start()
            while not self._stop.wait(3600):
                pass
        finally:
            restore_signal_handlers(previous)
            self.close()

    def start(self) -> None:
        """Start the threads, the web server and discovery; return at once.

        Example (tests, tools)::

            kit.start()
            ...
            kit.close()
        """
        if self._running:
            return
        self._running = True
        self.data_dir.mkdir(parents=True, exist_ok=True)
        for source in list(self._sources.values()):
            self._start_source(source)
        for name, job, every in self._jobs:
            self._start_periodic(name, job, every)
        if self._devices is not None and not self.simulated:
            self._start_periodic("capteurs", self._devices.poll, 2.0)  # sensors without events
            self._devices.keys.start_reader()  # a Makey Makey or keyboard plugged into the Pi
        self._start_screen()
        self._start_screen_schedule()
        if self.options.network:
            self._start_web()
            self._start_discovery()
        for follower in self._followers:
            follower.start()

    def _start_source(self, source) -> None:
        self._start_periodic(source.name, lambda: source.refresh(self.state), source.every)

    def _start_periodic(self, name: str, job: Callable, every: float) -> None:
        periodic = Periodic(name, job, every, self._stop)
        periodic.start()
        self._threads.append(periodic)

    def _start_screen(self) -> None:
        from fabrique_kit.screen import ScreenLoop
        from fabrique_kit.screen.outputs import choose_output

        name = self.options.output or self.config.screen.output
        output = choose_output(OUTPUT_NAMES.get(name, name), path=self.project_dir / "ecran.png")
        outputs = [_LatestFrame(self), output]
        if self.config.screen.voice:  # the number called, said aloud for those who cannot read it
            from fabrique_kit.screen.outputs import SpokenOutput

            outputs.append(SpokenOutput())
        # one thread renders and shows, and closes the outputs it opened (tkinter's rule)
        self._screen_loop = ScreenLoop(self.renderer, outputs, self.state)
        self._screen_loop.start()

    def _start_screen_schedule(self) -> None:
        """Switch the screen off outside opening hours (``[ecran] extinction = true``)."""
        screen = self.config.raw.get("ecran", {})
        if not screen.get("extinction") or "semainier" not in self._sources:
            return
        from datetime import timedelta

        from fabrique_kit.deploy.screen_power import ScreenPower, ScreenSchedule, choose_power

        # in simulation a silent power switch: never blank the console of a laptop
        power = ScreenPower() if self.simulated else choose_power(screen.get("extinction_moyen", "auto"))
        before = timedelta(seconds=parse_duration(screen.get("allumage_avance", "15 min"), field="allumage_avance"))
        self._screen_schedule = ScreenSchedule(self._sources["semainier"], power, self.clock, before=before)
        self._screen_schedule.start(self.state)

    def _start_web(self) -> None:
        from fabrique_kit.web import WebServer, create_app

        host = self.options.host or self.config.host
        if host == "auto":  # reachable by the other kits when discovery is on
            host = "0.0.0.0" if self.config.discovery else "127.0.0.1"
        port = self.options.port if self.options.port is not None else self.config.port
        app = create_app(self)
        self._web = WebServer(app, host=host, port=port)
        self._web.start()
        self.port = self._web.port
        shown = "127.0.0.1" if host in ("0.0.0.0", "::") else host
        self._say(_("Aperçu : http://{host}:{port}/", host=shown, port=self.port))
        if self.config.open_browser:  # [web] ouvrir_navigateur = true
            import webbrowser

            webbrowser.open(f"http://{shown}:{self.port}/")
        pins = app.extensions["fabrique"].pins
        if not pins.has_pin():
            self._say(
                _(
                    "Administration : choisissez le code des médiateurs sur http://{host}:{port}/admin "
                    "(code d'installation depuis un autre appareil : {code}).",
                    host=shown,
                    port=self.port,
                    code=pins.setup_code(),
                )
            )

    def _start_discovery(self) -> None:
        """Advertise and browse; zeroconf keeps trying in the background if the network is down."""
        if not self.config.discovery:
            return
        presence = self.presence
        presence.info, presence.port = self.info(), self.port
        try:
            presence.start(background=True)
        except Exception as error:  # no network at all: the kit works alone
            log.warning("discovery unavailable: %s", error)
            self._say(_("Découverte des autres kits indisponible : {error}", error=error))

    def stop(self) -> None:
        """Ask the kit to stop (safe from a signal handler or another thread).

        Example: ``kit.button(5, "Arrêt").when_pressed = kit.stop``
        """
        self._stop.set()
        self.state.wake_all()
        with self._frame_cond:
            self._frame_cond.notify_all()

    def close(self) -> None:
        """Stop everything and release pins, ports and files. Safe to call twice.

        Example: ``with Kit() as kit: ...`` closes the kit at the end of the block.
        """
        if self._closed:
            return
        self._closed = True
        self.stop()
        for follower in self._followers:
            quietly(follower.stop)
        if self._web is not None:
            quietly(self._web.stop)
        if self._presence is not None:
            quietly(self._presence.stop)  # also interrupts a registration in progress
        for thread in self._threads:
            thread.join(STOP_TIMEOUT)
        for source in self._sources.values():
            quietly(getattr(source, "close", lambda: None))
        if self._screen_schedule is not None:
            quietly(self._screen_schedule.stop)
        if self._screen_loop is not None:
            quietly(self._screen_loop.stop)  # also closes the outputs, in the loop's thread
        if self._devices is not None:
            quietly(self._devices.close)
        self._running = False

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def _say(self, text: str) -> None:
        if not self.options.quiet:
            print(text, flush=True)

    def _setup_from_config(self) -> None:
        """Create what the config file declares (level 0: no code needed)."""
        config = self.config
        if config.semainier is not None:
            self.semainier(config.semainier)
        for feed in config.feeds:
            self.feed(feed.url, every=feed.every, name=feed.name, max_items=feed.max_items)
        for counter in config.counters:
            self.counter(counter.name, desks=counter.desks)
        for button in config.buttons:
            action = action_caller(self.actions, button.action)
            if button.pin is not None:
                self.button(button.pin, button.label or button.action).when_pressed = action
            if button.key:
                self.key(button.key).when_pressed = action


class _LatestFrame:
    """The output through which the screen loop hands each frame to the kit (web page)."""

    def __init__(self, kit: Kit):
        self.kit = kit

    def show(self, frame) -> None:
        self.kit._keep_frame(frame)

    def close(self) -> None:
        pass
