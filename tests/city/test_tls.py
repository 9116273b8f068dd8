"""``mqtts://``: a kit checks its connection to a Mosquitto that speaks TLS only, with the
city's own authority (``[ville] autorite``); without it, the broker's certificate is refused."""

from __future__ import annotations

import getpass
import shutil
import socket
import subprocess
from pathlib import Path

import pytest

from fabrique_kit.city.broker import TlsFiles, write_broker_config
from fabrique_kit.city.fleet import check_connection
from fabrique_kit.city.settings import CitySettings
from fabrique_kit.clock import FakeClock
from tests.city.conftest import MONDAY, MOSQUITTO, free_port, wait_until

pytestmark = pytest.mark.slow


@pytest.fixture
def tls_broker(tmp_path):
    if not Path(MOSQUITTO).exists() or not shutil.which("openssl") or not shutil.which("mosquitto_passwd"):
        pytest.skip("needs Mosquitto and openssl (Debian packages mosquitto, openssl)")
    cert, key = tmp_path / "courtier.crt", tmp_path / "courtier.key"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key), "-out", str(cert),
                    "-days", "2", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"],
                   check=True, capture_output=True)
    shutil.chown(key, getpass.getuser())
    port = free_port()
    files = write_broker_config(tmp_path / "c", ["maurepas"], port=port, host="127.0.0.1",
                                tls=TlsFiles(str(cert), str(key)), user=getpass.getuser())
    process = subprocess.Popen([MOSQUITTO, "-c", str(files.conf)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def listening():
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return True
        except OSError:
            return False

    assert wait_until(listening, 5)
    yield port, cert, files.passwords
    process.terminate()
    process.wait(5)


def test_a_kit_connects_over_tls_with_the_citys_authority(tls_broker):
    port, cert, passwords = tls_broker
    settings = CitySettings(host="127.0.0.1", port=port, tls=True, place="maurepas", user="maurepas",
                            password=passwords["maurepas"], ca=cert)
    steps = check_connection(settings, FakeClock(MONDAY).now())
    assert all(ok for ok, _text in steps), steps
    assert "mqtts://127.0.0.1" in steps[0][1]
    without = CitySettings(host="127.0.0.1", port=port, tls=True, place="maurepas", user="maurepas",
                           password=passwords["maurepas"])
    refused = check_connection(without, FakeClock(MONDAY).now(), timeout=2)
    assert refused[-1][0] is False  # a certificate signed by no known authority
    assert "certificat n'est pas reconnu" in refused[-1][1]
