"""A real kit gives its site key to its presence (its followers check who answers), and a
damaged ``.fabrique/id`` is renewed instead of being advertised."""

import logging

from fabrique_kit.modules.testing import make_kit
from fabrique_kit.net.identity import valid_kit_id


def test_the_kit_s_followers_know_the_site_key(tmp_path):
    (tmp_path / "fabrique.toml").write_text('[kit]\nnom = "accueil"\n[site]\ncle = "' + "k" * 40 + '"\n')
    with make_kit(tmp_path) as kit:
        assert kit.site_key
        assert kit.presence.peers.site_key == kit.site_key


def test_a_damaged_id_file_is_renewed_with_a_french_warning(tmp_path, caplog):
    folder = tmp_path / ".fabrique"
    folder.mkdir()
    (folder / "id").write_bytes(b"\xff\xfe<script>\n" * 50)
    caplog.set_level(logging.WARNING)
    with make_kit(tmp_path) as kit:
        assert valid_kit_id(kit.id)
    assert (folder / "id").read_text() == kit.id
    assert any("était abîmé" in r.getMessage() for r in caplog.records)
