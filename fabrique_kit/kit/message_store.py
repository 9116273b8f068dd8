"""The banner's messages on disk: a small JSON file in the kit's data folder, so a hall
screen that loses power still shows « fermé exceptionnellement mardi » when it comes back.

The file ``.fabrique/messages.json`` holds the message shown now (the ones the mediators
posted; the ``[message] texte`` of ``fabrique.toml`` is the config's), the planned ones,
and whether the config's starting message was still shown. It is replaced atomically
(:func:`fabrique_kit.files.write_json_atomically`) at each change. Reading is bounded
(256 KB, 50 messages); ended messages are dropped; a damaged file is renamed aside
(``messages.json.abime-<date>``) with a warning in the log, and the kit starts without
the saved messages; it never stops the kit.

Example::

    save_messages(path, current, planned, initial="Bienvenue", initial_shown=False)
    saved = read_messages(path, clock.now(), clock.tz)
    saved.current["text"] if saved.current else None      # 'Fermé mardi'
"""

from __future__ import annotations

import json
import logging
import secrets
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from pathlib import Path

from fabrique_kit.files import write_json_atomically
from fabrique_kit.i18n import _

log = logging.getLogger("fabrique_kit")

MESSAGES_FILE = "messages.json"
MAX_FILE_BYTES = 256 * 1024
MAX_MESSAGES = 50
KINDS = ("information", "fermeture", "alerte")
MAX_TEXT = 500
VERSION = 1


@dataclass
class SavedMessages:
    """What the file held: the message shown (or None), the planned ones, the start's state.

    ``initial`` is the config's starting text when it was saved; ``initial_shown`` tells
    whether it was still on the screen then (False: cleared or replaced).
    """

    current: dict | None = None
    planned: list[dict] = field(default_factory=list)
    initial: str | None = None
    initial_shown: bool = True


def save_messages(path: Path, current: dict | None, planned: list[dict], *, initial: str,
                  initial_shown: bool) -> None:
    """Replace ``path`` with the messages, atomically; a failed write is logged, never raised.

    Example: ``save_messages(Path(".fabrique/messages.json"), msg, [], initial="", initial_shown=False)``
    """
    data = {"version": VERSION, "message": current, "prevus": planned[:MAX_MESSAGES],
            "depart": initial, "depart_affiche": initial_shown}
    try:
        write_json_atomically(path, data)
    except (OSError, TypeError, ValueError) as error:
        log.warning("%s", _("Les messages du bandeau n'ont pas pu être enregistrés : {error}", error=error))


def read_messages(path: Path, now: datetime, tz: tzinfo) -> SavedMessages | None:
    """The messages saved in ``path`` still valid at ``now``; None without a usable file.

    A damaged file (not JSON, too big, not the expected shape) is renamed aside.

    Example: ``read_messages(Path(".fabrique/messages.json"), clock.now(), clock.tz)``
    """
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        return None
    except OSError as error:
        log.warning("%s", _("Le fichier des messages {file} n'a pas pu être lu : {error}", file=path.name,
                            error=error))
        return None
    try:
        if len(raw) > MAX_FILE_BYTES:
            raise ValueError("too big")
        data = json.loads(raw.decode("utf-8"))
        if not isinstance(data, dict) or not isinstance(data.get("prevus", []), list):
            raise ValueError("not a banner file")
    except ValueError:
        _set_aside(path, now)
        return None
    entries = (data.get("prevus") or [])[:MAX_MESSAGES]
    shown = data.get("message")
    current = _message(shown, now, tz, planned=False)
    planned = [m for m in (_message(e, now, tz, planned=True) for e in entries) if m]
    unreadable = [e for e in entries if _message(e, now, tz, planned=True, strict=False) is None]
    if unreadable or (shown is not None and _message(shown, now, tz, planned=False, strict=False) is None):
        log.warning("%s", _("Des messages illisibles du fichier {file} ont été ignorés.", file=path.name))
    initial = data.get("depart")
    return SavedMessages(
        current=current,
        planned=sorted(planned, key=lambda m: m["from"]),
        initial=initial if isinstance(initial, str) else None,
        initial_shown=data.get("depart_affiche") is not False,
    )


def _moment(value, tz: tzinfo) -> datetime | None:
    """An ISO date and time (None stays None); ValueError otherwise."""
    if value is None:
        return None
    if not isinstance(value, str) or len(value) > 40:
        raise ValueError(value)
    moment = datetime.fromisoformat(value)
    return moment if moment.tzinfo else moment.replace(tzinfo=tz)


def _message(entry, now: datetime, tz: tzinfo, *, planned: bool, strict: bool = True) -> dict | None:
    """One saved message, checked; None when it is unreadable or (``strict``) already ended."""
    if not isinstance(entry, dict) or not isinstance(entry.get("text"), str) or not entry["text"].strip():
        return None
    try:
        begin, end = _moment(entry.get("from"), tz), _moment(entry.get("until"), tz)
    except ValueError:
        return None
    if planned and begin is None:
        return None
    if strict and end is not None and end <= now:
        return None  # ended while the kit was off
    kind = entry.get("kind") if entry.get("kind") in KINDS else "information"
    ident = entry.get("id")
    value = {"text": entry["text"].strip()[:MAX_TEXT], "until": end.isoformat() if end else None, "kind": kind,
             "id": ident if isinstance(ident, str) and 0 < len(ident) <= 16 else secrets.token_hex(4)}
    if begin is not None:
        value["from"] = begin.isoformat()
    return value


def _set_aside(path: Path, now: datetime) -> None:
    """Rename a damaged file ``<name>.abime-<date>`` beside it (kept for a look) and warn."""
    stamp = now.strftime("%Y-%m-%d-%H%M")
    target = path.with_name(f"{path.name}.abime-{stamp}")
    n = 1
    while target.exists() and n < 100:
        n += 1
        target = path.with_name(f"{path.name}.abime-{stamp}-{n}")
    try:
        path.replace(target)
    except OSError:
        target = path
    log.warning("%s", _("Le fichier des messages {file} était abîmé : mis de côté sous {aside}, "
                        "le kit démarre sans les messages enregistrés.", file=path.name, aside=target.name))
