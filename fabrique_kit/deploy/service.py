"""Install the kit as a systemd service that starts at boot and restarts by itself.

``fabrique service install DIR`` copies the project as version 1 of a service folder
(see versions.py), writes a systemd unit that runs the supervisor
(``fabrique service run``), switches the screen blanking off, sets up the kiosk
browser when the Pi has a desktop, and enables the unit. Every file is written under
``system_root`` (``/`` on a Pi, a temporary folder in tests); ``--dry-run`` only shows.

Example::

    plan = plan_install("mon-afficheur", user="pi")
    print(plan.files[Path("/etc/systemd/system/fabrique.service")])
    apply_plan(plan)                       # writes the files, runs systemctl
"""

from __future__ import annotations

import getpass
import os
import pwd
import shutil
import stat
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from fabrique_kit.errors import FabriqueError
from fabrique_kit.files import write_atomically
from fabrique_kit.i18n import _

UNIT_NAME = "fabrique"
WATCHDOG_SEC = 90  # the supervisor says "alive" at least every 5 s
GROUPS = ("gpio", "video")  # buttons and LEDs; the screen (framebuffer, vcgencmd)
KIOSK_FILE = "fabrique-kiosque.desktop"
CMDLINE_FILES = ("boot/firmware/cmdline.txt", "boot/cmdline.txt")  # Bookworm, then older

Runner = Callable[[list[str]], subprocess.CompletedProcess]


def run_command(command: list[str]) -> subprocess.CompletedProcess:
    """Run ``command`` and capture its output (the default runner; tests pass a fake one)."""
    return subprocess.run(command, capture_output=True, text=True, check=False)


def systemd_quote(word: str) -> str:
    """One word of an ``ExecStart=`` line: ``%`` doubled, quoted when it has spaces."""
    word = word.replace("%", "%%")
    if any(c in word for c in ' \t"\\;'):
        return '"' + word.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return word


@dataclass
class UnitSettings:
    """What the unit needs to know: who runs the kit, where, with which ``fabrique``."""

    root: Path  # the service folder
    user: str = "pi"
    fabrique: Path = field(default_factory=lambda: Path(sys.executable).with_name("fabrique"))
    port: int = 8000
    user_unit: bool = False  # a ``systemctl --user`` unit (no User=, no groups)
    description: str = "fabrique-kit"
    watchdog_sec: int = WATCHDOG_SEC
    environment: dict[str, str] = field(default_factory=dict)  # e.g. the native screen output's


def render_unit(settings: UnitSettings) -> str:
    """The text of the systemd unit that runs the supervisor."""
    command = " ".join(systemd_quote(str(w)) for w in (
        settings.fabrique, "service", "run", settings.root, "--port", settings.port))
    lines = [
        "# Written by « fabrique service install » (fabrique-kit). Remove it with",
        "# « fabrique service uninstall ».",
        "[Unit]",
        f"Description={settings.description}",
        "Wants=network-online.target",
        "After=network-online.target",
        "StartLimitIntervalSec=0",
        "",
        "[Service]",
        "Type=notify",
        "NotifyAccess=main",
    ]
    if not settings.user_unit:
        lines += [f"User={settings.user}", "SupplementaryGroups=" + " ".join(GROUPS)]
    lines += [
        f"WorkingDirectory={systemd_quote(str(settings.root))}",
        "Environment=PYTHONUNBUFFERED=1",
        *(f"Environment={systemd_quote(f'{key}={value}')}" for key, value in settings.environment.items()),
        f"ExecStart={command}",
        "Restart=always",
        "RestartSec=5",
        f"WatchdogSec={settings.watchdog_sec}",
        "TimeoutStartSec=180",
        "TimeoutStopSec=30",
        "KillMode=mixed",
        "",
        "[Install]",
        "WantedBy=" + ("default.target" if settings.user_unit else "multi-user.target"),
        "",
    ]
    return "\n".join(lines)


def kiosk_script(port: int) -> str:
    """The shell script the desktop starts: no blanking, wait for the kit, Chromium in kiosk mode."""
    return f"""#!/bin/sh
# Written by « fabrique service install »: the hall screen in a browser, full screen.
command -v xset >/dev/null 2>&1 && xset s off && xset -dpms && xset s noblank
until curl -sf http://127.0.0.1:{port}/api/health >/dev/null; do sleep 2; done
BROWSER=$(command -v chromium || command -v chromium-browser)
exec "$BROWSER" --kiosk --noerrdialogs --disable-infobars --incognito --no-first-run \\
  --check-for-update-interval=31536000 http://127.0.0.1:{port}/kiosk
"""


