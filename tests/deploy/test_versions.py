"""The service folder: versions side by side, an atomic ``current``, shared data."""

from __future__ import annotations

import os

from fabrique_kit.deploy.bundle import make_bundle
from fabrique_kit.deploy.requests_file import DeployBoard
from fabrique_kit.deploy.versions import ServiceRoot


def test_install_switch_previous_and_shared_data(service, project):
    assert service.versions() == [1] and service.current() == 1
    assert os.readlink(service.current_link) == "versions/1"  # relative: the folder can move
    number = service.install_bundle(make_bundle(project).data)
    assert number == 2 and service.current() == 1
    service.switch(2)
    assert service.current() == 2 and service.previous() == 1
    (service.path(1) / ".fabrique" / "compteurs").mkdir(parents=True)
    (service.path(1) / ".fabrique" / "compteurs" / "attente.sqlite3").write_bytes(b"counts")
    assert (service.path(2) / ".fabrique" / "compteurs" / "attente.sqlite3").read_bytes() == b"counts"
    assert service.site_key() == ServiceRoot(service.root).site_key() is not None


def test_prune_keeps_the_last_versions_and_the_current_one(service, project):
    data = make_bundle(project).data
    for _ in range(7):
        service.install_bundle(data)
    assert service.versions() == list(range(1, 9))
    removed = service.prune()  # current is 1: kept although the oldest
    assert removed == [2, 3]
    assert service.versions() == [1, 4, 5, 6, 7, 8]
    assert service.current() == 1


def test_adopt_data_copies_the_project_counters_once(tmp_path, project):
    (project / ".fabrique").mkdir()
    (project / ".fabrique" / "id").write_text("abc")
    root = ServiceRoot(tmp_path / "s")
    assert root.adopt_data(project) is True
    assert (root.data_dir / "id").read_text() == "abc"
    (project / ".fabrique" / "id").write_text("other")
    assert root.adopt_data(project) is False  # the service's data is never overwritten
    assert (root.data_dir / "id").read_text() == "abc"


def test_board_history(service):
    board = DeployBoard(service)
    board.remember(1)
    board.remember(2)
    board.remember(1)
    assert board.history() == [2, 1]
    board.forget(1)
    assert board.history() == [2]
    ask = board.ask("rollback")
    assert board.busy() and board.take() == ask and board.pending() is None


def test_leftovers_of_a_cut_are_cleaned(service):
    (service.versions_dir / ".incoming-0badc0de").mkdir()
    (service.versions_dir / ".incoming-0badc0de" / "main.py").write_text("x", encoding="utf-8")
    os.symlink("versions/1", service.root / ".current-1234abcd")
    assert sorted(service.clean_leftovers()) == [".current-1234abcd", ".incoming-0badc0de"]
    assert service.current() == 1 and service.versions() == [1]
    assert not [p for p in service.root.iterdir() if p.name.startswith(".current-")]


def test_pruning_removes_failed_versions_first_and_keeps_the_last_known_good(service, project):
    data = make_bundle(project).data
    for _ in range(7):
        service.install_bundle(data)  # versions 1..8, current 1
    service.switch(8)
    board = DeployBoard(service)
    board.remember(2)
    for failed in (3, 7):
        board.mark_failed(failed)
    removed = service.prune(keep_also=(board.last_good(service.versions(), besides=8),), failed=tuple(board.failed()))
    assert 2 in service.versions() and 8 in service.versions()  # the last known-good and the current one
    assert 3 in removed and 7 in removed  # failed ones go, even among the newest
    assert board.last_good(service.versions(), besides=8) == 2
