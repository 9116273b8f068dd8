"""The systemd unit and the installation plan, written into a temporary "/"."""

from __future__ import annotations

import configparser
import os
import pwd
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from fabrique_kit.deploy import service as svc
from fabrique_kit.deploy.service import (
    UnitSettings,
    apply_plan,
    apply_uninstall,
    plan_install,
    plan_uninstall,
    render_unit,
    systemd_quote,
)
from fabrique_kit.deploy.versions import ServiceRoot
from fabrique_kit.errors import FabriqueError
from fabrique_kit.i18n import use_language

FABRIQUE = Path(sys.executable).with_name("fabrique")


def parse_unit(text: str) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # systemd keys are case-sensitive
    parser.read_string(text)
    return parser


class FakeRunner:
    def __init__(self, returncode: int = 0, stdout: str = "", stderr: str = ""):
        self.calls: list[list[str]] = []
        self.result = (returncode, stdout, stderr)

    def __call__(self, command):
        self.calls.append(command)
        code, out, err = self.result
        return subprocess.CompletedProcess(command, code, out, err)


def test_system_unit_has_every_key(tmp_path):
    root = tmp_path / "mon service"
    unit = parse_unit(render_unit(UnitSettings(root=root, user="pi", fabrique=FABRIQUE, port=8000)))
    assert unit["Unit"]["After"] == "network-online.target"
    assert unit["Unit"]["Wants"] == "network-online.target"
    service = unit["Service"]
    assert service["Type"] == "notify"
    assert service["Restart"] == "always"
    assert int(service["WatchdogSec"]) >= 30
    assert service["User"] == "pi"
    assert service["SupplementaryGroups"].split() == ["gpio", "video"]
    assert service["WorkingDirectory"] == f'"{root}"'
    assert service["ExecStart"] == f'{FABRIQUE} service run "{root}" --port 8000'
    assert unit["Install"]["WantedBy"] == "multi-user.target"


def test_user_unit_has_no_user_or_groups(tmp_path):
    unit = parse_unit(render_unit(UnitSettings(root=tmp_path, user_unit=True, fabrique=FABRIQUE)))
    assert "User" not in unit["Service"] and "SupplementaryGroups" not in unit["Service"]
    assert unit["Install"]["WantedBy"] == "default.target"


def test_systemd_quote():
    assert systemd_quote("/home/pi/kit") == "/home/pi/kit"
    assert systemd_quote("/home/pi/mon kit") == '"/home/pi/mon kit"'
    assert systemd_quote("100%") == "100%%"


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="systemd-analyze is not installed here")
@pytest.mark.parametrize("user_unit", [False, True])
def test_systemd_analyze_verify_accepts_the_unit(tmp_path, user_unit):
    path = tmp_path / "fabrique.service"
    path.write_text(render_unit(UnitSettings(root=tmp_path, user="root", fabrique=FABRIQUE, user_unit=user_unit)))
    done = subprocess.run(["systemd-analyze", "verify", "--man=no", str(path)], capture_output=True, text=True)
    problems = [line for line in done.stderr.splitlines() if str(path) in line]
    assert done.returncode == 0 and not problems, done.stderr
    # the check itself can fail: a wrong value is reported
    path.write_text(path.read_text().replace("Restart=always", "Restart=sometimes"))
    done = subprocess.run(["systemd-analyze", "verify", "--man=no", str(path)], capture_output=True, text=True)
    assert "sometimes" in done.stderr


@pytest.fixture
def pi_root(tmp_path):
    """A fake Raspberry Pi OS Bookworm with a desktop (labwc) and a cmdline.txt."""
    root = tmp_path / "pi"
    (root / "usr/bin").mkdir(parents=True)
    (root / "usr/bin/labwc").write_text("")
    (root / "boot/firmware").mkdir(parents=True)
    (root / "boot/firmware/cmdline.txt").write_text("console=tty1 root=PARTUUID=1234 rootwait\n")
    return root


def test_install_writes_unit_kiosk_blanking_and_enables(pi_root, project):
    plan = plan_install(project, user="pi-test", system_root=pi_root, fabrique=FABRIQUE, kiosk=True)
    runner = FakeRunner()
    done = apply_plan(plan, runner)
    unit_path = pi_root / "etc/systemd/system/fabrique.service"
    unit = parse_unit(unit_path.read_text())
    assert unit["Service"]["ExecStart"] == f"{FABRIQUE} service run /home/pi-test/fabrique-service --port 8000"
    assert unit["Service"]["User"] == "pi-test"
    # the project is version 1 of the service folder, key kept
    service = ServiceRoot(pi_root / "home/pi-test/fabrique-service")
    assert service.current() == 1 and service.site_key()
    # kiosk: an XDG autostart entry and its script
    entry = (pi_root / "home/pi-test/.config/autostart/fabrique-kiosque.desktop").read_text()
    assert "Exec=sh /home/pi-test/fabrique-service/kiosque.sh" in entry
    script = service.root / "kiosque.sh"
    assert "--kiosk" in script.read_text() and "127.0.0.1:8000/kiosk" in script.read_text()
    assert "xset s off" in script.read_text()
    assert script.stat().st_mode & 0o111
    # console blanking off, once
    assert (pi_root / "boot/firmware/cmdline.txt").read_text() == (
        "console=tty1 root=PARTUUID=1234 rootwait consoleblank=0\n")
    assert plan_install(project, user="pi-test", system_root=pi_root, fabrique=FABRIQUE, kiosk=True).edits == {}
    assert runner.calls == [["systemctl", "daemon-reload"], ["systemctl", "enable", "--now", "fabrique.service"]]
    assert any("fabrique.service" in line for line in done)


