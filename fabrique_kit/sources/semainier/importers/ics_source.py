"""Where an iCalendar agenda comes from: a file, or an ``http(s)://`` (or ``webcal://``)
address, read with a size cap and a total deadline, headers included.

Example::

    data = read_ics("https://agenda.example.org/permanences.ics", timeout=10)
    data[:15]      # b'BEGIN:VCALENDAR'
"""

from __future__ import annotations

import time
from pathlib import Path

from fabrique_kit.errors import DataError
from fabrique_kit.i18n import _
from fabrique_kit.sources.semainier.fields import excerpt

MAX_BYTES = 20_000_000
"""The largest agenda read (a year of a busy place's agenda is well under 1 MB)."""


def read_ics(source: str, timeout: float = 10.0, max_bytes: int = MAX_BYTES) -> bytes:
    """The bytes of an ``.ics`` file path or ``http(s)://`` address; DataError when unreachable.

    A download stops past ``max_bytes`` and after ``3 × timeout`` seconds in all, headers
    included (:mod:`fabrique_kit.sources.deadline`); a file is refused past ``max_bytes`` too.

    Example: ``read_ics("permanences.ics")[:15]`` → ``b'BEGIN:VCALENDAR'``
    """
    if source.startswith("webcal://"):  # the address agendas give for subscribing
        source = "https://" + source.removeprefix("webcal://")
    if source.startswith(("http://", "https://")):
        return _download(source, timeout, max_bytes)
    try:
        if Path(source).stat().st_size > max_bytes:
            raise DataError(_too_big(max_bytes), file=source)
        return Path(source).read_bytes()
    except OSError as error:
        raise DataError(_("Fichier introuvable : {path}", path=source), file=source) from error


def _too_big(max_bytes: int) -> str:
    return _("L'agenda est trop gros (plus de {size} Mo).", size=format(max_bytes / 1_000_000, "g"))


def _download(url: str, timeout: float, max_bytes: int) -> bytes:
    """The body at ``url``, capped in size and in total time; DataError otherwise."""
    import requests

    from fabrique_kit._version import __version__
    from fabrique_kit.sources.deadline import Watchdog, watched_session

    total = max(timeout * 3, 1.0)
    dog = Watchdog(total)
    session = watched_session(f"fabrique-kit/{__version__}")
    chunks: list[bytes] = []
    deadline = time.monotonic() + total
    try:
        with dog, session.get(url, timeout=timeout, stream=True) as response:
            response.raise_for_status()
            declared = response.headers.get("Content-Length", "")
            if declared.isdigit() and int(declared) > max_bytes:
                raise DataError(_too_big(max_bytes))
            size = 0
            for chunk in response.iter_content(64 * 1024):
                size += len(chunk)
                if size > max_bytes:
                    raise DataError(_too_big(max_bytes))
                if time.monotonic() > deadline or dog.expired:
                    break
                chunks.append(chunk)
    except requests.RequestException as error:
        if not dog.expired:
            raise DataError(_("Impossible de télécharger l'agenda {url} : {error}", url=excerpt(url, 200),
                                error=excerpt(error, 200)),
                            hint=_("Vérifiez l'adresse et la connexion au réseau.")) from None
    finally:
        session.close()
    if dog.expired or time.monotonic() > deadline:
        raise DataError(_("Impossible de télécharger l'agenda {url} : {error}", url=excerpt(url, 200),
                            error=_("pas de réponse complète en {seconds} s", seconds=format(total, "g"))),
                        hint=_("Vérifiez l'adresse et la connexion au réseau."))
    return b"".join(chunks)