def kiosk_desktop_entry(script: Path) -> str:
    """An XDG autostart entry (LXDE, Wayfire and labwc on Raspberry Pi OS all run them)."""
    return "\n".join([
        "[Desktop Entry]",
        "Type=Application",
        "Name=fabrique-kit kiosque",
        f"Exec=sh {script}",
        "X-GNOME-Autostart-enabled=true",
        "",
    ])


def has_desktop(system_root: Path) -> bool:
    """True when the Pi starts a graphical desktop (labwc, Wayfire or LXDE)."""
    marks = ("usr/bin/labwc", "usr/bin/wayfire", "usr/bin/lxsession", "usr/bin/startlxde-pi")
    return any((system_root / mark).exists() for mark in marks)


CONSTRAINTS = Path(__file__).with_name("constraints.txt")  # the versions the suite passed with


def version_drift(constraints: Path = CONSTRAINTS) -> list[str]:
    """The installed packages whose version differs from the tested one, as « name x (testée : y) ».

    Example: ``version_drift()`` → ``[]`` on an install made with the constraints file
    """
    import importlib.metadata as metadata

    drift = []
    for line in constraints.read_text(encoding="utf-8").splitlines():
        if "==" not in line or line.startswith("#"):
            continue
        name, tested = (part.strip() for part in line.split("==", 1))
        try:
            installed = metadata.version(name)
        except metadata.PackageNotFoundError:
            continue  # not needed here (another platform)
        if installed != tested:
            drift.append(_("{name} {installed} (testée : {tested})", name=name, installed=installed, tested=tested))
    return drift


def desktop_environment(user: str) -> dict[str, str]:
    """What the kit needs to show its screen on the user's Wayland desktop (labwc, Wayfire).

    Example: ``desktop_environment("pi")["FABRIQUE_OUTPUT"]`` → ``'natif'``
    """
    try:
        uid = pwd.getpwnam(user).pw_uid
    except KeyError:
        uid = 1000  # the first account of Raspberry Pi OS
    return {"FABRIQUE_OUTPUT": "natif", "XDG_RUNTIME_DIR": f"/run/user/{uid}", "WAYLAND_DISPLAY": "wayland-0"}


def home_of(user: str, system_root: Path) -> Path:
    """The home folder of ``user`` (under ``system_root``)."""
    try:
        home = Path(pwd.getpwnam(user).pw_dir)
    except KeyError:
        home = Path("/home") / user
    return system_root / home.relative_to("/")


def default_user() -> str:
    """Who the kit runs as: the user behind ``sudo``, else the current one."""
    return os.environ.get("SUDO_USER") or getpass.getuser()


