"""The pin lines of ``fabrique doctor``, on fake roots."""

from __future__ import annotations

import os

from fabrique_kit.devices import pin_factory_report
from fabrique_kit.devices.doctor import can_read_write
from tests.devices.helpers import make_root

PI5 = {"proc/device-tree/model": "Raspberry Pi 5 Model B Rev 1.0\x00"}
PI4 = {"proc/device-tree/model": "Raspberry Pi 4 Model B Rev 1.4\x00"}


def report(root, **options):
    defaults = {"env": {}, "in_venv": True, "importable": lambda m: True, "uid": 0, "groups": set()}
    return pin_factory_report(root, **(defaults | options))


def statuses(lines, word):
    return [line.status for line in lines if word in line.message]


def test_a_laptop_is_simulated_and_nothing_else_is_checked(tmp_path):
    lines = report(tmp_path)
    assert [line.status for line in lines] == ["ok", "ok"]
    assert "simulées" in lines[1].message and "pas de Raspberry Pi" in lines[1].message


def test_real_pins_forced_off_a_pi_is_a_problem(tmp_path):
    lines = report(tmp_path, env={"FABRIQUE_SIMULATION": "0"})
    assert lines[1].status == "problem"
    assert "--simulate" in lines[1].fix


def test_the_flag_wins_on_a_pi(tmp_path):
    root = make_root(tmp_path, PI5)
    lines = report(root, simulate=True)
    assert "demandé par --simulate" in lines[1].message


def test_pi5_venv_without_lgpio_says_system_site_packages(tmp_path):
    root = make_root(tmp_path, PI5)
    lines = report(root, importable=lambda module: module == "pigpio")
    lgpio = [line for line in lines if "lgpio est introuvable" in line.message]
    assert lgpio and lgpio[0].status == "problem"
    assert "--system-site-packages" in lgpio[0].fix
    assert any("pilote pigpio" in line.message for line in lines)


def test_pi4_without_any_driver_only_warns(tmp_path):
    root = make_root(tmp_path, PI4)
    lines = report(root, importable=lambda module: False, in_venv=False)
    assert statuses(lines, "lgpio est introuvable") == ["warning"]
    assert "apt install python3-lgpio" in lines[2].fix
    assert statuses(lines, "native") == ["warning"]


def test_the_chosen_driver_is_named(tmp_path):
    root = make_root(tmp_path, PI5)
    assert any("pilote lgpio" in line.message for line in report(root))
    forced = report(root, env={"GPIOZERO_PIN_FACTORY": "pigpio"})
    assert any("GPIOZERO_PIN_FACTORY : pigpio" in line.message for line in forced)


def test_gpiomem_permission_names_the_group_to_join(tmp_path):
    root = make_root(tmp_path, PI5 | {"dev/gpiomem0": "", "etc/group": "gpio:x:993:pi\n"})
    gpiomem = root / "dev/gpiomem0"
    gpiomem.chmod(0o660)
    os.chown(gpiomem, 0, 993) if os.geteuid() == 0 else None
    group = gpiomem.stat().st_gid
    outsider = report(root, uid=1000, groups={1000})
    denied = [line for line in outsider if "/dev/gpiomem0" in line.message]
    assert denied[0].status == "problem"
    expected = "gpio" if group == 993 else denied[0].fix.split("groupe ")[1].split(" ")[0]
    assert f"usermod -aG {expected} $USER" in denied[0].fix
    member = report(root, uid=1000, groups={group})
    assert statuses(member, "/dev/gpiomem0") == ["ok"]


def test_missing_gpio_files_warn(tmp_path):
    root = make_root(tmp_path, PI5)
    assert statuses(report(root), "/dev/gpiomem") == ["warning"]


def test_can_read_write_follows_mode_bits(tmp_path):
    path = tmp_path / "f"
    path.write_text("")
    path.chmod(0o600)
    info = path.stat()
    assert can_read_write(info, info.st_uid, set())
    assert not can_read_write(info, info.st_uid + 1, {info.st_gid})
    path.chmod(0o606)
    assert can_read_write(path.stat(), info.st_uid + 1, set())
    assert can_read_write(info, 0, set())


def test_buses_and_their_reserved_pins(tmp_path):
    config = "dtparam=i2c_arm=on\ndtparam=spi=on\ndtoverlay=w1-gpio,gpiopin=17\n"
    root = make_root(tmp_path, PI5 | {"boot/firmware/config.txt": config})
    messages = [line.message for line in report(root)]
    assert any("I2C activé : GPIO2 et GPIO3" in m for m in messages)
    assert any("SPI activé" in m for m in messages)
    assert any("1-Wire activé : GPIO17" in m for m in messages)
    quiet = make_root(tmp_path / "quiet", PI5 | {"boot/config.txt": "dtparam=audio=on\n"})
    assert any("toutes les broches GPIO sont libres" in line.message for line in report(quiet))
    missing = make_root(tmp_path / "missing", PI5)
    assert statuses(report(missing), "config.txt introuvable") == ["warning"]
