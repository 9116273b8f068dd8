"""The one client of the kits' API: headers, answers in the person's language, atomic key writes."""

from __future__ import annotations

import os
import stat

from fabrique_kit.i18n import use_language
from fabrique_kit.net.keys import HEADER, ensure_site_key, read_site_key, write_site_key
from fabrique_kit.net.kit_api import Answer, KitApi, read_answer


def test_headers_carry_the_language_never_the_key():
    api = KitApi("k" * 20)
    with use_language("en"):
        headers = api.headers("application/zip")
    assert headers["Accept-Language"] == "en" and headers["Content-Type"] == "application/zip"
    assert HEADER not in headers and "k" * 20 not in str(headers)  # the key never travels
    api.close()


def test_answers_read_in_the_persons_language():
    refused = Answer(403, {"error": "Clé refusée", "error_en": "Key refused", "hint": "Vérifiez"})
    assert not refused.ok and not refused.verified
    with use_language("en"):
        assert refused.reason() == "Key refused" and refused.hint() == "Vérifiez"
    with use_language("fr"):
        assert refused.reason() == "Clé refusée"
    assert Answer(500, None).reason() == "500" and Answer(200, {}).ok


def test_a_body_that_is_not_an_object_is_none():
    assert read_answer(200, b"[1, 2]").body is None
    assert read_answer(502, b"not JSON") == Answer(502, None)
    assert read_answer(200, b"[" * 100_000).body is None  # nested too deep: no RecursionError


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


def test_one_decoding_of_answers_for_every_caller():
    import pytest

    from fabrique_kit.errors import FabriqueError

    with use_language("fr"), pytest.raises(FabriqueError, match="Réponse inattendue du kit « accueil » \\(code 502\\)"):
        Answer(502, None).body_or_raise("accueil")
    with use_language("en"), pytest.raises(FabriqueError, match="Unexpected answer from the kit \\(code 200\\)"):
        Answer(200, None).body_or_raise()
    refused = Answer(400, {"problems": [{"message": "ligne 3", "line": 3, "extra": 1}, {"nope": 1}, "x"]})
    assert [(p.message, p.line) for p in refused.problems()] == [("ligne 3", 3)]
    assert Answer(200, {"a": 1}).body_or_raise() == {"a": 1}
