"""Where the kit's data comes from: files, the network, waiting counters.

The sources write into the kit's state; nothing here imports the screen, the web app,
the kit or the commands (``lint-imports`` checks it), and no module here imports
``click``: the ``fabrique semainier`` and ``fabrique stats`` commands are in
:mod:`fabrique_kit.cli`, over the click-free ``tools`` modules below.

- :mod:`~fabrique_kit.sources.http`: fetching carefully, the disk cache, news feeds,
  JSON values;
- :mod:`~fabrique_kit.sources.semainier`: the weekly schedule of the places (its file,
  its questions, its importers);
- :mod:`~fabrique_kit.sources.counters`: the waiting counters (SQLite events, figures);
- :mod:`~fabrique_kit.sources.holidays_fr`: French public holidays.

``fetch`` and ``http_json`` here are deprecated aliases of ``http.fetch`` and
``http.json_source``, kept until 0.2.

Example::

    from fabrique_kit.sources.semainier import SemainierSource
    from fabrique_kit.sources.counters import Counter
    from fabrique_kit.sources.http.feeds import FeedSource
"""
