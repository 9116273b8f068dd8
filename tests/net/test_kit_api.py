"""The one client of the kits' API: headers, answers in the person's language, atomic key writes."""

from __future__ import annotations

import os
import stat
from types import SimpleNamespace

from fabrique_kit.i18n import use_language
from fabrique_kit.net.keys import HEADER, ensure_site_key, read_site_key, write_site_key
from fabrique_kit.net.kit_api import Answer, KitApi, read_answer


def test_headers_carry_the_key_and_the_language():
    api = KitApi("k" * 20)
    with use_language("en"):
        headers = api.headers("application/zip")
    assert headers[HEADER] == "k" * 20 and headers["Accept-Language"] == "en"
    assert headers["Content-Type"] == "application/zip"
    assert HEADER not in KitApi(None).headers()
    assert api.session.trust_env is False  # never through a proxy
    api.close()


def test_answers_read_in_the_persons_language():
    refused = Answer(403, {"error": "Clé refusée", "error_en": "Key refused", "hint": "Vérifiez"})
    assert not refused.ok
    with use_language("en"):
        assert refused.reason() == "Key refused" and refused.hint() == "Vérifiez"
    with use_language("fr"):
        assert refused.reason() == "Clé refusée"
    assert Answer(500, None).reason() == "500" and Answer(200, {}).ok


def test_a_body_that_is_not_an_object_is_none():
    def response(status, body):
        def json():
            if isinstance(body, Exception):
                raise body
            return body
        return SimpleNamespace(status_code=status, json=json)

    assert read_answer(response(200, [1, 2])).body is None
    assert read_answer(response(502, ValueError("not JSON"))) == Answer(502, None)


def test_the_site_key_is_written_in_one_step_and_keeps_the_files_mode(tmp_path):
    config = tmp_path / "fabrique.toml"
    config.write_text("[kit]\nnom = \"Accueil\"\n", encoding="utf-8")
    os.chmod(config, 0o600)
    key, created = ensure_site_key(config)
    assert created and read_site_key(config) == key
    assert ensure_site_key(config) == (key, False)
    write_site_key(config, "a" * 20)
    assert stat.S_IMODE(config.stat().st_mode) == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["fabrique.toml"]  # no temporary file left
