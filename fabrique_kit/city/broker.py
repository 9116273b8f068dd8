"""A Mosquitto configuration for the city's coordinator: one account per place, the ACL
that lets each place write only its own topics (everyone reads), TLS files, retained
messages kept on disk; every file written atomically.

The passwords are hashed by Mosquitto's own ``mosquitto_passwd`` (Debian package
``mosquitto``); the clear passwords are written once to ``identifiants.csv`` (mode 600)
for the coordinator to give to each place.

Example::

    files = write_broker_config("courtier/", ["maurepas", "villejean"], port=8883,
                                tls=TlsFiles("server.crt", "server.key", "ca.crt"))
    # then: mosquitto -c courtier/mosquitto.conf
"""

from __future__ import annotations

import csv
import io
import os
import secrets
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from fabrique_kit.city.topics import COORDINATOR, PREFIX, is_id
from fabrique_kit.errors import FabriqueError
from fabrique_kit.files import write_atomically
from fabrique_kit.i18n import _

MAX_PACKET = 65_536  # bytes: the largest message the broker accepts (an offer is < 48 kB)
MAX_QUEUED = 10_000  # messages waiting for one client (Mosquitto's default, 1000, is too few)


@dataclass(frozen=True)
class TlsFiles:
    """The broker's certificate, its key, and the authority that signs the clients' certificates."""

    certfile: str
    keyfile: str
    cafile: str | None = None
    require_client_certificate: bool = False


@dataclass(frozen=True)
class BrokerFiles:
    """What :func:`write_broker_config` wrote."""

    conf: Path
    passwd: Path
    acl: Path
    credentials: Path
    data: Path
    passwords: dict[str, str]


def acl_text() -> str:
    """The ACL: everyone reads the tree; ``%u`` (the account) writes only its own place's branch.

    Example: ``"pattern write fabrique/v1/lieux/%u/#" in acl_text()`` → ``True``
    """
    return (
        "# fabrique-kit — réseau de la ville (écrit par « fabrique ville courtier »)\n"
        "# Tous les comptes lisent l'arbre ; chaque lieu n'écrit que sous son identifiant.\n"
        f"pattern read {PREFIX}/#\n"
        f"pattern write {PREFIX}/lieux/%u/#\n"
        f"\nuser {COORDINATOR}\n"
        f"topic write {PREFIX}/coordination/#\n"
    )


def conf_text(folder: Path, port: int, host: str, tls: TlsFiles | None, user: str = "mosquitto") -> str:
    """The ``mosquitto.conf`` text for a broker whose files are in ``folder``, run as ``user``."""
    lines = [
        "# fabrique-kit — courtier MQTT du réseau de la ville (écrit par « fabrique ville courtier »)",
        f"user {user}",
        "per_listener_settings false",
        "allow_anonymous false",
        f"password_file {folder / 'passwd'}",
        f"acl_file {folder / 'acl'}",
        "persistence true",
        f"persistence_location {folder / 'donnees'}/",
        "autosave_interval 60",
        f"max_packet_size {MAX_PACKET}",
        # a kit that (re)subscribes is sent every retained message at once, about five per
        # place: the queue must hold them all (500 places: 2,500), or some are dropped
        f"max_queued_messages {MAX_QUEUED}",
        "log_dest stderr",
        "",
        f"listener {port} {host}" if host else f"listener {port}",
    ]
    if tls is not None:
        lines += [f"certfile {tls.certfile}", f"keyfile {tls.keyfile}"]
        if tls.cafile:
            lines.append(f"cafile {tls.cafile}")
        if tls.require_client_certificate:
            lines += ["require_certificate true", "use_identity_as_username true"]
    return "\n".join(lines) + "\n"


def mosquitto_passwd() -> str:
    """The path of ``mosquitto_passwd``, or a French error saying which package to install."""
    found = shutil.which("mosquitto_passwd") or ("/usr/bin/mosquitto_passwd" if os.path.exists("/usr/bin/mosquitto_passwd") else None)
    if not found:
        raise FabriqueError(_("L'outil mosquitto_passwd est introuvable."),
                            hint=_("Installez le courtier : sudo apt install mosquitto"))
    return found


def hash_passwords(target: Path, passwords: dict[str, str]) -> None:
    """Write ``target`` with the hashed ``passwords`` (Mosquitto's format), in one step."""
    tool = mosquitto_passwd()
    fd, plain = tempfile.mkstemp(dir=target.parent, prefix=".passwd-")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.writelines(f"{user}:{password}\n" for user, password in passwords.items())
        result = subprocess.run([tool, "-U", plain], check=False, capture_output=True, text=True, timeout=60)
        if result.returncode != 0:
            raise FabriqueError(_("mosquitto_passwd a échoué : {detail}", detail=result.stderr.strip()[:200]))
        os.chmod(plain, 0o600)
        os.replace(plain, target)
    finally:
        if os.path.exists(plain):
            os.unlink(plain)


def _give_to(user: str, paths: list[Path]) -> None:
    """Started as root, Mosquitto reads its files as ``user``: give them to that account."""
    if os.geteuid() != 0:
        return
    import pwd

    try:
        account = pwd.getpwnam(user)
    except KeyError:
        return
    for path in paths:
        os.chown(path, account.pw_uid, account.pw_gid)


def write_broker_config(folder: str | Path, places: list[str], *, port: int = 8883, host: str = "",
                        tls: TlsFiles | None = None, passwords: dict[str, str] | None = None,
                        user: str = "mosquitto") -> BrokerFiles:
    """Write ``mosquitto.conf``, ``passwd``, ``acl`` and ``identifiants.csv`` in ``folder``.

    ``places`` are the places' identifiers (their accounts); the coordinator's account
    ``coordination`` is added. Missing passwords are drawn at random (22 characters).
    ``user`` is the system account Mosquitto runs as (it reads the files as that user).
    """
    folder = Path(folder).resolve()
    bad = [p for p in places if not is_id(p)]
    if bad or not places:
        raise FabriqueError(
            _("« {value} » ne peut pas être l'identifiant d'un lieu de la ville.", value=(bad or [""])[0]),
            hint=_("Utilisez des lettres minuscules sans accent, des chiffres et des tirets (par exemple « maurepas »)."),
        )
    if tls is None and port == 8883:
        raise FabriqueError(_("Le port 8883 est celui de MQTT chiffré : donnez le certificat du courtier."),
                            hint=_("Ajoutez --certificat et --cle, ou choisissez --port 1883 sur un réseau de confiance."))
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "donnees").mkdir(exist_ok=True)
    given = dict(passwords or {})
    accounts = {name: given.get(name) or secrets.token_urlsafe(16) for name in [*dict.fromkeys(places), COORDINATOR]}
    hash_passwords(folder / "passwd", accounts)
    write_atomically(folder / "acl", acl_text())
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["identifiant", "utilisateur", "mot_de_passe"])
    writer.writerows([name, name, password] for name, password in accounts.items())
    write_atomically(folder / "identifiants.csv", buffer.getvalue(), mode=0o600)
    conf = write_atomically(folder / "mosquitto.conf", conf_text(folder, port, host, tls, user))
    _give_to(user, [folder / "passwd", folder / "acl", folder / "donnees"])
    return BrokerFiles(conf=conf, passwd=folder / "passwd", acl=folder / "acl",
                       credentials=folder / "identifiants.csv", data=folder / "donnees", passwords=accounts)
