"""What a running project prints for the person at the terminal: each line once, in French,
never a Python traceback.

The library logs its problems (``logging``, logger ``fabrique_kit``); without a handler
Python would print them bare, tracebacks included, again at every retry. While a project
runs, :func:`told_once` shows each message once, without its traceback, and turns
the network's retries (an offline laptop) into one French line with the same hint as
``fabrique doctor``. ``captured`` keeps them instead (``fabrique check``, ``preview``).

Example::

    with told_once():
        run_the_kit()
"""

from __future__ import annotations

import contextlib
import logging
import os
import sys
import traceback
from collections.abc import Iterator

from fabrique_kit.errors import FabriqueError
from fabrique_kit.i18n import _

ROOT = "fabrique_kit"
PRESENCE = "fabrique_kit.net.presence"
RENDERER = "fabrique_kit.screen.renderer"
MAX_REMEMBERED = 256  # distinct lines remembered (each said once)


def offline_line(error: BaseException | None) -> str:
    """The one line said when the local network cannot be used, with doctor's hint.

    Example: ``offline_line(error)`` → ``"Réseau local indisponible : … → Branchez …"``
    """
    hint = None
    if isinstance(error, FabriqueError) and error.problems:
        hint = error.problems[0].hint
    text = _("Réseau local indisponible : le kit marche seul et ne trouvera pas les autres kits "
             "(il réessaie en silence).")
    return f"{text}\n  → {hint}" if hint else text


def _shows_traceback(exc_info) -> bool:
    """A traceback is printed for a contributor's code (a module's source or widget), or with
    ``FABRIQUE_DEBUG=1``; a beginner's own mistakes are told located, without one."""
    if os.environ.get("FABRIQUE_DEBUG") == "1":
        return True
    _kind, error, trace = exc_info
    if error is None or isinstance(error, FabriqueError) or trace is None:
        return False
    innermost = traceback.extract_tb(trace)[-1].filename
    library = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    return "site-packages" in innermost and not innermost.startswith(library) or (
        "/fabrique_" in innermost and "/fabrique_kit/" not in innermost)


class _Once(logging.Handler):
    """Print each distinct message once, without traceback; or keep them (``keep``)."""

    def __init__(self, keep: bool):
        super().__init__(logging.WARNING)
        self.keep = keep
        self.records: list[logging.LogRecord] = []
        self.seen: set[str] = set()
        self.offline_told = False

    def emit(self, record: logging.LogRecord) -> None:
        if self.keep:
            self.records.append(record)
            return
        text = self.text(record)
        if text is None or text in self.seen:
            return
        if len(self.seen) >= MAX_REMEMBERED:  # a kit runs for months: the memory stays small
            self.seen.clear()
        self.seen.add(text)
        print(text, file=sys.stderr, flush=True)
        if record.exc_info and _shows_traceback(record.exc_info):
            print("".join(traceback.format_exception(*record.exc_info)).rstrip(), file=sys.stderr, flush=True)

    def text(self, record: logging.LogRecord) -> str | None:
        if record.name == PRESENCE:  # the network is not ready: said once, then silence
            if self.offline_told:
                return None
            self.offline_told = True
            error = next((a for a in (record.args or ()) if isinstance(a, BaseException)), None)
            return offline_line(error)
        try:
            return record.getMessage()
        except Exception:  # noqa: BLE001 - a badly formatted log line is not worth a crash
            return str(record.msg)


@contextlib.contextmanager
def told_once(keep: bool = False) -> Iterator[_Once]:
    """Inside the block, the library's log lines are printed once each (or kept: ``keep``).

    Example: ``with told_once(keep=True) as told: ...``; then ``told.records``
    """
    logger = logging.getLogger(ROOT)
    handler = _Once(keep)
    logger.addHandler(handler)
    try:
        yield handler
    finally:
        logger.removeHandler(handler)


def print_kept(handler: _Once, already_told: str = "") -> None:
    """Print the kept lines once each, leaving out those ``already_told`` holds.

    The renderer's own lines are left out too: the drawing's mistakes are told, located,
    by the error the preview raises.
    """
    handler.keep = False
    for record in handler.records:
        if record.name == RENDERER:
            continue
        text = handler.text(record)
        if text and text not in handler.seen and text not in already_told:
            handler.seen.add(text)
            print(text, file=sys.stderr, flush=True)


def reachability_line(config, host_option: str | None) -> str:
    """One line: can other devices of the network open the preview, and how to restrict it.

    It decides the address as the kit does (``[web] adresse``, ``auto`` = the whole network
    when discovery is on). Example: ``reachability_line(config, None)``
    → ``"L'aperçu est ouvert à tout le réseau local … [web] adresse = \"127.0.0.1\" …"``
    """
    host = host_option or (config.host if config is not None else "auto")
    if host == "auto":
        host = "0.0.0.0" if (config is None or config.discovery) else "127.0.0.1"
    if host in ("127.0.0.1", "localhost", "::1"):
        return _("L'aperçu n'est visible que depuis cet ordinateur (adresse {host}).", host=host)
    if host in ("0.0.0.0", "::"):
        return _("L'aperçu est ouvert à tout le réseau local : les autres appareils du Wi-Fi peuvent le voir. "
                 "Pour le réserver à cet ordinateur : [web] adresse = \"127.0.0.1\" "
                 "dans fabrique.toml.")
    return _("L'aperçu est ouvert aux appareils qui joignent l'adresse {host}. Pour le réserver à cet "
             "ordinateur : [web] adresse = \"127.0.0.1\" dans fabrique.toml.", host=host)
