"""From prototype to hall screen: service install, remote deploy with rollback, screen schedule.

Example::

    from fabrique_kit.deploy import ServiceRoot, make_bundle, ScreenSchedule, choose_power
"""

from fabrique_kit.deploy.bundle import (
    Bundle,
    BundleError,
    extract_bundle,
    inspect_bundle,
    make_bundle,
)
from fabrique_kit.deploy.deploy_client import DeployClient, deploy_project
from fabrique_kit.deploy.screen_power import ScreenPower, ScreenSchedule, choose_power
from fabrique_kit.deploy.sdnotify import Notifier, notify
from fabrique_kit.deploy.versions import ServiceRoot

__all__ = [
    "Bundle",
    "BundleError",
    "DeployClient",
    "Notifier",
    "ScreenPower",
    "ScreenSchedule",
    "ServiceRoot",
    "choose_power",
    "deploy_project",
    "extract_bundle",
    "inspect_bundle",
    "make_bundle",
    "notify",
]
