"""sd_notify over a real AF_UNIX datagram socket, as systemd listens."""

from __future__ import annotations

import os
import socket

import pytest

from fabrique_kit.deploy.sdnotify import Notifier, notify, watchdog_interval


@pytest.fixture
def listener(tmp_path):
    path = tmp_path / "notify.sock"
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.bind(str(path))
    sock.settimeout(2)
    yield str(path), sock
    sock.close()


def test_ready_watchdog_stopping_reach_the_socket(listener):
    path, sock = listener
    notifier = Notifier(environ={"NOTIFY_SOCKET": path, "WATCHDOG_USEC": "90000000"})
    assert notifier.active and notifier.interval == 45.0
    assert notifier.ready(status="version 3")
    assert sock.recv(1024) == b"READY=1\nSTATUS=version 3"
    assert notifier.watchdog()
    assert sock.recv(1024) == b"WATCHDOG=1"
    assert notifier.stopping()
    assert sock.recv(1024) == b"STOPPING=1"


def test_abstract_socket(listener):
    name = f"fabrique-test-{os.getpid()}"
    with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as sock:
        sock.bind("\0" + name)
        sock.settimeout(2)
        assert notify("READY=1", "@" + name)
        assert sock.recv(64) == b"READY=1"


def test_outside_systemd_nothing_happens(tmp_path):
    notifier = Notifier(environ={})
    assert not notifier.active and notifier.interval is None
    assert notifier.ready() is False
    assert notify("READY=1", str(tmp_path / "absent.sock")) is False  # nobody listens: no crash


def test_watchdog_meant_for_another_process():
    assert watchdog_interval({"WATCHDOG_USEC": "10000000", "WATCHDOG_PID": "1"}) is None
    assert watchdog_interval({"WATCHDOG_USEC": "10000000", "WATCHDOG_PID": str(os.getpid())}) == 5.0
    assert watchdog_interval({"WATCHDOG_USEC": "abc"}) is None
