"""What ``fabrique doctor`` says about the pins: driver, permissions, buses.

Each line is ``(status, message, fix)`` with status ``"ok"``, ``"warning"`` or
``"problem"``, messages in French. Nothing here opens a pin: it only reads files, so
it is safe while the kit runs, and testable with a fake root directory.

Example::

    for status, message, fix in pin_factory_report():
        print(status, message, fix)
"""

from __future__ import annotations

import importlib.util
import os
import stat
import sys
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

from fabrique_kit.devices.board import detect_raspberry_pi, simulation_from_environment
from fabrique_kit.devices.pins import boot_config_path, read_buses
from fabrique_kit.i18n import _

DRIVERS = (("lgpio", "lgpio"), ("rpigpio", "RPi.GPIO"), ("pigpio", "pigpio"))
GPIO_FILES = ("dev/gpiomem", "dev/gpiomem0", "dev/gpiochip0")


class ReportLine(NamedTuple):
    status: str
    message: str
    fix: str = ""


def _group_name(gid: int, root: Path) -> str:
    group_file = root / "etc/group"
    try:
        for line in group_file.read_text(encoding="utf-8").splitlines():
            parts = line.split(":")
            if len(parts) >= 3 and parts[2] == str(gid):
                return parts[0]
    except OSError:
        pass
    return "gpio"


def can_read_write(info: os.stat_result, uid: int, groups: set[int]) -> bool:
    """Whether a user (``uid``, ``groups``) may read and write a file, from its mode bits."""
    if uid == 0:
        return True
    mode = info.st_mode
    if info.st_uid == uid:
        return bool(mode & stat.S_IRUSR and mode & stat.S_IWUSR)
    if info.st_gid in groups:
        return bool(mode & stat.S_IRGRP and mode & stat.S_IWGRP)
    return bool(mode & stat.S_IROTH and mode & stat.S_IWOTH)


def _simulation_line(force, env, model) -> ReportLine:
    from_env = simulation_from_environment(env)
    if force is not None:
        simulate, why = bool(force), _("demandé par --simulate")
    elif from_env is not None:
        simulate = from_env
        why = _("FABRIQUE_SIMULATION={value}", value=int(from_env))
    else:
        simulate = model is None
        why = _("pas de Raspberry Pi détecté") if simulate else _("Raspberry Pi détecté")
    if simulate:
        return ReportLine("ok", _("Broches simulées (MockFactory de gpiozero) : {why}.", why=why))
    if model is None:
        return ReportLine(
            "problem",
            _("Broches réelles demandées ({why}) mais ce n'est pas un Raspberry Pi.", why=why),
            _("Retirez FABRIQUE_SIMULATION=0 ou lancez avec --simulate."),
        )
    return ReportLine("ok", _("Broches réelles ({why}).", why=why))


def _driver_lines(model, env, in_venv, importable) -> list[ReportLine]:
    chosen = env.get("GPIOZERO_PIN_FACTORY")
    if chosen:
        return [
            ReportLine("ok", _("Pilote imposé par GPIOZERO_PIN_FACTORY : {name}.", name=chosen))
        ]
    available = [name for name, module in DRIVERS if importable(module)]
    lines = []
    is_pi5 = "Raspberry Pi 5" in model or "Raspberry Pi 500" in model
    if "lgpio" not in available:
        fix = (
            _(
                "Recréez le venv avec --system-site-packages (python3 -m venv "
                "--system-site-packages .venv) pour voir le lgpio du système."
            )
            if in_venv
            else _("Installez-le : sudo apt install python3-lgpio.")
        )
        lines.append(
            ReportLine(
                "problem" if is_pi5 else "warning",
                _("Le pilote lgpio est introuvable dans ce Python."),
                fix,
            )
        )
    if available:
        lines.append(ReportLine("ok", _("gpiozero utilisera le pilote {name}.", name=available[0])))
    else:
        lines.append(
            ReportLine(
                "problem" if is_pi5 else "warning",
                _("gpiozero n'a que son pilote « native » (sans PWM, incompatible avec le Pi 5)."),
                _("Installez lgpio : sudo apt install python3-lgpio."),
            )
        )
    return lines


