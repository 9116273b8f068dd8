"""Write the hall screens' constraints file from the versions installed here (and tested).

    python tools/write_constraints.py          # after the suite passed with new versions

Every package fabrique-kit needs at run time (its dependencies and theirs, no extras)
is pinned to the version installed in this environment, in
``fabrique_kit/deploy/constraints.txt``. ``make`` installs with it, so the suite runs
with exactly these versions, and a hall screen is installed with them
(``pip install -c …/constraints.txt fabrique-kit``) for the years it runs.
"""

from __future__ import annotations

import importlib.metadata as metadata
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUILD_TOOLS = {"pip", "setuptools", "wheel"}  # an installation's tools, not the kit's
CONSTRAINTS = ROOT / "fabrique_kit" / "deploy" / "constraints.txt"


def _name(requirement: str) -> str:
    return re.split(r"[ ;<>=!~\[(]", requirement, maxsplit=1)[0].strip().lower().replace("_", "-")


def runtime_closure(root: str = "fabrique-kit") -> dict[str, str]:
    """Every package ``root`` needs at run time (markers of this machine), with its version."""
    found: dict[str, str] = {}
    todo = [root]
    while todo:
        name = todo.pop()
        try:
            distribution = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue  # a requirement for another platform or Python
        for requirement in distribution.requires or []:
            if "extra ==" in requirement:
                continue
            marker = requirement.split(";", 1)[1] if ";" in requirement else ""
            if marker and not _marker_holds(marker):
                continue
            child = _name(requirement)
            if child not in found and child != _name(root) and child not in BUILD_TOOLS:
                try:
                    found[child] = metadata.version(child)
                except metadata.PackageNotFoundError:
                    continue
                todo.append(child)
    return dict(sorted(found.items()))


def _marker_holds(marker: str) -> bool:
    try:
        from packaging.markers import Marker
    except ImportError:
        return True
    return Marker(marker).evaluate({"extra": ""})


def text() -> str:
    lines = ["# Written by tools/write_constraints.py: the versions the suite passed with.",
             "# A hall screen installs them: pip install -c constraints.txt fabrique-kit",
             f"# Python {sys.version_info.major}.{sys.version_info.minor}"]
    lines += [f"{name}=={version}" for name, version in runtime_closure().items()]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    CONSTRAINTS.write_text(text(), encoding="utf-8")
    print(f"{CONSTRAINTS}: {len(runtime_closure())} paquets / packages")