def test_on_a_desktop_image_the_native_output_is_installed_not_chromium(pi_root, project, monkeypatch):
    from click.testing import CliRunner

    from fabrique_kit.cli.deploy import build_service_group
    from fabrique_kit.deploy import service as service_module

    plan = plan_install(project, user="pi-test", system_root=pi_root, fabrique=FABRIQUE)
    unit = plan.files[pi_root / "etc/systemd/system/fabrique.service"]
    assert "Environment=FABRIQUE_OUTPUT=natif" in unit
    assert "Environment=WAYLAND_DISPLAY=wayland-0" in unit and "Environment=XDG_RUNTIME_DIR=/run/user/" in unit
    assert not any("autostart" in str(p) or "kiosque" in str(p) for p in plan.files)
    # what « fabrique service install --dry-run » shows on such a Pi
    monkeypatch.setattr(service_module, "has_desktop", lambda root: True)
    result = CliRunner().invoke(build_service_group(), ["install", str(project), "--dry-run", "--utilisateur", "pi"])
    assert result.exit_code == 0, result.output
    assert "FABRIQUE_OUTPUT=natif" in result.output
    assert "kiosque.sh" not in result.output and "--kiosk" not in result.output  # no Chromium started
    assert "sans navigateur" in result.output


def test_install_without_desktop_has_no_kiosk_and_a_blanking_note(tmp_path, project):
    plan = plan_install(project, user="pi", system_root=tmp_path / "lite", fabrique=FABRIQUE)
    assert not any("autostart" in str(p) for p in plan.files)
    assert any("consoleblank=0" in note for note in plan.notes)


def test_user_install_and_uninstall(pi_root, project):
    plan = plan_install(project, user="pi-test", system_root=pi_root, user_unit=True, fabrique=FABRIQUE, kiosk=False)
    runner = FakeRunner()
    apply_plan(plan, runner)
    unit_path = pi_root / "home/pi-test/.config/systemd/user/fabrique.service"
    assert unit_path.exists()
    assert runner.calls[1] == ["systemctl", "--user", "enable", "--now", "fabrique.service"]
    removal = FakeRunner()
    done = apply_uninstall(plan_uninstall(user="pi-test", user_unit=True, system_root=pi_root), removal)
    assert not unit_path.exists() and done
    assert removal.calls[0] == ["systemctl", "--user", "disable", "--now", "fabrique.service"]
    assert (pi_root / "home/pi-test/fabrique-service/current").is_symlink()  # data and versions stay


def test_failed_systemctl_is_explained(pi_root, project):
    plan = plan_install(project, user="pi-test", system_root=pi_root, fabrique=FABRIQUE)
    with use_language("fr"), pytest.raises(FabriqueError, match="a échoué : Access denied"):
        apply_plan(plan, FakeRunner(1, stderr="Access denied"))


def test_without_systemd_a_clear_french_message(monkeypatch):
    monkeypatch.setattr(svc, "systemd_available", lambda runner=None: False)
    with use_language("fr"), pytest.raises(FabriqueError, match="systemd est absent"):
        svc.service_status()


def test_not_a_project(tmp_path):
    with use_language("fr"), pytest.raises(FabriqueError, match="Aucun projet"):
        plan_install(tmp_path, user="pi", system_root=tmp_path)


def test_logs_command():
    assert svc.service_logs_command(50, follow=True) == [
        "journalctl", "--system", "-u", "fabrique.service", "-n", "50", "--no-pager", "-f"]


def test_dry_run_from_the_command_line(project, tmp_path):
    from click.testing import CliRunner

    from fabrique_kit.cli.deploy import build_service_group

    result = CliRunner().invoke(build_service_group(), ["install", str(project), "--dry-run", "--utilisateur", "pi",
                                                        "--racine", str(tmp_path / "svc")])
    assert result.exit_code == 0, result.output
    assert "ExecStart=" in result.output and "systemctl enable --now fabrique.service" in result.output
    assert not (tmp_path / "svc").exists()  # nothing written


@pytest.mark.skipif(os.geteuid() != 0, reason="changing a file's owner needs root")
def test_files_installed_with_sudo_belong_to_the_kit_user(tmp_path, project):
    nobody = pwd.getpwnam("nobody")
    plan = svc.InstallPlan(project_dir=project, service_root=tmp_path / "svc", unit_path=tmp_path / "unit",
                           owner="nobody")
    assert svc.prepare_service_root(plan) is True
    svc._give_to_owner(plan)
    assert (tmp_path / "svc").stat().st_uid == nobody.pw_uid
    assert (tmp_path / "svc" / "versions" / "1" / "main.py").stat().st_uid == nobody.pw_uid
    assert project.stat().st_uid == 0  # the project itself is left alone
