"""The site key: a shared secret that every kit of one site knows.

Reading a kit is public; every write (an action sent by another kit) must carry the
site key in the ``X-Fabrique-Key`` header. The key is kept in the kit's
``fabrique.toml`` (``[site] cle = "..."``), which ``fabrique pair`` reads and writes.

Example::

    from fabrique_kit.net.keys import generate_site_key, keys_match, read_site_key
    key = generate_site_key()          # 'kq3J0...' (43 characters)
    keys_match(key, key)               # True
    read_site_key(Path("mon-afficheur/fabrique.toml"))   # the key, or None
"""

from __future__ import annotations

import hmac
import re
import secrets
import stat
from pathlib import Path

from fabrique_kit.errors import FabriqueError
from fabrique_kit.i18n import _

HEADER = "X-Fabrique-Key"
CONFIG_FILE = "fabrique.toml"
_KEY_SHAPE = re.compile(r"^[A-Za-z0-9_\-]{16,128}$")


def generate_site_key() -> str:
    """A new random site key (32 random bytes, URL-safe text)."""
    return secrets.token_urlsafe(32)


def looks_like_site_key(text: str) -> bool:
    """True if ``text`` has the shape of a site key (16 to 128 letters, digits, ``-`` or ``_``)."""
    return bool(_KEY_SHAPE.match(text or ""))


def keys_match(given: str | None, expected: str | None) -> bool:
    """Compare two keys in constant time; a missing key never matches."""
    if not given or not expected:
        return False
    return hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8"))


def read_site_key(config: Path) -> str | None:
    """The ``[site] cle`` of a ``fabrique.toml`` file, or None.

    Example: ``read_site_key(Path("fabrique.toml"))`` → ``'kq3J0…'``
    """
    import tomlkit

    document = tomlkit.parse(config.read_text(encoding="utf-8"))
    site = document.get("site")
    key = site.get("cle") if site is not None else None
    return str(key) if key else None


def write_site_key(config: Path, key: str) -> None:
    """Write ``[site] cle = "<key>"`` into ``config``, keeping its comments and layout.

    The file is replaced in one step (a power cut leaves the old one or the new one)
    and keeps its permissions.

    Example: ``write_site_key(Path("fabrique.toml"), generate_site_key())``
    """
    import tomlkit

    from fabrique_kit.files import write_atomically

    document = tomlkit.parse(config.read_text(encoding="utf-8"))
    if "site" not in document:
        document.add(tomlkit.nl())
        document.add("site", tomlkit.table())
    document["site"]["cle"] = key
    write_atomically(config, tomlkit.dumps(document), mode=stat.S_IMODE(config.stat().st_mode))


def ensure_site_key(config: Path) -> tuple[str, bool]:
    """The site key of ``config``, made and written first if it has none; ``(key, created)``.

    Example: ``key, created = ensure_site_key(Path("fabrique.toml"))``
    """
    current = read_site_key(config)
    if current is not None:
        return current, False
    current = generate_site_key()
    write_site_key(config, current)
    return current, True


def site_config(directory: str | Path) -> Path:
    """The ``fabrique.toml`` of the kit in ``directory`` (a clear error when there is none).

    Example: ``site_config("mon-afficheur")`` → ``Path("mon-afficheur/fabrique.toml")``
    """
    config = Path(directory) / CONFIG_FILE
    if not config.is_file():
        raise FabriqueError(
            _("Pas de fichier {file} dans « {folder} ».", file=CONFIG_FILE, folder=directory),
            hint=_(
                "Lancez la commande dans le dossier du kit, ou donnez ce dossier : fabrique pair DOSSIER"
            ),
        )
    return config


def save_site_key(config: Path, key: str) -> str:
    """Check the shape of ``key`` (given by another kit) and write it into ``config``.

    Example: ``save_site_key(Path("fabrique.toml"), "kq3J0…")``
    """
    key = key.strip()
    if not looks_like_site_key(key):
        raise FabriqueError(
            _("Cette clé de site n'a pas la bonne forme."),
            field="site.cle",
            hint=_("Copiez toute la ligne affichée par « fabrique pair --show » sur l'autre kit."),
        )
    write_site_key(config, key)
    return key
