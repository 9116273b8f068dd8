"""A real Mosquitto on a free loopback port, with the accounts and ACL that
``fabrique ville courtier`` writes, and kits of two places of the sample semainier."""

from __future__ import annotations

import getpass
import shutil
import socket
import subprocess
import time
from pathlib import Path

import pytest

import fabrique_kit
from fabrique_kit.city.broker import write_broker_config

MOSQUITTO = "/usr/sbin/mosquitto"
SAMPLE = Path(fabrique_kit.__file__).parent / "sources" / "samples" / "semainier-exemple.json"
MONDAY = "2026-11-23 14:30"  # both places of the sample are open (term time)
PLACES = {"maurepas": "Espace Social Commun Maurepas", "villejean": "Espace Social Commun Villejean"}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until(condition, timeout: float = 15.0, step: float = 0.02):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        value = condition()
        if value:
            return value
        time.sleep(step)
    return condition()


class Broker:
    """One Mosquitto process; ``kill()`` and ``start()`` again on the same port and files."""

    def __init__(self, folder: Path):
        self.port = free_port()
        self.files = write_broker_config(folder, list(PLACES), port=self.port, host="127.0.0.1",
                                         user=getpass.getuser())
        self.passwords = self.files.passwords
        self.process: subprocess.Popen | None = None
        self.log = folder / "mosquitto.log"

    def start(self) -> None:
        with self.log.open("ab") as log:
            self.process = subprocess.Popen([MOSQUITTO, "-c", str(self.files.conf)], stdout=log, stderr=log)
        assert wait_until(self._listening, 5), self.log.read_text()

    def _listening(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                return True
        except OSError:
            return False

    def kill(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()  # SIGTERM: Mosquitto saves its retained messages
            self.process.wait(5)
        self.process = None

    def url(self) -> str:
        return f"mqtt://127.0.0.1:{self.port}"


@pytest.fixture
def broker(tmp_path):
    if not Path(MOSQUITTO).exists() or not shutil.which("mosquitto_passwd"):
        pytest.skip("Mosquitto is not installed (Debian package mosquitto)")
    broker = Broker(tmp_path / "courtier")
    broker.start()
    yield broker
    broker.kill()


def write_place(folder: Path, place: str, broker: Broker, *, password: str | None = None,
                transport: str = "", user: str | None = None, counter: bool = True) -> Path:
    """A project of ``place`` on ``broker``: the sample semainier, one counter, no web port."""
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(SAMPLE, folder / "semainier.json")
    lines = [
        "[kit]", f'nom = "hall-{place}"', f'lieu = "{PLACES[place]}"',
        "[ecran]", 'sortie = "aucune"',
        "[web]", "port = 0", 'adresse = "127.0.0.1"',
        "[reseau]", "decouverte = false",
        "[semainier]", 'fichier = "semainier.json"', f'lieu = "{PLACES[place]}"',
        *(["[[compteurs]]", 'nom = "attente"'] if counter else []),
        "[ville]", f'courtier = "{broker.url()}"', f'identifiant = "{place}"',
        f'utilisateur = "{user or place}"',
        f'mot_de_passe = "{password if password is not None else broker.passwords[place]}"',
        f'transport = "{transport}"',
    ]
    (folder / "fabrique.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (folder / "main.py").write_text("from fabrique_kit import Kit\n\nkit = Kit()\nkit.run()\n", encoding="utf-8")
    return folder / "fabrique.toml"
