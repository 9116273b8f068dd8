"""Fetching over HTTP for the sources, done carefully, and the base of HTTP sources.

What :func:`fetch` does for every source that reads the network:

- a ``User-Agent`` naming fabrique-kit and its version (site owners see who calls);
- a timeout for connecting and for each read, and three times that for the whole
  exchange, headers included (a server sending one byte at a time cannot hold a source
  forever: :mod:`fabrique_kit.sources.deadline` cuts its socket at the deadline);
- a size cap: the download stops as soon as it passes ``max_bytes``;
- conditional GET: with the ``ETag`` / ``Last-Modified`` of the last good answer, an
  unchanged resource answers ``304 Not Modified`` and costs nothing.

Every problem becomes a :class:`FetchError` whose text is a short French reason.

:class:`HttpSource` adds what a feed and a JSON source share: the last good data cached
on disk and shown at once at start, and a retry with growing delays when it fails.

Example::

    result = fetch("https://example.org/feed.xml", timeout=10, max_bytes=2_000_000)
    result.content[:5]          # b'<?xml'
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import requests
import urllib3

from fabrique_kit._version import __version__
from fabrique_kit.clock import SYSTEM_CLOCK, Clock
from fabrique_kit.errors import FabriqueError
from fabrique_kit.i18n import _
from fabrique_kit.sources.deadline import Watchdog, watched_session
from fabrique_kit.sources.http.cache import DiskCache, default_cache_dir

log = logging.getLogger(__name__)
USER_AGENT = f"fabrique-kit/{__version__} (+https://pypi.org/project/fabrique-kit/)"
MAX_REDIRECTS = 5
_OTHER_SCHEMES = {"javascript", "data", "mailto", "file", "ftp", "tel"}
FIRST_RETRY = 30.0  # seconds before the first retry after a failure


class FetchError(Exception):
    """A network or data problem, with a short French reason as its text."""


@dataclass
class FetchResult:
    """The answer of :func:`fetch`.

    ``not_modified`` is True for a ``304``: ``content`` is then empty and the last good
    data is still right.
    """

    url: str
    status: int
    content: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    etag: str | None = None
    last_modified: str | None = None

    @property
    def not_modified(self) -> bool:
        return self.status == 304


def validate_url(url: str, *, field_name: str = "url") -> str:
    """Check that ``url`` is an http(s) address; return it without surrounding spaces.

    Example::

        validate_url("https://www.rennes.fr/feed")     # fine
        validate_url("www.rennes.fr")                  # FabriqueError, with a hint
    """
    text = str(url or "").strip()
    parts = urlsplit(text)
    scheme = parts.scheme.lower()
    names_a_scheme = text[len(scheme) + 1:].startswith("//") or scheme in _OTHER_SCHEMES
    if scheme and names_a_scheme and scheme not in ("http", "https"):
        raise FabriqueError(
            _("L'adresse « {url} » utilise « {scheme} », qui n'est pas accepté.", url=text, scheme=parts.scheme),
            field=field_name,
            hint=_("Seules les adresses https:// et http:// sont acceptées."),
        )
    if scheme not in ("http", "https") or not parts.netloc:
        raise FabriqueError(
            _("« {url} » n'est pas une adresse web.", url=text),
            field=field_name,
            hint=_("Une adresse commence par https:// ou http://, par exemple https://www.rennes.fr/feed"),
        )
    return text


def make_session() -> requests.Session:
    """A requests session with the kit's User-Agent and a small redirect limit, whose
    sockets the total deadline of :func:`fetch` can cut (:mod:`fabrique_kit.sources.deadline`)."""
    return watched_session(USER_AGENT, MAX_REDIRECTS)


def fetch(
    url: str,
    *,
    timeout: float = 10.0,
    max_bytes: int = 2_000_000,
    etag: str | None = None,
    last_modified: str | None = None,
    accept: str = "*/*",
    session: requests.Session | None = None,
) -> FetchResult:
    """Download ``url`` carefully; raise :class:`FetchError` with a French reason.

    Example::

        first = fetch(url)
        again = fetch(url, etag=first.etag, last_modified=first.last_modified)
        again.not_modified      # True when the server says nothing changed
    """
    headers = {"Accept": accept}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    own_session = session is None
    session = session or make_session()
    total = max(timeout * 3, 1.0)
    dog = Watchdog(total)
    try:
        with dog, session.get(url, headers=headers, timeout=timeout, stream=True) as response:
            if response.status_code == 304 and not dog.expired:
                return FetchResult(url=response.url, status=304, headers=dict(response.headers),
                                   etag=etag, last_modified=last_modified)
            if response.status_code >= 400 and not dog.expired:
                raise FetchError(_("le serveur répond « {code} {reason} »",
                                   code=response.status_code, reason=response.reason or ""))
            content = _read_capped(response, timeout=timeout, max_bytes=max_bytes, total=total)
            if dog.expired:  # headers or a body cut short by the deadline may look complete
                raise FetchError(_("le serveur n'a pas répondu à temps ({seconds} s)", seconds=_seconds(total)))
            return FetchResult(url=response.url, status=response.status_code, content=content,
                               headers=dict(response.headers), etag=response.headers.get("ETag"),
                               last_modified=response.headers.get("Last-Modified"))
    except Exception as error:
        if dog.expired:  # the watchdog cut the socket: whatever requests says, it was too slow
            raise FetchError(_("le serveur n'a pas répondu à temps ({seconds} s)", seconds=_seconds(total))) from None
        reason = str(error) if isinstance(error, FetchError) else _reason(error, timeout)
        if reason is None:
            raise
        raise FetchError(reason) from None
    finally:
        if own_session:
            session.close()


def _reason(error: Exception, timeout: float) -> str | None:
    """The short French reason of a download error, or None for an unexpected one.

    Example: ``_reason(requests.exceptions.TooManyRedirects(), 10)`` → ``'trop de redirections'``
    """
    if isinstance(error, requests.exceptions.Timeout):
        return _("le serveur n'a pas répondu à temps ({seconds} s)", seconds=_seconds(timeout))
    if isinstance(error, requests.exceptions.TooManyRedirects):
        return _("trop de redirections")
    if isinstance(error, requests.exceptions.ConnectionError):
        return _("serveur injoignable (pas de réseau ?)")
    if isinstance(error, requests.exceptions.RequestException | OSError | ValueError | urllib3.exceptions.HTTPError):
        return _("téléchargement impossible ({error})", error=type(error).__name__)
    return None


def _read_capped(response: requests.Response, *, timeout: float, max_bytes: int, total: float) -> bytes:
    """The body, stopping past ``max_bytes`` and after ``total`` seconds in all.

    It reads what has arrived (``read1``) rather than waiting for full blocks, so the
    overall limit also holds against a server that sends a few bytes at a time.
    """
    declared = response.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise FetchError(_("réponse trop grosse (plus de {size})", size=_size(max_bytes)))
    deadline = time.monotonic() + total
    read = getattr(response.raw, "read1", None)
    if read is None:  # an unusual transport: whole blocks
        pieces = response.iter_content(chunk_size=8192)
    else:
        pieces = iter(lambda: read(64 * 1024, decode_content=True), b"")
    chunks: list[bytes] = []
    size = 0
    try:
        for chunk in pieces:
            size += len(chunk)
            if size > max_bytes:
                raise FetchError(_("réponse trop grosse (plus de {size})", size=_size(max_bytes)))
            if time.monotonic() > deadline:
                raise FetchError(_("le serveur n'a pas répondu à temps ({seconds} s)",
                                   seconds=_seconds(total)))
            chunks.append(chunk)
    except urllib3.exceptions.ReadTimeoutError:
        raise FetchError(_("le serveur n'a pas répondu à temps ({seconds} s)",
                           seconds=_seconds(timeout))) from None
    except urllib3.exceptions.HTTPError as error:
        raise FetchError(_("téléchargement impossible ({error})", error=type(error).__name__)) from None
    return b"".join(chunks)


def _size(n: int) -> str:
    return f"{n / 1_000_000:g} Mo" if n >= 1_000_000 else f"{n / 1000:g} ko"


def _seconds(timeout: float) -> str:
    return f"{timeout:g}"


def backoff_delay(failures: int, every: float, first: float = FIRST_RETRY) -> float:
    """Seconds before retrying after ``failures`` failures in a row (doubling, capped).

    The cap is ``every`` (never wait longer than a normal refresh), or 15 minutes for a
    source that refreshes only once (``every=0``).

    Example::

        [backoff_delay(n, every=900) for n in (1, 2, 3, 6)]   # [30, 60, 120, 900]
    """
    cap = every if every > 0 else 900.0
    return min(cap, first * 2 ** max(0, failures - 1))


class HttpSource:
    """Base of the sources that read one address: fetch, parse, cache, retry.

    A subclass gives :meth:`parse` (bytes → the value to store) and may give
    :meth:`to_cache` / :meth:`from_cache` when its value is not plain JSON.
    """

    kind = "http"
    accept = "*/*"

    def __init__(
        self,
        url: str,
        *,
        name: str,
        every: float = 900.0,
        cache_dir: Path | str | None = None,
        timeout: float = 10.0,
        max_bytes: int = 2_000_000,
        clock: Clock = SYSTEM_CLOCK,
    ):
        self.url = validate_url(url)
        self.name = name
        self.every = float(every)
        self.timeout = float(timeout)
        self.max_bytes = int(max_bytes)
        self.clock = clock
        folder = Path(cache_dir) if cache_dir is not None else default_cache_dir()
        self.cache = DiskCache(folder, f"{self.kind}-{name}", key=self.url)
        self.failures = 0
        self.confirmed_at: datetime | None = None  # when the server last confirmed the data
        self._etag: str | None = None
        self._last_modified: str | None = None
        self._state = None
        self._cache_loaded = False
        self._cache_lock = threading.Lock()
        self._session: requests.Session | None = None

    # -- for subclasses --------------------------------------------------------
    def parse(self, result: FetchResult) -> Any:
        """Turn a downloaded answer into the value to store; raise FetchError if unusable."""
        raise NotImplementedError

    def to_cache(self, value: Any) -> Any:
        return value

    def from_cache(self, data: Any) -> Any:
        return data

    # -- the Sources contract ----------------------------------------------------
    def attach(self, state) -> None:
        """Show the cached last good data in ``state`` at once (the kit calls it at start)."""
        self._state = state
        try:
            self._load_cache(state)
        except Exception:  # a broken cache never stops the kit
            self._cache_loaded = True

    def refresh(self, state) -> float | None:
        """Fetch, parse and store the value; on any problem keep the last good one.

        Returns the delay before the next try when it failed (growing), else None.

        Example: ``news.refresh(kit.state)`` (the kit calls it every ``every`` seconds)
        """
        self._state = state
        try:
            self._load_cache(state)
            result = fetch(self.url, timeout=self.timeout, max_bytes=self.max_bytes,
                           etag=self._etag, last_modified=self._last_modified,
                           accept=self.accept, session=self._get_session())
            if result.not_modified and state.get(self.name) is not None:
                state.touch(self.name)
            else:
                if result.not_modified:  # 304 but nothing to show: ask again in full
                    self._etag = self._last_modified = None
                    result = fetch(self.url, timeout=self.timeout, max_bytes=self.max_bytes,
                                   accept=self.accept, session=self._get_session())
                value = self.parse(result)
                self._etag, self._last_modified = result.etag, result.last_modified
                state.set(self.name, value)
            self.confirmed_at = self.clock.now()
            self._save_cache(state)
            self.failures = 0
            return None
        except FetchError as error:
            return self._failed(state, str(error))
        except Exception as error:  # a source never breaks the kit; its author gets the traceback
            told = self.__dict__.setdefault("_unexpected_told", set())
            if type(error).__name__ not in told:  # once per kind of error, not at every retry
                told.add(type(error).__name__)
                log.warning("%s: %s", self.name, _("erreur inattendue ({error})", error=type(error).__name__),
                            exc_info=error)
            return self._failed(state, _("erreur inattendue ({error})", error=type(error).__name__))

    def close(self) -> None:
        """Close the HTTP session.

        Example: ``news.close()`` (the kit does it)
        """
        if self._session is not None:
            self._session.close()
            self._session = None

    # -- reading helpers -------------------------------------------------------
    def age(self) -> float | None:
        """Seconds since the server last confirmed the data shown (None: no data yet).

        After a start without network this is the age of the cached copy.

        Example: ``news.age()`` → ``120.0`` (two minutes)
        """
        if self.confirmed_at is None:
            return None
        return max(0.0, (self.clock.now() - self.confirmed_at).total_seconds())

    def error(self) -> str | None:
        """Why the last refresh failed, or None.

        Example: ``news.error()`` → ``'flux injoignable'`` or ``None``
        """
        if self._state is None:
            return None
        value = self._state.value(self.name)
        return value.error if value else None

    # -- inside ----------------------------------------------------------------
    def _get_session(self) -> requests.Session:
        if self._session is None:
            self._session = make_session()
        return self._session

    def _failed(self, state, reason: str) -> float:
        self.failures += 1
        state.fail(self.name, _("{url} : {reason}", url=self.url, reason=reason))
        return backoff_delay(self.failures, self.every)

    def _load_cache(self, state) -> None:
        with self._cache_lock:  # attach (main thread) and refresh (scheduler) may meet
            if self._cache_loaded:
                return
            self._cache_loaded = True
            self._read_cache(state)

    def _read_cache(self, state) -> None:
        saved = self.cache.load()
        if saved is None:
            return
        try:
            value = self.from_cache(saved["value"])
            saved_at = datetime.fromisoformat(saved["saved_at"])
        except Exception:  # an old or damaged cache is only ignored
            return
        self._etag, self._last_modified = saved.get("etag"), saved.get("last_modified")
        self.confirmed_at = saved_at
        if self.name not in state or state.get(self.name) is None:
            state.set(self.name, value, refreshed=saved_at)

    def _save_cache(self, state) -> None:
        value = state.get(self.name)
        self.cache.save({
            "value": self.to_cache(value),
            "saved_at": self.confirmed_at.isoformat() if self.confirmed_at else None,
            "etag": self._etag,
            "last_modified": self._last_modified,
        })
