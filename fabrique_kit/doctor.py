"""``fabrique doctor``: what this machine is and what will work, one line each.

Each check gives a status (``ok``, ``warning``, ``problem``), a sentence and, when
something is wrong, the fix to try.

Example::

    for check in run_checks():
        print(check.status, check.message)
"""

from __future__ import annotations

import os
import platform
import shutil
import socket
import sys
from dataclasses import dataclass
from pathlib import Path

from fabrique_kit.i18n import _

OK, WARNING, PROBLEM = "ok", "warning", "problem"


@dataclass
class Check:
    topic: str
    status: str
    message: str
    fix: str | None = None

    def as_dict(self) -> dict:
        return {"topic": self.topic, "status": self.status, "message": self.message, "fix": self.fix}


def label(status: str) -> str:
    """The word shown before a line: OK, ATTENTION, PROBLÈME."""
    return {OK: _("OK"), WARNING: _("ATTENTION"), PROBLEM: _("PROBLÈME")}[status]


def check_machine(root: Path = Path("/")) -> Check:
    from fabrique_kit.devices import detect_raspberry_pi

    model = detect_raspberry_pi(root=str(root))
    if model:
        return Check(_("Machine"), OK, _("Raspberry Pi détecté : {model}.", model=model))
    return Check(
        _("Machine"),
        OK,
        _("Pas un Raspberry Pi ({system} {machine}) : le kit tournera en simulation.",
          system=platform.system(), machine=platform.machine()),
    )


def check_python() -> Check:
    """The Python running the kit (fabrique-kit needs 3.11, so this one is fine)."""
    version = ".".join(map(str, sys.version_info[:3]))
    return Check("Python", OK, _("Python {version}.", version=version))


def check_pins() -> list[Check]:
    from fabrique_kit.devices import pin_factory_report

    return [Check(_("Broches GPIO"), status, message, fix) for status, message, fix in pin_factory_report()]


def check_display(root: Path = Path("/")) -> list[Check]:
    checks = []
    fb = root / "dev" / "fb0"
    if fb.exists():
        if os.access(fb, os.W_OK):
            checks.append(Check(_("Écran"), OK, _("Framebuffer {path} utilisable.", path="/dev/fb0")))
        else:
            checks.append(
                Check(
                    _("Écran"),
                    WARNING,
                    _("Framebuffer {path} présent mais pas accessible en écriture.", path="/dev/fb0"),
                    _("Ajoutez l'utilisateur au groupe video : sudo usermod -aG video $USER, puis reconnectez-vous."),
                )
            )
    else:
        checks.append(Check(_("Écran"), OK, _("Pas de framebuffer : l'écran s'affiche dans l'aperçu du navigateur.")))
    if os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"):
        checks.append(Check(_("Fenêtre"), OK, _("Un bureau graphique est disponible (fenêtre possible).")))
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser:
        checks.append(Check(_("Navigateur"), OK, _("Chromium trouvé ({path}) : mode kiosque possible.", path=browser)))
    else:
        checks.append(
            Check(
                _("Navigateur"),
                WARNING,
                _("Chromium absent : pas de mode kiosque sur cette machine."),
                _("Sur un Pi avec bureau : sudo apt install chromium."),
            )
        )
    return checks


def check_fonts() -> Check:
    from fabrique_kit.screen.fonts import find_font

    try:
        path = find_font()
    except Exception as error:  # noqa: BLE001 - reported to the person
        return Check(
            _("Polices"),
            PROBLEM,
            str(error),
            _("Les polices livrées avec fabrique-kit manquent : réinstallez-le "
              "(pip install --force-reinstall fabrique-kit)."),
        )
    return Check(_("Polices"), OK, _("Police trouvée : {path}.", path=path))


def check_multicast() -> Check:
    """Can this machine listen to the local network (mDNS, port 5353) as the kit does?

    It opens the kit's own zeroconf (``net.discovery.open_zeroconf``) and closes it, so
    the answer and the hint are those ``fabrique run`` gives: avahi holding port 5353
    for itself, or no network at all, is not « Multicast disponible ».
    """
    from fabrique_kit.errors import FabriqueError
    from fabrique_kit.net.discovery import open_zeroconf

    try:
        zeroconf = open_zeroconf()
    except FabriqueError as error:
        problem = error.problems[0]
        return Check(
            _("Réseau local"),
            WARNING,
            _("Multicast indisponible : {reason} Les kits ne se trouveront pas tout seuls.", reason=problem.message),
            problem.hint,
        )
    except Exception as error:  # noqa: BLE001 - zeroconf's own errors, reported to the person
        return Check(
            _("Réseau local"),
            WARNING,
            _("Multicast indisponible ({error}) : les kits ne se trouveront pas tout seuls.", error=error),
            _("Branchez le réseau (Wi-Fi ou câble) ; sur un réseau public, le multicast est parfois bloqué."),
        )
    zeroconf.close()
    return Check(_("Réseau local"), OK, _("Multicast disponible : les kits peuvent se découvrir."))


def check_port(port: int = 8000) -> Check:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        sock.bind(("127.0.0.1", port))
    except OSError:
        return Check(
            _("Port web"),
            WARNING,
            _("Le port {port} est déjà pris (un autre kit tourne peut-être).", port=port),
            _("Arrêtez l'autre programme, ou choisissez un autre port dans fabrique.toml, "
              "section [web] : port = {other}.", other=port + 1 if port < 65535 else 8001),
        )
    finally:
        sock.close()
    return Check(_("Port web"), OK, _("Le port {port} est libre.", port=port))


def configured_port(project_dir: Path = Path(".")) -> int:
    """The port ``fabrique run`` would open for the project in ``project_dir`` (8000 by default).

    Example: ``configured_port(Path("mon-afficheur"))`` → ``8001`` with ``[web] port = 8001``
    """
    from fabrique_kit.config import CONFIG_NAME, check_config

    path = project_dir / CONFIG_NAME
    if path.exists():
        config, _problems = check_config(path)
        if config is not None:
            return config.port
    return 8000


def run_checks(port: int | None = None, project_dir: Path = Path(".")) -> list[Check]:
    """Every check, in the order they are printed; the port is the project's unless given."""
    checks = [check_machine(), check_python()]
    checks += check_pins()
    checks += check_display()
    checks.append(check_fonts())
    checks.append(check_multicast())
    checks.append(check_port(configured_port(project_dir) if port is None else port))
    return checks
