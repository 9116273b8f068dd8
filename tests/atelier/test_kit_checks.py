"""The checks that ask the running kit (a real local HTTP server plays the kit)."""

from fabrique_kit.atelier.checks import StepContext, input_evidence, run_check
from tests.atelier.helpers import FakeKit, edit, set_port


def test_preview_not_running(project):
    result = run_check("apercu_lance", StepContext(project))
    assert not result.ok
    assert "fabrique run" in result.detail


def test_preview_running(project, fake_kit):
    result = run_check("apercu_lance", StepContext(project))
    assert result.ok
    assert str(fake_kit.port) in result.detail


def test_another_kit_on_the_port_is_named(project):
    other = FakeKit(name="kit-de-la-table-2")
    try:
        set_port(project, other.port)
        result = run_check("apercu_lance", StepContext(project))
    finally:
        other.close()
    assert not result.ok
    assert "kit-de-la-table-2" in result.detail


def test_button_waits_for_a_new_ticket(project, fake_kit):
    fake_kit.set("attente", {"called": None, "last_ticket": 4})
    ctx = StepContext(project)
    first = run_check("bouton_appuye", ctx)
    assert not first.ok  # a ticket from before the step does not count
    fake_kit.set("attente", {"called": None, "last_ticket": 5}, version=2)
    second = run_check("bouton_appuye", ctx)
    assert second.ok
    assert "5" in second.detail


def test_button_seen_through_the_inputs_value(project, fake_kit):
    fake_kit.set("entrees", {"prendre-un-ticket": 0}, version=3)
    ctx = StepContext(project)
    assert not run_check("bouton_appuye", ctx).ok
    fake_kit.set("entrees", {"prendre-un-ticket": 0}, version=5)  # pressed and released
    assert run_check("bouton_appuye", ctx).ok


def test_button_once_looks_for_a_ticket_today(project, fake_kit):
    fake_kit.set("attente", {"last_ticket": None})
    assert not run_check("bouton_appuye", StepContext(project, once=True)).ok
    fake_kit.set("attente", {"last_ticket": 2}, version=2)
    assert run_check("bouton_appuye", StepContext(project, once=True)).ok


def test_button_without_preview(project):
    result = run_check("bouton_appuye", StepContext(project))
    assert not result.ok
    assert "fabrique run" in result.detail


def test_input_evidence_ignores_other_values():
    evidence = input_evidence({"values": {
        "message": {"value": {"text": "Bonjour"}},
        "attente": {"value": {"last_ticket": 7}},
        "entrees": {"value": {"capteur": 0.4, "bouton": True}, "version": 9},
    }})
    assert evidence.tickets == {"attente": 7}
    assert evidence.inputs_version == 9
    assert evidence.active_now


def test_message_must_be_shown_by_the_kit(project, fake_kit):
    fake_kit.set("message", {"text": "Bienvenue ! Prenez un ticket à l'accueil.", "until": None})
    result = run_check("message_change", StepContext(project))
    assert not result.ok
    edit(project, "Bienvenue ! Prenez un ticket à l'accueil.", "Atelier smartphone mercredi 14 h")
    result = run_check("message_change", StepContext(project))
    assert not result.ok
    assert "relancez" in result.detail
    fake_kit.set("message", {"text": "Atelier smartphone mercredi 14 h", "until": None}, version=2)
    result = run_check("message_change", StepContext(project))
    assert result.ok
    assert "Atelier smartphone" in result.detail


def test_message_changed_but_kit_stopped(project):
    edit(project, "Bienvenue ! Prenez un ticket à l'accueil.", "Fermé lundi")
    result = run_check("message_change", StepContext(project))
    assert not result.ok
    assert "relancez" in result.detail
