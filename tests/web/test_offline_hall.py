"""A kit with no network at all (an offline laptop, a Pi before its Wi-Fi) draws its whole
hall screen: the first-run invitation, which needs an address for the phone, waits."""

from fabrique_kit.net import addresses
from fabrique_kit.project import new_project, run_project


def test_no_address_no_invitation_and_a_complete_screen(tmp_path, monkeypatch):
    monkeypatch.setattr(addresses, "local_ipv4_addresses", lambda: [])
    project = new_project("afficheur", tmp_path / "afficheur")
    kit = run_project(project, mode="load", quiet=True, simulate=True, port=0, host="0.0.0.0")
    kit.start()
    try:
        assert kit.web.public_address() is None
        frame = kit.render()
        assert frame.errors == []
        assert "Écran incomplet" not in " ".join(frame.display.texts("status"))
        assert not frame.display.texts("setup.code")
    finally:
        kit.close()
