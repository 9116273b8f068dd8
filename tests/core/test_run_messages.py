"""What `fabrique run` and `fabrique doctor` tell the person at the terminal: the file to
edit for a busy port, one French line for an offline laptop (the same hint as doctor),
whether the preview is reachable from the network (issue 20)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from fabrique_kit.cli import build_cli
from fabrique_kit.config import find_key_line
from fabrique_kit.i18n import set_language
from fabrique_kit.project import new_project

ENV = {**os.environ, "FABRIQUE_SIMULATION": "1", "FABRIQUE_LANG": "fr"}


@pytest.fixture
def runner():
    set_language("fr")
    yield CliRunner()
    set_language(None)


def _start(folder: Path, *args: str) -> tuple[subprocess.Popen, list[str]]:
    process = subprocess.Popen(
        [sys.executable, "-m", "fabrique_kit", "run", str(folder), *args],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=ENV,
    )
    lines: list[str] = []
    threading.Thread(target=lambda: lines.extend(process.stdout), daemon=True).start()  # type: ignore[arg-type]
    return process, lines


def _stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def _wait_for(lines: list[str], needle: str, process: subprocess.Popen, timeout: float = 30) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and needle not in "".join(lines) and process.poll() is None:
        time.sleep(0.1)
    time.sleep(0.3)
    return "".join(lines)


def _set(folder: Path, old: str, new: str) -> None:
    path = folder / "fabrique.toml"
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")


def test_busy_port_names_the_line_of_fabrique_toml(tmp_path):
    folder = new_project("afficheur", tmp_path / "hall")
    holder = socket.socket()
    holder.bind(("127.0.0.1", 0))
    holder.listen()
    port = holder.getsockname()[1]
    try:
        _set(folder, "port = 8000", f"port = {port}")
        _set(folder, "[web]\n", '[web]\nadresse = "127.0.0.1"\n')
        done = subprocess.run([sys.executable, "-m", "fabrique_kit", "run", str(folder)],
                              capture_output=True, text=True, timeout=60, env=ENV)
    finally:
        holder.close()
    text = (folder / "fabrique.toml").read_text(encoding="utf-8")
    line = find_key_line(text, ("web", "port"))
    assert done.returncode == 1
    assert f"{folder / 'fabrique.toml'}, ligne {line}, champ « web.port »" in done.stderr, done.stderr
    assert "main.py" not in done.stderr
    assert "changez la ligne « port = … » de la section [web]" in done.stderr
    assert "Traceback" not in done.stderr


def test_busy_port_given_on_the_command_line_names_the_option(tmp_path):
    folder = new_project("afficheur", tmp_path / "hall")
    holder = socket.socket()
    holder.bind(("127.0.0.1", 0))
    holder.listen()
    try:
        port = holder.getsockname()[1]
        done = subprocess.run([sys.executable, "-m", "fabrique_kit", "run", str(folder), "--port", str(port),
                               "--host", "127.0.0.1"], capture_output=True, text=True, timeout=60, env=ENV)
    finally:
        holder.close()
    assert done.returncode == 1
    assert "champ « --port »" in done.stderr and "main.py" not in done.stderr, done.stderr


@pytest.mark.parametrize("address, words", [
    (None, 'L\'aperçu est ouvert à tout le réseau local'),
    ("127.0.0.1", "n'est visible que depuis cet ordinateur"),
])
def test_run_says_who_can_reach_the_preview(tmp_path, address, words):
    folder = new_project("afficheur", tmp_path / "hall")
    _set(folder, "[reseau]", "[reseau]")
    if address:
        _set(folder, "[web]\n", f'[web]\nadresse = "{address}"\n')
    else:
        _set(folder, "[site]", "[reseau]\ndecouverte = false\n\n[site]")
        _set(folder, "[web]\n", '[web]\nadresse = "0.0.0.0"\n')
    process, lines = _start(folder, "--port", "0")
    try:
        output = _wait_for(lines, "Aperçu :", process)
    finally:
        _stop(process)
    assert words in output, output
    if address is None:
        assert '[web] adresse = "127.0.0.1"' in output
    assert output.count("L'aperçu ") == 1


def test_doctor_checks_the_configured_port(runner, tmp_path):
    folder = new_project("afficheur", tmp_path / "hall")
    holder = socket.socket()
    holder.bind(("127.0.0.1", 0))
    holder.listen()
    try:
        port = holder.getsockname()[1]
        _set(folder, "port = 8000", f"port = {port}")
        result = runner.invoke(build_cli(), ["doctor", str(folder)])
    finally:
        holder.close()
    assert f"Le port {port} est déjà pris" in result.output, result.output
    assert f"port = {port + 1}" in result.output


def test_doctor_is_not_fooled_by_avahi_holding_5353():
    """avahi with disallow-other-stacks=yes holds 5353 alone: no « Multicast disponible »."""
    from fabrique_kit.doctor import WARNING, check_multicast
    from tests.netns import multicast_network

    with multicast_network():
        assert check_multicast().status == "ok"
        exclusive = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)  # no SO_REUSEADDR: like avahi
        exclusive.bind(("0.0.0.0", 5353))
        try:
            check = check_multicast()
        finally:
            exclusive.close()
    assert check.status == WARNING
    assert "Multicast disponible" not in check.message
    assert "disallow-other-stacks=no" in (check.fix or "")


def test_offline_laptop_one_french_line_with_doctors_hint(tmp_path):
    """No network at all (a namespace without even lo up): one line, once, doctor's hint."""
    from fabrique_kit.doctor import check_multicast
    from tests.netns import NamespaceUnavailable, NetNamespace

    folder = new_project("afficheur", tmp_path / "hall")
    try:
        namespace = NetNamespace.create()
    except NamespaceUnavailable as error:
        pytest.skip(str(error))
    try:
        namespace.ip("route", "del", "224.0.0.0/4", "dev", "lo")
        namespace.ip("link", "set", "lo", "down")
        with namespace.inside():
            doctor = check_multicast()
            process, lines = _start(folder, "--port", "0", "--host", "127.0.0.1")
        try:
            output = _wait_for(lines, "Réseau local indisponible", process)
            time.sleep(11)  # presence tries again after 10 s: it must stay silent
            output = "".join(lines)
        finally:
            _stop(process)
    finally:
        namespace.delete()
    assert output.count("Réseau local indisponible") == 1, output
    assert doctor.fix and doctor.fix in output, (doctor, output)
    assert "network not ready" not in output and "Traceback" not in output