def _permission_lines(root: Path, uid: int, groups: set[int]) -> list[ReportLine]:
    lines = []
    found = False
    for relative in GPIO_FILES:
        path = root / relative
        try:
            info = path.stat()
        except OSError:
            continue
        found = True
        shown = "/" + relative
        if can_read_write(info, uid, groups):
            lines.append(ReportLine("ok", _("Accès à {path} : oui.", path=shown)))
        else:
            group = _group_name(info.st_gid, root)
            lines.append(
                ReportLine(
                    "problem",
                    _("Pas la permission d'utiliser {path}.", path=shown),
                    _(
                        "Rejoignez le groupe {group} : sudo usermod -aG {group} $USER, "
                        "puis déconnectez-vous et reconnectez-vous.",
                        group=group,
                    ),
                )
            )
    if not found:
        lines.append(
            ReportLine(
                "warning",
                _(
                    "Aucun fichier /dev/gpiomem ni /dev/gpiochip0 : le noyau n'expose pas les broches."
                ),
                _("Mettez Raspberry Pi OS à jour (sudo apt full-upgrade) puis redémarrez."),
            )
        )
    return lines


def _bus_lines(root: Path, model: str | None) -> list[ReportLine]:
    path = boot_config_path(root)
    if path is None:
        return [
            ReportLine(
                "warning",
                _(
                    "config.txt introuvable (/boot/firmware ou /boot) : bus I2C, SPI, 1-Wire inconnus."
                ),
            )
        ]
    shown = "/" + str(path.relative_to(root))
    try:
        buses = read_buses(path.read_text(encoding="utf-8", errors="replace"), model)
    except OSError as error:
        return [ReportLine("warning", _("{path} illisible : {error}", path=shown, error=error))]
    lines = []
    if buses["i2c"]:
        lines.append(ReportLine("ok", _("I2C activé : GPIO2 et GPIO3 lui sont réservées.")))
    if buses["spi"]:
        lines.append(ReportLine("ok", _("SPI activé : GPIO7 à GPIO11 lui sont réservées.")))
    if buses["one_wire"] is not None:
        lines.append(
            ReportLine(
                "ok", _("1-Wire activé : GPIO{pin} lui est réservée.", pin=buses["one_wire"])
            )
        )
    if not lines:
        lines.append(
            ReportLine("ok", _("Ni I2C, ni SPI, ni 1-Wire : toutes les broches GPIO sont libres."))
        )
    return lines


def pin_factory_report(
    root: str | Path = "/",
    simulate: bool | None = None,
    *,
    env: dict | None = None,
    in_venv: bool | None = None,
    importable: Callable[[str], bool] | None = None,
    uid: int | None = None,
    groups: set[int] | None = None,
) -> list[ReportLine]:
    """The pin lines of ``fabrique doctor``: ``[(status, message, fix), ...]``.

    ``simulate`` is the ``--simulate`` flag; the keyword arguments replace the real
    environment, Python and user in tests.
    """
    root = Path(root)
    env = dict(os.environ) if env is None else env
    if in_venv is None:
        in_venv = sys.prefix != sys.base_prefix
    if importable is None:

        def importable(module: str) -> bool:
            try:
                return importlib.util.find_spec(module) is not None
            except (ImportError, ValueError):
                return False

    if uid is None:
        uid = os.geteuid()
    if groups is None:
        groups = set(os.getgroups()) | {os.getegid()}

    model = detect_raspberry_pi(root)
    lines = [
        ReportLine("ok", _("Carte : {model}.", model=model))
        if model
        else ReportLine("ok", _("Pas de Raspberry Pi détecté (ordinateur portable ?)."))
    ]
    lines.append(_simulation_line(simulate, env, model))
    if model is not None:
        lines += _driver_lines(model, env, in_venv, importable)
        lines += _permission_lines(root, uid, groups)
        lines += _bus_lines(root, model)
    return lines
