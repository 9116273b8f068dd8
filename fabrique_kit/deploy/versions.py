"""The versions of a kit installed as a service, side by side, and the data they share.

A service folder (the "root") looks like this::

    root/
      versions/1/  versions/2/  versions/3/     one project each (the last 5 are kept)
      current -> versions/3                     the version that runs (a symlink)
      data/                                     the kit's data: counters, PIN, caches
      deploy/                                   requests and status of deployments

Each version's ``.fabrique`` is a link to ``root/data``: a deployment never loses the
counters. A new version is flushed to the disk before it is renamed into
``versions/``; ``current`` is switched atomically (a new link replaces the old one with
``os.replace``, then the folder is flushed), so a power cut leaves either the old or the
new version, never none and never half of one.

Example::

    root = ServiceRoot("/home/pi/fabrique-service")
    number = root.install_bundle(data)      # checked, unpacked, key kept: versions/4
    root.switch(number)                     # current -> versions/4
    root.previous()                         # 3
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import uuid
from pathlib import Path

from fabrique_kit.deploy.bundle import CONFIG_NAME, SKIPPED_DIRS, BundleError, extract_bundle
from fabrique_kit.files import sync_folder
from fabrique_kit.i18n import _

KEEP = 5  # versions kept on disk (the current one is always kept)
DATA_LINK = ".fabrique"


class ServiceRoot:
    """The folder of a kit installed as a service (see the module's docstring)."""

    def __init__(self, root: str | Path, keep: int = KEEP):
        self.root = Path(root).absolute()
        self.keep = keep

    # -- where -------------------------------------------------------------------
    @property
    def versions_dir(self) -> Path:
        return self.root / "versions"

    @property
    def data_dir(self) -> Path:
        return self.root / "data"

    @property
    def deploy_dir(self) -> Path:
        return self.root / "deploy"

    @property
    def current_link(self) -> Path:
        return self.root / "current"

    def path(self, number: int) -> Path:
        return self.versions_dir / str(number)

    def exists(self) -> bool:
        return self.current_link.is_symlink() or self.versions_dir.is_dir()

    # -- which -------------------------------------------------------------------
    def versions(self) -> list[int]:
        """The installed version numbers, oldest first."""
        if not self.versions_dir.is_dir():
            return []
        return sorted(int(p.name) for p in self.versions_dir.iterdir() if p.name.isdigit() and p.is_dir())

    def current(self) -> int | None:
        """The number of the version that runs, or None before the first one."""
        try:
            name = Path(os.readlink(self.current_link)).name
        except OSError:
            return None
        return int(name) if name.isdigit() else None

    def previous(self, before: int | None = None) -> int | None:
        """The newest version older than ``before`` (by default the current one)."""
        before = self.current() if before is None else before
        older = [n for n in self.versions() if before is None or n < before]
        return older[-1] if older else None

    def site_key(self) -> str | None:
        """The site key of the running version (``[site] cle`` of its fabrique.toml)."""
        number = self.current()
        if number is None:
            return None
        config = self.path(number) / CONFIG_NAME
        if not config.is_file():
            return None
        from fabrique_kit.net.keys import read_site_key

        try:
            return read_site_key(config)
        except Exception:  # a broken file: no key, every deployment is refused
            return None

    def kit_id(self) -> str:
        """The id of the kit of this service (``data/id``, shared with its ``.fabrique``)."""
        from fabrique_kit.net.identity import kit_id_from

        self.data_dir.mkdir(parents=True, exist_ok=True)
        return kit_id_from(self.data_dir / "id")

    # -- changes -----------------------------------------------------------------
    @contextlib.contextmanager
    def locked(self):
        """Hold the service's lock (one installation or switch at a time, across processes)."""
        self.deploy_dir.mkdir(parents=True, exist_ok=True)
        with open(self.deploy_dir / "lock", "w") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def switch(self, number: int) -> None:
        """Make version ``number`` the current one, atomically."""
        if not self.path(number).is_dir():
            raise BundleError(_("La version {n} n'existe pas sur ce kit.", n=number))
        temporary = self.root / f".current-{uuid.uuid4().hex[:8]}"
        os.symlink(Path("versions") / str(number), temporary)
        os.replace(temporary, self.current_link)  # an atomic swap of the link
        sync_folder(self.root)

    def install_bundle(self, data: bytes, *, key: str | None = None, **limits) -> int:
        """Check and unpack a bundle as a new version (not yet current); returns its number.

        The version keeps this kit's site key (``key``, by default the current one's).
        Raises :class:`BundleError` when the bundle is unsafe or ``fabrique check`` fails.
        """
        self.versions_dir.mkdir(parents=True, exist_ok=True)
        incoming = self.versions_dir / f".incoming-{uuid.uuid4().hex[:8]}"
        try:
            extract_bundle(data, incoming, **limits)
            return self._adopt(incoming, key if key is not None else self.site_key())
        finally:
            if incoming.exists():
                shutil.rmtree(incoming, ignore_errors=True)

    def install_folder(self, project_dir: str | Path) -> int:
        """Copy a project folder as a new version (``fabrique service install``), key included."""
        project_dir = Path(project_dir).resolve()
        self.versions_dir.mkdir(parents=True, exist_ok=True)
        incoming = self.versions_dir / f".incoming-{uuid.uuid4().hex[:8]}"
        try:
            shutil.copytree(project_dir, incoming, symlinks=True,
                            ignore=shutil.ignore_patterns(*SKIPPED_DIRS, "*.pyc"))
            return self._adopt(incoming, None)
        finally:
            if incoming.exists():
                shutil.rmtree(incoming, ignore_errors=True)

    def adopt_data(self, project_dir: str | Path) -> bool:
        """Copy a project's ``.fabrique`` data into the shared data (only when still empty)."""
        source = Path(project_dir) / DATA_LINK
        if not source.is_dir() or (self.data_dir.exists() and any(self.data_dir.iterdir())):
            return False
        shutil.copytree(source, self.data_dir, dirs_exist_ok=True)
        return True

    def _adopt(self, incoming: Path, key: str | None) -> int:
        link = incoming / DATA_LINK
        if link.is_symlink() or link.exists():
            raise BundleError(_("Paquet refusé : « .fabrique » ne doit pas être envoyé."))
        problems = _check(incoming)
        if link.is_symlink():  # made by the check's dry run: never the kit's data
            link.unlink()
        elif link.exists():
            shutil.rmtree(link, ignore_errors=True)
        if problems:
            raise BundleError(
                _("Le projet envoyé ne passe pas « fabrique check » :"), problems=problems,
                hint=_("Lancez « fabrique check » sur votre ordinateur et corrigez les erreurs."),
            )
        if key:
            from fabrique_kit.net.keys import write_site_key

            config = incoming / CONFIG_NAME
            if not config.exists():
                config.write_text("", encoding="utf-8")
            write_site_key(config, key)
        self.data_dir.mkdir(parents=True, exist_ok=True)
        os.symlink(Path("..") / ".." / "data", link)
        _sync_tree(incoming)
        with self.locked():
            number = (self.versions()[-1] if self.versions() else 0) + 1
            os.rename(incoming, self.path(number))
            sync_folder(self.versions_dir)
        return number

    def prune(self, *, keep_also: tuple[int | None, ...] = (), failed: tuple[int, ...] = ()) -> list[int]:
        """Remove versions beyond ``keep``; returns them.

        Never the current one nor those in ``keep_also`` (the last known-good); the
        ``failed`` ones go first, then the oldest.

        Example: ``service.prune(keep_also=(board.last_good(service.versions()),), failed=(4,))``
        """
        protected = {self.current(), *keep_also}
        versions = self.versions()
        newest = set(versions[-self.keep:]) if self.keep else set()
        removed = []
        for number in versions:
            if number in protected or (number in newest and number not in failed):
                continue
            shutil.rmtree(self.path(number), ignore_errors=True)
            removed.append(number)
        return removed

    def clean_leftovers(self) -> list[str]:
        """Remove what a power cut left half done: unpacked bundles and temporary links.

        Example: ``service.clean_leftovers()`` → ``['.incoming-3fa2c1d0']``
        """
        found = []
        places = [(self.versions_dir, ".incoming-"), (self.root, ".current-")]
        for folder, prefix in places:
            if not folder.is_dir():
                continue
            for path in folder.iterdir():
                if not path.name.startswith(prefix):
                    continue
                if path.is_symlink() or path.is_file():
                    path.unlink(missing_ok=True)
                else:
                    shutil.rmtree(path, ignore_errors=True)
                found.append(path.name)
        return found


def _check(folder: Path) -> list:
    """The errors of ``fabrique check`` on ``folder``, with paths relative to it."""
    from fabrique_kit.project.check import check_project

    errors = []
    prefix = str(folder.resolve()) + os.sep
    # no dry run here: the supervisor must not import the kit nor run the new main.py itself;
    # the new version's first start is its dry run (a crash-loop goes back to the last good)
    for problem in check_project(folder, dry_run=False):
        if problem.severity != "error":
            continue
        if problem.file:
            problem.file = str(problem.file).replace(prefix, "") or "."
        errors.append(problem)
    return errors


def _sync_tree(folder: Path) -> None:
    """Flush every file and folder under ``folder`` to the disk (links are not followed)."""
    for here, _dirs, files in os.walk(folder):
        for name in files:
            path = Path(here) / name
            if path.is_symlink():
                continue
            with contextlib.suppress(OSError), open(path, "rb") as handle:
                os.fsync(handle.fileno())
        sync_folder(here)