@dataclass
class InstallPlan:
    """What ``fabrique service install`` will do: files to write, commands to run."""

    project_dir: Path
    service_root: Path  # as the Pi sees it (in the unit)
    unit_path: Path
    files: dict[Path, str] = field(default_factory=dict)
    modes: dict[Path, int] = field(default_factory=dict)
    edits: dict[Path, tuple[str, str]] = field(default_factory=dict)  # path: (old, new) text
    commands: list[list[str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    system_root: Path = Path("/")
    owner: str | None = None


def plan_install(project_dir: str | Path, *, user: str | None = None, service_root: str | Path | None = None,
                 user_unit: bool = False, system_root: str | Path = "/", port: int | None = None,
                 fabrique: str | Path | None = None, kiosk: bool | None = None) -> InstallPlan:
    """Work out the installation without changing anything (``--dry-run`` prints it)."""
    from fabrique_kit.deploy.supervisor import config_port

    project_dir = Path(project_dir).resolve()
    if not (project_dir / "fabrique.toml").exists() and not (project_dir / "main.py").exists():
        raise FabriqueError(
            _("Aucun projet dans {path} : ni main.py ni fabrique.toml.", path=project_dir),
            hint=_("Donnez le dossier du projet : fabrique service install mon-afficheur"),
        )
    system_root = Path(system_root)
    user = user or default_user()
    home = home_of(user, system_root)
    on_pi_home = Path("/") / home.relative_to(system_root)
    root = Path(service_root) if service_root else on_pi_home / "fabrique-service"
    port = port or config_port(project_dir)
    settings = UnitSettings(root=root, user=user, port=port, user_unit=user_unit,
                            fabrique=Path(fabrique) if fabrique else UnitSettings(root).fabrique,
                            description=f"fabrique-kit ({project_dir.name})")
    if user_unit:
        unit_path = home / ".config/systemd/user" / f"{UNIT_NAME}.service"
    else:
        unit_path = system_root / "etc/systemd/system" / f"{UNIT_NAME}.service"
    plan = InstallPlan(project_dir=project_dir, service_root=root, unit_path=unit_path,
                       system_root=system_root, owner=user)
    plan.files[unit_path] = render_unit(settings)
    for name in CMDLINE_FILES:  # the text console: never blank (takes effect at next boot)
        cmdline = system_root / name
        if cmdline.is_file():
            old = cmdline.read_text()
            if "consoleblank=" not in old:
                plan.edits[cmdline] = (old, old.rstrip("\n") + " consoleblank=0\n")
            break
    else:
        plan.notes.append(_("Console : ajoutez « consoleblank=0 » à /boot/firmware/cmdline.txt pour que l'écran ne s'éteigne jamais tout seul."))
    desktop = has_desktop(system_root)
    if kiosk is None and desktop:  # the native output: the kit's own full-screen window, no browser
        settings.environment = desktop_environment(user)
        plan.files[unit_path] = render_unit(settings)
        plan.notes.append(_("Bureau : le kit montre l'écran en plein écran lui-même, sans navigateur "
                            "(sortie « natif »). Pour Chromium à la place : --kiosque."))
    if kiosk:  # Chromium in kiosk mode, only when asked for
        script = root / "kiosque.sh"
        plan.files[system_root / script.relative_to("/")] = kiosk_script(port)
        plan.modes[system_root / script.relative_to("/")] = 0o755
        plan.files[home / ".config/autostart" / KIOSK_FILE] = kiosk_desktop_entry(script)
        plan.notes.append(_("Bureau : Chromium s'ouvrira en plein écran sur le kit à chaque démarrage."))
    drift = version_drift()
    if drift:  # a hall screen keeps its versions for years: better the ones that were tested
        plan.notes.append(_("Versions différentes de celles testées : {list}. Pour installer celles-ci : "
                            "{pip} -m pip install -c {constraints} fabrique-kit",
                            list=", ".join(drift[:8]) + (" …" if len(drift) > 8 else ""),
                            pip=sys.executable, constraints=CONSTRAINTS))
    scope = ["--user"] if user_unit else []
    plan.commands = [["systemctl", *scope, "daemon-reload"],
                     ["systemctl", *scope, "enable", "--now", f"{UNIT_NAME}.service"]]
    return plan


def prepare_service_root(plan: InstallPlan) -> bool:
    """Create the service folder with the project as version 1; False when it already exists."""
    from fabrique_kit.deploy.versions import ServiceRoot

    service = ServiceRoot(plan.system_root / plan.service_root.relative_to("/"))
    if service.current() is not None:
        return False
    number = service.install_folder(plan.project_dir)
    service.switch(number)
    service.adopt_data(plan.project_dir)
    return True


def apply_plan(plan: InstallPlan, runner: Runner = run_command, *, run_commands: bool = True) -> list[str]:
    """Write the files, prepare the service folder and enable the unit; returns what was done."""
    done = []
    created = prepare_service_root(plan)
    done.append(_("Dossier du service : {path}", path=plan.service_root) if created
                else _("Dossier du service déjà présent, gardé tel quel : {path}", path=plan.service_root))
    for path, text in plan.files.items():  # each file replaced in one step: a power cut leaves old or new
        write_atomically(path, text, mode=plan.modes.get(path))
        done.append(_("Écrit : {path}", path=path))
    for path, (_old, new) in plan.edits.items():  # cmdline.txt: half a file would stop the Pi booting
        write_atomically(path, new, mode=stat.S_IMODE(path.stat().st_mode))  # same mode (a FAT /boot refuses others)
        done.append(_("Modifié : {path}", path=path))
    _give_to_owner(plan)
    if run_commands:
        require_systemd(runner)
        for command in plan.commands:
            result = runner(command)
            if result.returncode != 0:
                raise FabriqueError(
                    _("La commande « {command} » a échoué : {error}", command=" ".join(command),
                      error=(result.stderr or result.stdout or "").strip()),
                    hint=_("Lancez l'installation avec sudo : sudo .venv/bin/fabrique service install"),
                )
            done.append("$ " + " ".join(command))
    return done


def _give_to_owner(plan: InstallPlan) -> None:
    """Files in the user's home and the service folder belong to that user (not root)."""
    if os.geteuid() != 0 or plan.owner is None or plan.system_root != Path("/"):
        return
    try:
        entry = pwd.getpwnam(plan.owner)
    except KeyError:
        return
    home = home_of(plan.owner, Path("/"))
    owned = {plan.service_root, *plan.service_root.rglob("*")}
    for path in plan.files:  # the files in the home, and the folders created for them
        while path != home and home in path.parents:
            owned.add(path)
            path = path.parent
    for path in owned:
        if path.exists():
            os.lchown(path, entry.pw_uid, entry.pw_gid)


def systemd_available(runner: Runner | None = None) -> bool:
    """True when this machine runs systemd (a Raspberry Pi OS does; a container may not)."""
    return shutil.which("systemctl") is not None and Path("/run/systemd/system").is_dir()


def require_systemd(runner: Runner | None = None) -> None:
    if runner is not None and runner is not run_command:
        return  # a test's fake runner plays systemd
    if not systemd_available():
        raise FabriqueError(
            _("systemd est absent de cette machine : impossible d'installer ou de piloter le service."),
            hint=_("Sur un Raspberry Pi (Raspberry Pi OS), systemd est là ; ici, utilisez « fabrique run »."),
        )


def service_status(runner: Runner = run_command, user_unit: bool = False) -> str:
    """What systemd says about the service (``systemctl status``)."""
    require_systemd(runner)
    scope = ["--user"] if user_unit else []
    result = runner(["systemctl", *scope, "status", "--no-pager", f"{UNIT_NAME}.service"])
    if result.returncode == 4 or "could not be found" in (result.stderr or ""):
        raise FabriqueError(_("Le service n'est pas installé sur cette machine."),
                            hint=_("Installez-le : sudo .venv/bin/fabrique service install mon-afficheur"))
    return result.stdout


def service_logs_command(lines: int = 100, follow: bool = False, user_unit: bool = False) -> list[str]:
    """The journalctl command that shows the kit's messages."""
    command = ["journalctl", "--user" if user_unit else "--system", "-u", f"{UNIT_NAME}.service",
               "-n", str(lines), "--no-pager"]
    return command + (["-f"] if follow else [])


def plan_uninstall(*, user: str | None = None, user_unit: bool = False, system_root: str | Path = "/") -> InstallPlan:
    """What ``fabrique service uninstall`` removes (the service folder and its data stay)."""
    system_root = Path(system_root)
    user = user or default_user()
    home = home_of(user, system_root)
    unit_path = (home / ".config/systemd/user" if user_unit else system_root / "etc/systemd/system") / f"{UNIT_NAME}.service"
    plan = InstallPlan(project_dir=Path("."), service_root=Path("/"), unit_path=unit_path, system_root=system_root)
    plan.files = {unit_path: "", home / ".config/autostart" / KIOSK_FILE: ""}
    drift = version_drift()
    if drift:  # a hall screen keeps its versions for years: better the ones that were tested
        plan.notes.append(_("Versions différentes de celles testées : {list}. Pour installer celles-ci : "
                            "{pip} -m pip install -c {constraints} fabrique-kit",
                            list=", ".join(drift[:8]) + (" …" if len(drift) > 8 else ""),
                            pip=sys.executable, constraints=CONSTRAINTS))
    scope = ["--user"] if user_unit else []
    plan.commands = [["systemctl", *scope, "disable", "--now", f"{UNIT_NAME}.service"],
                     ["systemctl", *scope, "daemon-reload"]]
    return plan


def apply_uninstall(plan: InstallPlan, runner: Runner = run_command) -> list[str]:
    require_systemd(runner)
    done = []
    first, reload = plan.commands
    runner(first)  # may fail when already stopped: the files go anyway
    for path in plan.files:
        if path.exists():
            path.unlink()
            done.append(_("Supprimé : {path}", path=path))
    runner(reload)
    return done
