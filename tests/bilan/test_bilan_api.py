"""A person turned away, recorded through the kit's real HTTP API, is in the bilan's count and share."""

from __future__ import annotations

from fabrique_kit.clock import FakeClock
from fabrique_kit.net.kit_api import KitApi
from fabrique_kit.project import new_project, run_project
from fabrique_kit.sources.counters import bilan


def test_turn_away_through_the_api_reaches_the_bilan(tmp_path):
    project = new_project("afficheur", tmp_path / "afficheur")
    config = project / "fabrique.toml"
    config.write_text(config.read_text(encoding="utf-8") + "\n[reseau]\ndecouverte = false\n", encoding="utf-8")
    clock = FakeClock("2026-11-23 10:00")
    kit = run_project(project, mode="load", quiet=True, simulate=True, port=0, clock=clock)
    kit.start()
    try:
        api, base = KitApi(kit.site_key), f"http://127.0.0.1:{kit.port}/api/actions/"
        listed = api.send("GET", base.rstrip("/")).body["actions"]
        assert {"name": "attente.turn_away", "label": "Personne non reçue (refus)", "params": ["kind"]} in listed
        for _ in range(3):
            assert api.send("POST", base + "attente.take_ticket", json={}, signed=True).status == 200
        answer = api.send("POST", base + "attente.turn_away", json={"kind": "CAF"}, signed=True)
        assert (answer.status, answer.body["result"]) == (200, 1)
        answer = api.send("POST", base + "attente.turn_away", json={"kind": "un nom"}, signed=True)
        assert answer.status == 400 and "type de demande" in answer.body["error"]
        unsigned = api.__class__(None).send("POST", base + "attente.turn_away", json={})
        assert unsigned.status in (401, 403)  # changing needs the site key
        path = kit.counter("attente").db_path
    finally:
        kit.close()
    total = bilan.compute([path], 2026).total()
    assert (total.tickets, total.turned_away) == (3, 1)
    assert total.turned_away_share == 0.25  # 1 of the 4 people who came
    assert dict(total.requests) == {"CAF": 1}
