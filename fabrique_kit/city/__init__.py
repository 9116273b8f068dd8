"""The city network: every place's offer and live waiting status on every hall screen, over
an MQTT broker (Mosquitto) the city runs, with the coordinator's fleet view and the national
open data export. Nothing here runs without ``[ville]`` in ``fabrique.toml``.

- :mod:`~fabrique_kit.city.topics` the topic tree, :mod:`~fabrique_kit.city.payloads` the
  checked JSON messages, :mod:`~fabrique_kit.city.client` the paho-mqtt connection;
- :mod:`~fabrique_kit.city.offer` what a place publishes, :mod:`~fabrique_kit.city.view`
  what a kit received, :mod:`~fabrique_kit.city.nearby` the « Ailleurs aujourd'hui » panel;
- :mod:`~fabrique_kit.city.broker` the coordinator's Mosquitto files,
  :mod:`~fabrique_kit.city.fleet` the fleet, checks and messages,
  :mod:`~fabrique_kit.city.national` the schema « Lieux de médiation numérique ».

Example::

    from fabrique_kit.city.settings import settings_from
    settings = settings_from(kit.config)       # None without [ville]
"""
