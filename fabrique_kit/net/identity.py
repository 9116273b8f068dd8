"""A kit's id (``.fabrique/id``): read it, or make a new one when it is missing or damaged.

Other kits pin this id once the kit has proven the site key (net/signing.py), so it must
stay the same; but garbage in the file (a cut write, random bytes) must never stop the
kit. A damaged id is replaced by a new one, with a warning in the journal: the other
kits then see a new kit (their pin is renewed at the next proven contact), nothing else.

Example::

    from fabrique_kit.net.identity import kit_id_from
    kit_id_from(Path(".fabrique") / "id")      # '3f9c2a71b0d4'
"""

from __future__ import annotations

import contextlib
import logging
import re
import uuid
from pathlib import Path

from fabrique_kit.files import write_atomically
from fabrique_kit.i18n import _

log = logging.getLogger(__name__)
_ID_SHAPE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{3,63}$")


def valid_kit_id(text: str) -> bool:
    """True for 4 to 64 letters, digits, ``-`` or ``_`` (the shape of a kit's id).

    Example: ``valid_kit_id("3f9c2a71b0d4")`` → ``True``
    """
    return bool(_ID_SHAPE.match(text or ""))


def kit_id_from(path: Path) -> str:
    """The id kept in ``path``; a new one is written there when it is missing or damaged.

    Example: ``kit_id_from(Path("data") / "id")`` → ``'3f9c2a71b0d4'``
    """
    try:
        text = path.read_bytes()[:256].decode("ascii").strip()
    except FileNotFoundError:
        text = None
    except (OSError, UnicodeDecodeError):
        text = ""
    if text is not None and valid_kit_id(text):
        return text
    value = uuid.uuid4().hex[:12]
    if text is not None:
        log.warning("%s", _("L'identifiant du kit ({path}) était abîmé : un nouveau est utilisé ({value}). "
                            "Les autres kits le vérifieront à nouveau avec la clé du site.", path=path, value=value))
    with contextlib.suppress(OSError):
        write_atomically(path, value)
    return value
