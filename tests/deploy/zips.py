"""Helpers that build bundles, good and malicious, in memory."""

from __future__ import annotations

import io
import stat
import zipfile


def make_zip(entries: dict[str, bytes | str], *, links: dict[str, str] | None = None,
             compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    """A zip of ``entries`` (name: content) and symlinks ``links`` (name: target)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=compression) as archive:
        for name, content in entries.items():
            info = zipfile.ZipInfo(name)
            info.compress_type = compression
            archive.writestr(info, content)
        for name, target in (links or {}).items():
            info = zipfile.ZipInfo(name)
            info.external_attr = (stat.S_IFLNK | 0o777) << 16
            archive.writestr(info, target)
    return buffer.getvalue()


def project_zip(extra: dict[str, bytes | str] | None = None, **kwargs) -> bytes:
    """A small valid project (main.py only) plus ``extra`` entries."""
    entries = {"main.py": "from fabrique_kit import Kit\nKit().run()\n"}
    entries.update(extra or {})
    return make_zip(entries, **kwargs)
