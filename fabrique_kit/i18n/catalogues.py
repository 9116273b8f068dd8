"""The compiled catalogues: ``.mo`` files read with the standard library's ``gettext``.

The English texts are written in ``.po`` files (one per part of the library). A wheel
ships them compiled to ``.mo`` (``setup.py`` compiles them at build), so a hall screen
reads them with :mod:`gettext` alone: about 9 ms and 0.8 MB at start, where parsing
the ``.po`` files with Babel took 48–67 ms and 2.7 MB. In a source tree (a clone, an
editable install) a ``.mo`` is compiled again, with Babel, whenever its ``.po``
changed: the ``.mo`` remembers the digest of the ``.po`` it was made from.

Example::

    from fabrique_kit.i18n.catalogues import translations
    translations("en").gettext("Le message est vide.")   # 'The message is empty.'
"""

from __future__ import annotations

import gettext
import hashlib
import io
import os
import tempfile
from functools import cache
from pathlib import Path

LOCALES = Path(__file__).parent / "locales"
DIGEST_KEY = "x-po-digest"  # a header of the .mo: the sha256 of the .po it was made from


def po_digest(po: Path) -> str:
    """The sha256 of a ``.po`` file, as written in the header of its ``.mo``."""
    return hashlib.sha256(po.read_bytes()).hexdigest()


def compile_po(po: Path) -> bytes:
    """The ``.mo`` bytes of one ``.po`` file (Babel), its digest in the header.

    Example: ``Path("core.mo").write_bytes(compile_po(Path("core.po")))``
    """
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with po.open("rb") as handle:
        catalog = read_po(handle, locale=po.parent.parent.name)
    buffer = io.BytesIO()
    # Babel writes the header from the catalogue's fields: the digest goes in the project id
    catalog.project = f"fabrique-kit {DIGEST_KEY}={po_digest(po)}"
    write_mo(buffer, catalog)
    return buffer.getvalue()


def _fresh_mo(po: Path) -> bytes | Path:
    """The ``.mo`` of ``po``: the file beside it when it is up to date, else compiled again."""
    mo = po.with_suffix(".mo")
    digest = po_digest(po)
    if mo.exists():
        head = mo.read_bytes()
        if f"{DIGEST_KEY}={digest}".encode() in head:
            return mo
    data = compile_po(po)
    try:  # keep it for the next start; a read-only install compiles in memory each time
        with tempfile.NamedTemporaryFile(dir=po.parent, suffix=".tmp", delete=False) as tmp:
            tmp.write(data)
        os.replace(tmp.name, mo)
    except OSError:
        pass
    return data


def mo_files(lang: str) -> list[bytes | Path]:
    """The compiled catalogues of ``lang``: a wheel's ``.mo`` files, or the source tree's ``.po``."""
    folder = LOCALES / lang / "LC_MESSAGES"
    pos = sorted(folder.glob("*.po"))
    if pos:
        return [_fresh_mo(po) for po in pos]
    return sorted(folder.glob("*.mo"))


@cache
def parts(lang: str) -> tuple[gettext.GNUTranslations, ...]:
    """The catalogues of ``lang``, each read once (a hall screen reads them at start)."""
    found = []
    for item in mo_files(lang):
        data = item.read_bytes() if isinstance(item, Path) else item
        found.append(gettext.GNUTranslations(io.BytesIO(data)))
    return tuple(found)


def translations(lang: str) -> gettext.NullTranslations:
    """All the catalogues of ``lang`` as one :mod:`gettext` chain (for plural forms)."""
    chain = gettext.NullTranslations()
    for part in parts(lang):
        chain.add_fallback(part)
    return chain


def messages(lang: str) -> dict[str, str]:
    """The single (not plural) messages of ``lang`` as a dict: French id → translation."""
    merged: dict[str, str] = {}
    for part in parts(lang):
        catalog = getattr(part, "_catalog", {})
        merged.update({k: v for k, v in catalog.items() if isinstance(k, str) and k and v})
    return merged


def plural_ids(lang: str) -> set[str]:
    """The French singular ids that ``lang`` translates with plural forms."""
    return {k[0] for part in parts(lang) for k in getattr(part, "_catalog", {}) if isinstance(k, tuple)}
