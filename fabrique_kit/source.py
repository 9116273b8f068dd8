"""The contract every source keeps, as a typed :class:`Source` protocol.

A source is what the kit refreshes: it has a ``name`` (the state value it writes), an
``every`` (seconds between refreshes, or None when it refreshes itself), a
``refresh(state)`` method and a ``close()`` method; ``attach(state)`` is optional. A
contributed module types its sources against :class:`Source`, and the kit checks a
source with :func:`missing_members` before it starts it.

Example::

    from fabrique_kit import Source

    class Thermometre:
        name, every = "temperature", 60.0

        def refresh(self, state) -> float | None:
            state.set(self.name, 19.5)
            return None            # or the seconds until the next refresh

        def close(self) -> None:
            pass

    isinstance(Thermometre(), Source)   # True
"""

from __future__ import annotations

from typing import Any, Protocol, runtime_checkable

from fabrique_kit.state import State

MEMBERS = ("name", "every", "refresh", "close")


@runtime_checkable
class Source(Protocol):
    """What the kit calls on a source (``attach`` is optional: see :class:`AttachedSource`)."""

    name: str
    every: float | None

    def refresh(self, state: State) -> float | None:
        """Read the data and write it to ``state``; return the seconds to wait, or None for ``every``."""
        ...

    def close(self) -> None:
        """Let go of files, sockets and threads (the kit stops)."""
        ...


@runtime_checkable
class AttachedSource(Source, Protocol):
    """A source that writes its first value (or its cached one) as soon as it is attached."""

    def attach(self, state: State) -> Any:
        """Write the value known now to ``state`` (before the first refresh)."""
        ...


def missing_members(source: object) -> list[str]:
    """The members of the contract that ``source`` lacks (an empty list: it is a source).

    Example: ``missing_members(object())`` → ``['name', 'every', 'refresh', 'close']``
    """
    missing = [member for member in MEMBERS if not hasattr(source, member)]
    return missing + [m for m in ("refresh", "close") if m not in missing and not callable(getattr(source, m))]
