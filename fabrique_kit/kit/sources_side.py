"""The kit's sources: the factories behind ``kit.semainier``, ``kit.feed``, ``kit.json``,
``kit.counter``, ``kit.every`` and ``kit.follow``, and the list the kit refreshes.

Example::

    sources = KitSources(config, state, actions, clock, data_dir)
    planning = sources.semainier("semainier.json")
    sources.refresh_all()
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from fabrique_kit.actions import Actions
from fabrique_kit.clock import Clock
from fabrique_kit.config import KitConfig
from fabrique_kit.durations import parse_duration
from fabrique_kit.errors import FabriqueError
from fabrique_kit.i18n import _
from fabrique_kit.state import State

log = logging.getLogger("fabrique_kit")


class KitSources:
    """Every source of one kit by name, its counters, its ``@kit.every`` jobs and followers.

    ``on_new`` is called with each source added while the kit runs (to start its thread).
    """

    def __init__(self, config: KitConfig, state: State, actions: Actions, clock: Clock, data_dir: Path):
        self.config, self.state, self.actions, self.clock = config, state, actions, clock
        self.project_dir = config.project_dir
        self.data_dir = data_dir
        self.by_name: dict[str, Any] = {}
        self.counters: dict[str, Any] = {}
        self.jobs: list[tuple[str, Callable, float]] = []
        self.followers: list = []
        self.on_new: Callable[[Any], None] | None = None
        self.on_new_follower: Callable[[Any], None] | None = None

    def add(self, source):
        """Add ``source`` (it follows the sources' contract); started at once if the kit runs."""
        self.by_name[source.name] = source
        if self.on_new is not None:
            self.on_new(source)
        return source

    def get(self, name: str):
        """The source called ``name``, or None."""
        return self.by_name.get(name)

    def semainier(self, path: str | Path | None, name: str, place: str | None):
        from fabrique_kit.sources.semainier import SemainierSource

        if path is None:
            path = self.config.semainier or "semainier.json"
        full = (self.project_dir / path).resolve()
        existing = self.by_name.get(name)
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
        return self.add(source)

    def feed(self, url: str | None, every: str | float, name: str, max_items: int):
        from fabrique_kit.sources.http.feeds import FeedSource

        existing = self.by_name.get(name)
        if existing is not None and (url is None or existing.url == url):
            return existing
        if url is None:
            raise FabriqueError(_("Donnez l'adresse du flux : kit.feed(\"https://…\")."))
        seconds = parse_duration(every, field="every")
        source = FeedSource(
            url, name=name, every=seconds, max_items=max_items, cache_dir=self.data_dir / "cache", clock=self.clock
        )
        source.attach(self.state)  # the cached news shows at once, with its age
        return self.add(source)

    def json(self, url: str, path: str, every: str | float, name: str):
        from fabrique_kit.sources.http.json_source import JsonSource

        seconds = parse_duration(every, field="every")
        source = JsonSource(url, path=path, name=name, every=seconds, cache_dir=self.data_dir / "cache", clock=self.clock)
        source.attach(self.state)
        return self.add(source)

    def counter(self, name: str, desks: int | None, place: str):
        from fabrique_kit.sources.counters import Counter, counter_db_path
        from fabrique_kit.sources.counters.counter import DEFAULT_REQUEST_KINDS

        if name in self.counters:
            return self.counters[name]
        configured = {c.name: c for c in self.config.counters}
        declared = configured.get(name)
        kinds = declared.request_kinds if declared is not None else None
        counter = Counter(
            name=name,
            db_path=counter_db_path(self.project_dir, name),
            clock=self.clock,
            desks=desks or (declared.desks if declared is not None else 1),
            place=place,
            request_kinds=DEFAULT_REQUEST_KINDS if kinds is None else kinds,  # [[compteurs]] demandes
        )
        counter.attach(self.state)
        counter.register_actions(self.actions)
        self.counters[name] = counter
        self.by_name[name] = counter
        if self.config.printer_kind != "aucune" and name == self.config.printer_counter:  # paper tickets
            from fabrique_kit import run_options
            from fabrique_kit.devices.printer import ticket_watcher
            from fabrique_kit.kit.support import decide_simulation

            simulated = decide_simulation(None, run_options.current().simulate, self.config.simulation)
            self.add(ticket_watcher(self.config, self.state, self.data_dir, lambda: self.by_name.get("semainier"),
                                    simulated))
        return counter

    def every(self, interval: str | float) -> Callable:
        seconds = parse_duration(interval, field="every")

        def decorate(function):
            def job() -> None:  # what the function returns is not a delay: it is ignored
                function()

            self.jobs.append((function.__name__, job, seconds))
            return function

        return decorate

    def follow(self, peer: str, value: str, peers):
        from fabrique_kit.net import Follower

        follower = Follower(peer, value, self.state, peers)
        self.followers.append(follower)
        if self.on_new_follower is not None:
            self.on_new_follower(follower)
        return follower

    def refresh_all(self) -> None:
        """Refresh every source once: the network ones side by side, so that slow servers
        cost the longest of their deadlines (30 s by default), not their sum."""
        import threading

        def refresh(source) -> None:
            try:
                source.refresh(self.state)
            except Exception:
                log.exception("refresh of %s failed", getattr(source, "name", source))

        sources = list(self.by_name.values())
        remote = [threading.Thread(target=refresh, args=(s,), name=f"fabrique-rafraichir-{s.name}", daemon=True)
                  for s in sources if getattr(s, "url", None)]
        for thread in remote:
            thread.start()
        for source in sources:
            if not getattr(source, "url", None):
                refresh(source)
        for thread in remote:
            thread.join()

    def network_periods(self) -> dict[str, float]:
        """The values read from the network, with their refresh period in seconds."""
        periods = {name: s.every for name, s in self.by_name.items() if getattr(s, "url", None)}
        for follower in self.followers:
            periods[follower.local_name] = 30.0
        return periods

    def feeds(self) -> list:
        return [s for s in self.by_name.values() if hasattr(s, "latest")]

    def local(self) -> list[tuple[str, Any]]:
        """The sources that read local files (not the network), by name."""
        return [(n, s) for n, s in sorted(self.by_name.items()) if not getattr(s, "url", None)]
