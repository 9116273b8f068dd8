"""The warning of the old module paths that stay one version as deprecated aliases.

``fabrique_kit.sources.fetch`` and ``fabrique_kit.sources.http_json`` are named in the
stable API of module authors; they moved to ``fabrique_kit.sources.http`` in 0.1 and
stay importable, with a :class:`DeprecationWarning`, until 0.2.

Example::

    warn_moved("fabrique_kit.sources.fetch", "fabrique_kit.sources.http.fetch")
"""

from __future__ import annotations

import warnings

from fabrique_kit.i18n import _


def warn_moved(old: str, new: str) -> None:
    """Warn (DeprecationWarning) that ``old`` moved to ``new``, at the line that imported it.

    Example: ``warn_moved("fabrique_kit.sources.fetch", "fabrique_kit.sources.http.fetch")``
    """
    warnings.warn(
        _("Le module {old} a changé de place : importez {new} (l'ancien chemin disparaîtra en version 0.2).",
          old=old, new=new),
        DeprecationWarning,
        stacklevel=3,  # the line that imported the alias (Python skips importlib's frames)
    )

