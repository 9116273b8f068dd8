"""A kit seen on the network: who it is, where to reach it, when it was last seen.

Example::

    peer = Peer(id="k1", name="Accueil", addresses=["192.168.1.20"], port=8080)
    peer.base_url        # 'http://192.168.1.20:8080'
    peer.seen_ago()      # 0.3 (seconds)
"""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime


def url_for(address: str, port: int) -> str:
    """``http://address:port``, with brackets around an IPv6 address."""
    host = f"[{address}]" if ":" in address else address
    return f"http://{host}:{port}"


@dataclass
class Peer:
    """Another kit of the site, as discovery knows it."""

    id: str
    name: str
    place: str = ""
    template: str = ""
    version: str = ""
    addresses: list[str] = field(default_factory=list)
    port: int = 0
    last_seen: float = field(default_factory=time.time)  # seconds since the epoch
    gone: bool = False
    service: str = ""  # the zeroconf instance name, e.g. "Accueil._fabrique._tcp.local."

    @property
    def base_url(self) -> str:
        """The address of its API, e.g. ``http://192.168.1.20:8080``."""
        return self.urls()[0] if self.addresses else ""

    def urls(self) -> list[str]:
        """Every address it can be reached at, the preferred one first."""
        return [url_for(a, self.port) for a in self.addresses]

    def seen_ago(self, now: float | None = None) -> float:
        """Seconds since discovery last heard from it."""
        return max(0.0, (time.time() if now is None else now) - self.last_seen)

    def matches(self, key: str) -> bool:
        """True if ``key`` is its id or its name (case and accents as typed)."""
        return key == self.id or key.casefold() == self.name.casefold()

    def as_dict(self) -> dict:
        data = asdict(self)
        data["last_seen"] = datetime.fromtimestamp(self.last_seen, UTC).isoformat()
        data["base_url"] = self.base_url
        return data
