"""Fixtures for the guided mode: a real project folder and a fake running kit."""

from __future__ import annotations

from pathlib import Path

import pytest

from fabrique_kit.project import new_project
from tests.atelier.helpers import FakeKit, free_port, set_port


@pytest.fixture
def project(tmp_path) -> Path:
    """A fresh afficheur project, made by ``new_project`` like ``fabrique new``, on a closed port."""
    folder = new_project("afficheur", tmp_path / "mon-afficheur")
    set_port(folder, free_port())
    return folder


@pytest.fixture
def fake_kit(project):
    """A fake kit named like ``project``, listening on the project's port."""
    kit = FakeKit(name=project.name)
    set_port(project, kit.port)
    yield kit
    kit.close()
