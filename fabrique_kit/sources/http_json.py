"""Deprecated alias of :mod:`fabrique_kit.sources.http.json_source` (until 0.2): import that instead.

Example::

    from fabrique_kit.sources.http.json_source import JsonSource     # the new path
"""

from fabrique_kit.sources._deprecated import warn_moved
from fabrique_kit.sources.http.json_source import *  # noqa: F403
from fabrique_kit.sources.http.json_source import JsonSource, parse_path, pick  # noqa: F401

warn_moved("fabrique_kit.sources.http_json", "fabrique_kit.sources.http.json_source")
