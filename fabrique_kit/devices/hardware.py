"""Turning gpiozero's failures into explained mistakes: busy pins, permissions, drivers.

Example::

    device = build_device(lambda: gpiozero.Button("GPIO17"), ["GPIO17"])
    # a user outside the gpio group gets a HardwareError saying which group to join
"""

from __future__ import annotations

import errno
import warnings
from collections.abc import Callable
from typing import Any

from gpiozero.exc import GPIOPinInUse

from fabrique_kit.errors import HardwareError
from fabrique_kit.i18n import _


def permission_error() -> HardwareError:
    """The error for a user who may not open /dev/gpiomem (not in the gpio group)."""
    return HardwareError(
        _("Pas la permission d'utiliser les broches GPIO (/dev/gpiomem)."),
        hint=_(
            "Ajoutez-vous au groupe gpio : sudo usermod -aG gpio $USER, "
            "puis déconnectez-vous et reconnectez-vous."
        ),
    )


def pin_used_twice(pin, name: str, other: str) -> HardwareError:
    """The error for a pin that ``other`` (a device's label) already uses."""
    return HardwareError(
        _(
            "La broche « {pin} » ({name}) est déjà utilisée par « {other} ».",
            pin=pin,
            name=name,
            other=other,
        ),
        field="pin",
        hint=_(
            "Chaque bouton, capteur ou LED a besoin de sa propre broche : "
            "choisissez-en une autre, ou fermez d'abord l'autre appareil."
        ),
    )


def build_device(make: Callable[[], Any], names: list[str]) -> Any:
    """Create a gpiozero device, turning its errors into explained HardwareErrors."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return make()
    except GPIOPinInUse as error:
        raise HardwareError(
            _(
                "La broche {name} est déjà prise par un autre appareil gpiozero de ce programme.",
                name=names[0],
            ),
            hint=_("Fermez-le d'abord (close()), ou choisissez une autre broche."),
        ) from error
    except PermissionError as error:
        raise permission_error() from error
    except OSError as error:
        if error.errno in (errno.EACCES, errno.EPERM):
            raise permission_error() from error
        raise driver_error(error, names) from error
    except Exception as error:
        raise driver_error(error, names) from error


def driver_error(error: Exception, names: list[str]) -> HardwareError:
    """The explained error for what a pin driver (lgpio, RPi.GPIO...) raised."""
    text = str(error).lower()
    if "permission" in text or "can not open gpiochip" in text:
        return permission_error()
    if "busy" in text:
        return HardwareError(
            _("La broche {name} est occupée par un autre programme.", name=names[0]),
            hint=_(
                "Une ancienne copie du script tourne peut-être encore : arrêtez-la "
                "(Ctrl+C dans son terminal, ou fabrique stop), puis relancez."
            ),
        )
    return HardwareError(
        _("Impossible de préparer {names} : {error}", names=", ".join(names), error=error),
    )
