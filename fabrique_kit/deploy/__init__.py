"""From prototype to hall screen: service install, remote deploy with rollback.

The supervisor's deploy API is :mod:`fabrique_kit.deploy.api`; the commands are in
:mod:`fabrique_kit.cli.deploy`; switching the screen off at night is
:mod:`fabrique_kit.screen.power`.

Example::

    from fabrique_kit.deploy import DeployClient, ServiceRoot, deploy_project, make_bundle
"""

from fabrique_kit.deploy.bundle import (
    Bundle,
    BundleError,
    extract_bundle,
    inspect_bundle,
    make_bundle,
)
from fabrique_kit.deploy.client import DeployClient, deploy_project
from fabrique_kit.deploy.sdnotify import Notifier, notify
from fabrique_kit.deploy.versions import ServiceRoot

__all__ = [
    "Bundle",
    "BundleError",
    "DeployClient",
    "Notifier",
    "ServiceRoot",
    "deploy_project",
    "extract_bundle",
    "inspect_bundle",
    "make_bundle",
    "notify",
]
