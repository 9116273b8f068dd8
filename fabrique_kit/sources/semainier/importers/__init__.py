"""Turn other schedules into a semainier document: iCalendar agendas, the national CSV file.

``ical`` also exports a semainier as an ``.ics`` file. Each importer gives
``(document, warnings)``; :func:`~fabrique_kit.sources.semainier.save_semainier` checks
and saves the document.

Example::

    from fabrique_kit.sources.semainier.importers.ical import import_ics
    from fabrique_kit.sources.semainier.importers.mednum import import_mednum
"""
