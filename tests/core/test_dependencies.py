"""Dependencies pinned for screens that run for years: the constraints file and pyproject agree,
and the suite runs with exactly the versions a hall screen is installed with."""

from __future__ import annotations

import importlib.metadata as metadata
import re
import sys
import tomllib
from pathlib import Path

from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parents[2]
CONSTRAINTS = ROOT / "fabrique_kit" / "deploy" / "constraints.txt"


def _pins() -> dict[str, str]:
    pins = {}
    for line in CONSTRAINTS.read_text().splitlines():
        if "==" in line and not line.startswith("#"):
            name, version = line.split("==")
            pins[name.strip().lower()] = version.strip()
    return pins


def _direct() -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    return [Requirement(r) for r in project["dependencies"]]


def test_every_dependency_is_pinned_within_its_range():
    pins = _pins()
    for requirement in _direct():
        name = requirement.name.lower()
        assert name in pins, f"{name} is not in constraints.txt: run tools/write_constraints.py"
        assert requirement.specifier.contains(pins[name], prereleases=True), (name, str(requirement.specifier), pins[name])


def test_the_suite_runs_with_the_pinned_versions():
    pins = _pins()
    wrong = {name: (metadata.version(name), pinned) for name, pinned in pins.items()
             if _installed(name) not in (None, pinned)}
    assert wrong == {}, "make installs with -c constraints.txt; after an upgrade run tools/write_constraints.py"


def test_floors_are_the_tested_minor_and_internals_are_capped():
    pins = _pins()
    for requirement in _direct():
        floor = next((s.version for s in requirement.specifier if s.operator == ">="), None)
        assert floor is not None, f"{requirement.name} has no floor"
        tested = pins[requirement.name.lower()]
        assert tested.startswith(".".join(floor.split(".")[:2])), (requirement.name, floor, tested)
    capped = {r.name for r in _direct() if any(s.operator == "<" for s in r.specifier)}
    assert {"waitress", "zeroconf", "gpiozero", "paho-mqtt"} <= capped


def test_service_install_names_versions_that_differ(tmp_path):
    from fabrique_kit.deploy.service import version_drift

    assert version_drift() == []
    fake = tmp_path / "constraints.txt"
    fake.write_text("click==0.1\n# a comment\nnot-installed-anywhere==1.0\n")
    assert version_drift(fake) == [f"click {metadata.version('click')} (testée : 0.1)"]


def _installed(name: str) -> str | None:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return None


def test_the_constraints_file_is_what_the_tool_writes():
    sys.path.insert(0, str(ROOT / "tools"))
    try:
        import write_constraints
    finally:
        sys.path.pop(0)
    written = {m.group(1): m.group(2) for m in re.finditer(r"^([\w.-]+)==(\S+)$", write_constraints.text(), re.M)}
    assert written == _pins()
