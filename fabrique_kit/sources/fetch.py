"""Deprecated alias of :mod:`fabrique_kit.sources.http.fetch` (until 0.2): import that instead.

Example::

    from fabrique_kit.sources.http.fetch import FetchError     # the new path
"""

from fabrique_kit.sources._deprecated import warn_moved
from fabrique_kit.sources.http.fetch import *  # noqa: F403
from fabrique_kit.sources.http.fetch import FetchError, FetchResult, HttpSource, fetch  # noqa: F401

warn_moved("fabrique_kit.sources.fetch", "fabrique_kit.sources.http.fetch")
