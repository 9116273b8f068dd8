"""Fixtures for the devices tests: a fresh simulated board and fake root directories."""

from __future__ import annotations

import pytest
from gpiozero import Device

from fabrique_kit.devices import Devices, simulated_factory


@pytest.fixture(autouse=True)
def _restore_global_factory():
    """Tests that install gpiozero's global factory leave it as they found it."""
    before = Device.pin_factory
    yield
    Device.pin_factory = before


@pytest.fixture
def factory():
    """A fresh mock board (a Pi 3B, 40-pin header) for one test."""
    board = simulated_factory()
    yield board
    board.reset()


@pytest.fixture
def devices(factory, tmp_path):
    """A simulated Devices registry on its own board, with an empty fake root."""
    registry = Devices(simulate=True, root=tmp_path, pin_factory=factory)
    yield registry
    registry.close()
