"""A project as a zip bundle: made on the laptop, checked and unpacked on the kit.

What travels: the project's files (``main.py``, ``fabrique.toml``, ``semainier.json``,
images...). What never travels: the kit's data ``.fabrique/`` (counters, PIN, caches),
``__pycache__``, virtual environments, ``.git``, ``.env`` files, and the site key
(``[site] cle`` is removed from ``fabrique.toml``: the kit keeps its own key).

The receiving side refuses, with a French reason: a bundle too big, ``../`` or
absolute paths, links (symlinks), a zip bomb (too many bytes once unpacked, or a
suspicious compression ratio), a ``.fabrique/`` folder, too many files.

Example::

    bundle = make_bundle("mon-afficheur")          # Bundle(data=b"PK...", files=[...])
    extract_bundle(bundle.data, Path("/tmp/v3"))   # raises BundleError when unsafe
"""

from __future__ import annotations

import io
import os
import stat
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from fabrique_kit.errors import FabriqueError
from fabrique_kit.i18n import _

MAX_BUNDLE = 20 * 1024 * 1024  # bytes of zip sent over the network
MAX_UNPACKED = 100 * 1024 * 1024  # bytes once unpacked
MAX_FILES = 2000
MAX_RATIO = 100  # uncompressed / compressed, for files above RATIO_FLOOR
RATIO_FLOOR = 1024 * 1024
SKIPPED_DIRS = {".fabrique", "__pycache__", ".venv", "venv", ".git", ".pytest_cache", ".mypy_cache",
                ".ruff_cache", "node_modules"}
SKIPPED_FILES = {".env", ".DS_Store", "ecran.png"}
SKIPPED_SUFFIXES = (".pyc", ".pyo", ".swp", "~")
CONFIG_NAME = "fabrique.toml"


class BundleError(FabriqueError):
    """A bundle that cannot be installed (the message says why, in French)."""

    status = 400  # the HTTP status the deploy API answers with


class BundleTooBig(BundleError):
    """A bundle above the size limit."""

    status = 413


@dataclass
class Bundle:
    """A zipped project: its bytes, the files inside and the ones left out."""

    data: bytes
    files: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)

    @property
    def size(self) -> int:
        return len(self.data)


def _skipped(relative: PurePosixPath) -> bool:
    if any(part in SKIPPED_DIRS for part in relative.parts[:-1]) or relative.name in SKIPPED_DIRS:
        return True
    return relative.name in SKIPPED_FILES or relative.name.endswith(SKIPPED_SUFFIXES)


def config_without_key(text: str) -> str:
    """``fabrique.toml``'s text without the ``[site] cle`` secret (comments kept)."""
    import tomlkit

    try:
        document = tomlkit.parse(text)
    except Exception as error:  # tomlkit's parse errors have no common base
        raise BundleError(_("fabrique.toml est illisible : {error}", error=error)) from None
    site = document.get("site")
    if site is not None and "cle" in site:
        del site["cle"]
    return tomlkit.dumps(document)


def make_bundle(project_dir: str | Path, *, max_size: int = MAX_BUNDLE) -> Bundle:
    """Zip the project in ``project_dir`` for ``fabrique deploy``.

    Links (symlinks) are left out and listed in ``skipped``; so are the kit's data,
    caches and secrets. Raises :class:`BundleError` when the result is too big.
    """
    project_dir = Path(project_dir).resolve()
    if not project_dir.is_dir():
        raise BundleError(_("Le dossier {path} n'existe pas.", path=project_dir))
    buffer = io.BytesIO()
    bundle = Bundle(data=b"")
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for folder, dirs, names in os.walk(project_dir):  # never follows links to folders
            here = Path(folder)
            for name in sorted(dirs):
                if name in SKIPPED_DIRS or (here / name).is_symlink():
                    dirs.remove(name)
                    if (here / name).is_symlink():
                        bundle.skipped.append((here / name).relative_to(project_dir).as_posix())
            dirs.sort()
            for name in sorted(names):
                path = here / name
                relative = path.relative_to(project_dir).as_posix()
                if _skipped(PurePosixPath(relative)) or path.is_symlink() or not path.is_file():
                    bundle.skipped.append(relative)
                    continue
                if relative == CONFIG_NAME:
                    archive.writestr(relative, config_without_key(path.read_text(encoding="utf-8")))
                else:
                    archive.write(path, relative)
                bundle.files.append(relative)
    bundle.data = buffer.getvalue()
    if not bundle.files:
        raise BundleError(_("Le dossier {path} ne contient aucun fichier à envoyer.", path=project_dir))
    if bundle.size > max_size:
        raise BundleTooBig(
            _("Le projet fait {size} Mo une fois compressé : c'est plus que {limit} Mo.",
              size=megabytes(bundle.size), limit=megabytes(max_size)),
            hint=_("Retirez les grosses images ou vidéos du dossier du projet."),
        )
    return bundle


def megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}".rstrip("0").rstrip(".")


def _unsafe_name(name: str) -> str | None:
    """The reason why the entry ``name`` cannot be unpacked safely, or None."""
    if "\\" in name or "\0" in name:
        return _("« {name} » contient un caractère interdit dans un chemin.", name=name)
    if name.startswith("/") or (len(name) > 1 and name[1] == ":"):
        return _("« {name} » est un chemin absolu : il écrirait hors du dossier du projet.", name=name)
    parts = PurePosixPath(name).parts
    if ".." in parts:
        return _("« {name} » remonte avec « .. » : il écrirait hors du dossier du projet.", name=name)
    if parts and parts[0] == ".fabrique":
        return _("« {name} » est dans .fabrique/ : les données d'un kit ne voyagent jamais.", name=name)
    return None


def inspect_bundle(data: bytes, *, max_size: int = MAX_BUNDLE, max_unpacked: int = MAX_UNPACKED,
                   max_files: int = MAX_FILES) -> list[zipfile.ZipInfo]:
    """The entries of a bundle once checked; raises :class:`BundleError` with the reason."""
    if len(data) > max_size:
        raise BundleTooBig(
            _("Paquet trop gros : {size} Mo (au plus {limit} Mo).", size=megabytes(len(data)),
              limit=megabytes(max_size)),
            hint=_("Retirez les grosses images ou vidéos du dossier du projet."),
        )
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        raise BundleError(_("Ce paquet n'est pas un fichier zip valide."),
                          hint=_("Envoyez le projet avec « fabrique deploy »."),) from None
    if len(entries) > max_files:
        raise BundleError(_("Le paquet contient {n} fichiers (au plus {limit}).", n=len(entries), limit=max_files))
    total = 0
    for entry in entries:
        reason = _unsafe_name(entry.filename)
        if reason:
            raise BundleError(_("Paquet refusé : {reason}", reason=reason))
        mode = entry.external_attr >> 16
        if stat.S_ISLNK(mode):
            raise BundleError(
                _("Paquet refusé : « {name} » est un lien symbolique ; les liens ne sont pas acceptés.",
                  name=entry.filename),
            )
        if entry.flag_bits & 0x1:
            raise BundleError(_("Paquet refusé : « {name} » est chiffré.", name=entry.filename))
        total += entry.file_size
        if total > max_unpacked:
            raise BundleError(
                _("Paquet refusé : il ferait plus de {limit} Mo une fois décompressé (bombe zip ?).",
                  limit=megabytes(max_unpacked)),
            )
        if entry.file_size > RATIO_FLOOR and entry.file_size > MAX_RATIO * max(entry.compress_size, 1):
            raise BundleError(
                _("Paquet refusé : « {name} » est compressé de façon suspecte (bombe zip ?).", name=entry.filename),
            )
    return entries


def extract_bundle(data: bytes, target: str | Path, **limits) -> list[str]:
    """Check the bundle then unpack it into the new folder ``target``; returns the files.

    The real number of bytes written is counted too (a zip may lie about its sizes).
    """
    entries = inspect_bundle(data, **limits)
    max_unpacked = limits.get("max_unpacked", MAX_UNPACKED)
    target = Path(target)
    target.mkdir(parents=True, exist_ok=False)
    top = target.resolve()
    written = 0
    files = []
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for entry in entries:
            destination = (target / entry.filename).resolve()
            if destination != top and top not in destination.parents:
                raise BundleError(_("Paquet refusé : « {name} » sortirait du dossier du projet.", name=entry.filename))
            if entry.is_dir():
                destination.mkdir(parents=True, exist_ok=True)
                continue
            destination.parent.mkdir(parents=True, exist_ok=True)
            with archive.open(entry) as source, destination.open("wb") as out:
                while chunk := source.read(64 * 1024):
                    written += len(chunk)
                    if written > max_unpacked:
                        raise BundleError(
                            _("Paquet refusé : il ferait plus de {limit} Mo une fois décompressé (bombe zip ?).",
                              limit=megabytes(max_unpacked)),
                        )
                    out.write(chunk)
            files.append(entry.filename)
    return files
