import json
import math
from datetime import date, datetime

from fabrique_kit.model import DeskStatus, QueueStatus
from fabrique_kit.net.jsonready import json_ready
from fabrique_kit.net.keys import generate_site_key, keys_match, looks_like_site_key


def test_site_keys_are_random_and_well_shaped():
    keys = {generate_site_key() for _ in range(50)}
    assert len(keys) == 50
    assert all(len(k) >= 40 and looks_like_site_key(k) for k in keys)


def test_keys_match_only_the_same_key():
    key = generate_site_key()
    assert keys_match(key, key)
    assert not keys_match(key + "x", key)
    assert not keys_match("", key)
    assert not keys_match(None, key)
    assert not keys_match(key, None)  # a kit without a key accepts nothing


def test_looks_like_site_key_refuses_junk():
    assert not looks_like_site_key("court")
    assert not looks_like_site_key('abc"; rm -rf / #' * 2)


def test_json_ready_handles_the_models_and_anything_else():
    status = QueueStatus(
        name="attente", called=12, desks=(DeskStatus(desk=1, called=12),), day=date(2026, 11, 23)
    )
    data = json_ready(
        {
            "status": status,
            "when": datetime(2026, 11, 23, 14, 0),
            "tags": {"b", "a"},
            "bad": math.nan,
            3: object(),
        }
    )
    text = json.dumps(data, allow_nan=False)
    assert data["status"]["desks"][0] == {"desk": 1, "called": 12}
    assert data["status"]["day"] == "2026-11-23"
    assert data["when"] == "2026-11-23T14:00:00"
    assert data["tags"] == ["a", "b"]
    assert data["bad"] is None
    assert data["3"].startswith("<object object")
    assert "attente" in text
