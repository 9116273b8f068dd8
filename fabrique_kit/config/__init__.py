"""The kit's config file, ``fabrique.toml``: one schema, read and checked the same way by
``fabrique check`` and ``fabrique run``.

Example::

    from fabrique_kit.config import load_config
    config = load_config("fabrique.toml")
    config.place            # 'Espace Social Commun Maurepas'
    config.screen.size      # (1920, 1080)
"""

from fabrique_kit.config.checker import PARSERS, check_config, load_config, parse_size
from fabrique_kit.config.lines import find_key_line, located
from fabrique_kit.config.models import (
    ButtonConfig,
    CounterConfig,
    FeedConfig,
    KitConfig,
    ScreenConfig,
    default_config,
)
from fabrique_kit.config.schema import (
    CHOICES,
    CONFIG_NAME,
    LIST_SECTIONS,
    REQUIRED,
    SCHEMA,
    SECTIONS,
)
from fabrique_kit.errors import field_name

__all__ = [
    "CHOICES",
    "CONFIG_NAME",
    "LIST_SECTIONS",
    "PARSERS",
    "REQUIRED",
    "SCHEMA",
    "SECTIONS",
    "ButtonConfig",
    "CounterConfig",
    "FeedConfig",
    "KitConfig",
    "ScreenConfig",
    "check_config",
    "default_config",
    "field_name",
    "find_key_line",
    "load_config",
    "located",
    "parse_size",
]
