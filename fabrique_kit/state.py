"""The kit's state: named values, each with a version and the time it was refreshed.

Sources write into the state; the screen, the web app and other kits read it. A value
that did not change keeps its version, so nothing is redrawn for it.

Example::

    from fabrique_kit.state import State
    state = State()
    state.set("message", "Fermé lundi")     # version 1
    state.set("message", "Fermé lundi")     # same value: still version 1
    state.get("message")                    # 'Fermé lundi'
    state.fail("message", "fichier illisible")   # value kept, error noted
"""

from __future__ import annotations

import builtins
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from fabrique_kit.clock import SYSTEM_CLOCK, Clock

_MISSING = object()


@dataclass(frozen=True)
class Value:
    """One named value as it is now.

    - ``version``: grows by one each time the value really changes;
    - ``changed``: when it last changed; ``refreshed``: when a source last confirmed it;
    - ``error``: why the last refresh failed (the value itself is the last good one);
    - ``owner``: the kit that owns it, when it is followed from another kit.
    """

    name: str
    value: Any
    version: int
    changed: datetime
    refreshed: datetime
    error: str | None = None
    owner: str | None = None

    def age(self, now: datetime) -> float:
        """Seconds since a source last confirmed this value.

        Example: ``kit.state.value("actus").age(kit.clock.now())`` → ``90.0``
        """
        return max(0.0, (now - self.refreshed).total_seconds())

    def as_dict(self) -> dict:
        """The value as JSON-ready data (for the kits' API).

        Example: ``kit.state.value("message").as_dict()["version"]`` → ``3``
        """
        return {
            "name": self.name,
            "value": self.value,
            "version": self.version,
            "changed": self.changed.isoformat(),
            "refreshed": self.refreshed.isoformat(),
            "error": self.error,
            "owner": self.owner,
        }


Listener = Callable[[set[str]], None]


_reads = threading.local()


class track_reads:
    """Record the names of the values read in this thread inside a ``with`` block.

    The screen uses it to know which values a drawing depends on, so it redraws only
    when one of them changes.

    Example::

        with track_reads() as names:
            state.get("message")
        names   # {'message'}
    """

    def __enter__(self) -> set[str]:
        self._previous = getattr(_reads, "names", None)
        self.names: set[str] = set()
        _reads.names = self.names
        return self.names

    def __exit__(self, *exc) -> None:
        _reads.names = self._previous
        if self._previous is not None:
            self._previous.update(self.names)


def _record(name: str) -> None:
    names = getattr(_reads, "names", None)
    if names is not None:
        names.add(name)


class State:
    """A small thread-safe store of named values with change notification.

    Example: ``kit.state.set("page", 2)`` then ``kit.state.get("page")`` → ``2``
    """

    def __init__(self, clock: Clock = SYSTEM_CLOCK):
        self.clock = clock
        self._values: dict[str, Value] = {}
        self._version = 0
        self._cond = threading.Condition()
        self._listeners: list[Listener] = []

    # -- reading ---------------------------------------------------------------
    @property
    def version(self) -> int:
        """The store's version: grows whenever any value changes.

        Example: ``since = kit.state.version`` then ``kit.state.wait_for_change(since, 25)``
        """
        with self._cond:
            return self._version

    def get(self, name: str, default: Any = None) -> Any:
        """The current value of ``name``, or ``default``."""
        _record(name)
        with self._cond:
            item = self._values.get(name)
        return default if item is None else item.value

    def value(self, name: str) -> Value | None:
        """The full :class:`Value` of ``name`` (with version, age, error), or None."""
        _record(name)
        with self._cond:
            return self._values.get(name)

    def __contains__(self, name: str) -> bool:
        with self._cond:
            return name in self._values

    def names(self) -> list[str]:
        """The names of every value, sorted.

        Example: ``kit.state.names()`` → ``['attente', 'message', 'semainier']``
        """
        with self._cond:
            return sorted(self._values)

    def snapshot(self, names: Iterable[str] | None = None) -> dict[str, Value]:
        """A consistent copy of some or all values.

        Example: ``{name: v.version for name, v in kit.state.snapshot().items()}``
        """
        with self._cond:
            if names is None:
                return dict(self._values)
            return {n: self._values[n] for n in names if n in self._values}

    # -- writing ---------------------------------------------------------------
    def set(
        self, name: str, value: Any, *, owner: str | None = None, refreshed: datetime | None = None
    ) -> bool:
        """Store ``value``; returns True if it changed (and so bumps its version).

        ``refreshed`` says when the value was really obtained, when it is older than
        now (data read back from a cache after a restart keeps its true age).
        """
        now = refreshed or self.clock.now()
        with self._cond:
            old = self._values.get(name)
            if old is not None and old.value == value and old.owner == owner:
                self._values[name] = replace(old, refreshed=now, error=None)
                return False
            self._values[name] = Value(
                name, value, (old.version + 1) if old else 1, now, now, None, owner
            )
            self._version += 1
            self._cond.notify_all()
        self._notify({name})
        return True

    def touch(self, name: str) -> None:
        """Note that a source confirmed ``name`` without a change (refreshes its age)."""
        now = self.clock.now()
        with self._cond:
            old = self._values.get(name)
            if old is None:
                return
            had_error = old.error is not None
            self._values[name] = replace(old, refreshed=now, error=None)
            if had_error:
                self._version += 1
                self._cond.notify_all()
        if had_error:
            self._notify({name})

    def fail(self, name: str, error: str) -> None:
        """Note that refreshing ``name`` failed; its last good value is kept."""
        now = self.clock.now()
        with self._cond:
            old = self._values.get(name)
            if old is not None and old.error == error:
                return
            if old is None:
                old = Value(name, None, 0, now, now)
            self._values[name] = replace(old, error=error, version=old.version + 1)
            self._version += 1
            self._cond.notify_all()
        self._notify({name})

    def remove(self, name: str) -> None:
        """Forget the value ``name`` (its readers see None).

        Example: ``kit.state.remove("aide")``
        """
        with self._cond:
            if self._values.pop(name, None) is None:
                return
            self._version += 1
            self._cond.notify_all()
        self._notify({name})

    # -- watching --------------------------------------------------------------
    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Call ``listener(names)`` after values change; returns a function to unsubscribe."""
        with self._cond:
            self._listeners.append(listener)

        def unsubscribe() -> None:
            with self._cond:
                if listener in self._listeners:
                    self._listeners.remove(listener)

        return unsubscribe

    def wait_for_change(
        self, since: int, timeout: float | None = None, cancel: threading.Event | None = None
    ) -> int:
        """Block until the store's version passes ``since`` (or ``timeout``); return it.

        This is what long-polling readers (the preview page, other kits) use: no loop
        spins while nothing changes. Setting ``cancel`` then calling :meth:`wake_all`
        releases the waiters at once (used at shutdown).
        """
        with self._cond:
            self._cond.wait_for(
                lambda: self._version > since or (cancel is not None and cancel.is_set()),
                timeout,
            )
            return self._version

    def wake_all(self) -> None:
        """Wake every waiting reader (used at shutdown).

        Example: ``kit.state.wake_all()`` (the kit does it when it stops)
        """
        with self._cond:
            self._cond.notify_all()

    def _notify(self, names: builtins.set[str]) -> None:  # `set` here is State.set
        with self._cond:
            listeners = list(self._listeners)
        for listener in listeners:
            listener(names)
