"""Sources that read the network: careful fetching, the disk cache, feeds and JSON values.

Its modules import one way only (a contract of ``lint-imports`` checks it):
``feeds`` (RSS and Atom) and ``json_source`` (one value of a JSON document) →
``fetch`` (HTTP done carefully, the base :class:`~.fetch.HttpSource`) → ``cache`` (the
last good data on disk). Nothing is imported here, so that reading a semainier never
loads ``requests`` or ``feedparser``.

Example::

    from fabrique_kit.sources.http.feeds import FeedSource
    from fabrique_kit.sources.http.json_source import JsonSource
    from fabrique_kit.sources.http.fetch import FetchError
"""
