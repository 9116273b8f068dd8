"""A rogue device on the public Wi-Fi takes a kit's name: it is never believed nor sent anything.

Real multicast and real processes in the tests' own network namespace (tests/netns.py):
two rogues advertise the TXT name of the reception kit with smaller ids (the old lookup
picked them), one with a wrong key, one with none, and would show « 666 ».
"""

from __future__ import annotations

import json
import secrets
import subprocess
import sys

import pytest

from fabrique_kit.net import Follower, Peers
from fabrique_kit.state import State
from tests.net.conftest import ROOT
from tests.waiting import wait_until

pytestmark = [pytest.mark.multicast, pytest.mark.slow]
KEY = "cle-du-lieu-blosne-0123456789"
RUN = secrets.token_hex(3)
ACCUEIL = f"Accueil {RUN}"


def discover_json(folder) -> list[dict]:
    done = subprocess.run(
        [sys.executable, "-m", "fabrique_kit", "discover", "--json", "--timeout", "3", "--dossier", str(folder)],
        cwd=ROOT, capture_output=True, text=True, timeout=60,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def records(path) -> list[dict]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_a_rogue_with_the_same_name_is_never_followed_nor_sent_anything(kit_processes, tmp_path):
    real = kit_processes(ACCUEIL, key=KEY, kit_id=f"kit-zz-{RUN}")
    logs = [tmp_path / "sans-cle.jsonl", tmp_path / "mauvaise-cle.jsonl"]
    rogues = [
        kit_processes(ACCUEIL, kit_id=f"kit-00-{RUN}", extra=("--lie", "--called", "666", "--record", str(logs[0]))),
        kit_processes(ACCUEIL, key="une-autre-cle-0123456789", kit_id=f"kit-01-{RUN}",
                      extra=("--lie", "--called", "666", "--record", str(logs[1]))),
    ]
    for kit in (real, *rogues):
        kit.wait_ready()
    here = Peers(exclude_id=f"kit-tests-{RUN}", site_key=KEY).start()
    local = State()
    follower = Follower(ACCUEIL, "attente", local, here)
    try:
        assert wait_until(lambda: len([p for p in here.all() if p.matches(ACCUEIL)]) == 3, timeout=10)
        follower.start()
        client = here.client(ACCUEIL)  # the key of Peers: signed, after the proof
        assert client.counter("attente").take_ticket() == 1
        assert client.counter("attente").call_next(desk=2) == 1
        assert client.pinned_id == real.id
        assert wait_until(lambda: (local.get("attente") or {}).get("called") == 1, timeout=10)
        assert follower.pinned_id == real.id and local.value("attente").owner == ACCUEIL
        assert local.get("attente")["called"] != 666

        # fabrique discover, run in a kit folder holding the site key
        (tmp_path / "fabrique.toml").write_text(f'[site]\ncle = "{KEY}"\n', encoding="utf-8")
        rows = {row["id"]: row for row in discover_json(tmp_path) if row["name"] == ACCUEIL}
        assert rows[real.id]["verified"] is True
        for rogue in rogues:
            assert rows[rogue.id]["verified"] is False and rows[rogue.id]["duplicate_name"] is True
    finally:
        follower.stop()
        here.stop()
    # what the rogues received: public reads with a nonce, never the key or a signed request
    seen = records(logs[0]) + records(logs[1])
    assert seen, "the follower and the client asked them to prove the key"
    for request in seen:
        assert request["method"] == "GET", request
        headers = {k.lower(): v for k, v in request["headers"].items()}
        assert "x-fabrique-signature" not in headers and "x-fabrique-key" not in headers
        assert KEY not in json.dumps(request)


def test_two_real_kits_with_the_same_name_are_both_listed_and_distinct(kit_processes, tmp_path):
    name = f"Hall {RUN}"
    first = kit_processes(name, key=KEY, kit_id=f"kit-a-{RUN}").wait_ready()
    second = kit_processes(name, key=KEY, kit_id=f"kit-b-{RUN}").wait_ready()
    # one of the two is renamed by zeroconf (which one depends on whose probe won)...
    services = sorted(kit.ready["service"].split("._fabrique")[0] for kit in (first, second))
    assert services == [name, f"{name}-2"]
    (tmp_path / "fabrique.toml").write_text(f'[site]\ncle = "{KEY}"\n', encoding="utf-8")
    rows = [row for row in discover_json(tmp_path) if row["id"] in (first.id, second.id)]
    assert sorted(row["name"] for row in rows) == [name, f"{name}-2"]  # ...and its TXT name says so
    assert all(row["verified"] and row["instance"] == row["name"] for row in rows)
    assert rows[0]["id"] != rows[1]["id"]
