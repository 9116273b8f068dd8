"""Write the stable API's table in CONTRIBUTING.md from the code: ``python tools/stable_api_table.py``.

The table lists every name of ``fabrique_kit.STABLE_API`` with its public members, taken
from the code itself, between the two ``stable-api`` markers of CONTRIBUTING.md. A test
(tests/core/test_stable_api.py) fails when the table is out of date.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONTRIBUTING = ROOT / "CONTRIBUTING.md"
START, END = "<!-- stable-api:start -->", "<!-- stable-api:end -->"


def _members(obj) -> str:
    """The public members griffe sees (the ones ``tools/check_api.py`` protects)."""
    if obj.is_function:
        return f"`{obj.name}({', '.join(p.name for p in obj.parameters)})`"
    names = sorted(n for n, member in obj.all_members.items() if not n.startswith("_") and member.is_public)
    return ", ".join(f"`{n}`" for n in names)


def table() -> str:
    """The markdown table of the stable API, as the code defines it now."""
    sys.path.insert(0, str(ROOT / "tools"))
    from check_api import stable_names, stable_objects

    names, objects = stable_names(ROOT), stable_objects(ROOT)
    lines = [
        "| nom / name | défini dans / defined in | membres publics / public members |",
        "|---|---|---|",
    ]
    for name in sorted(names, key=str.lower):
        lines.append(f"| `fabrique_kit.{name}` | `{names[name]}` | {_members(objects[name])} |")
    return "\n".join(lines)


def updated(text: str) -> str:
    """CONTRIBUTING.md's text with the table between the markers replaced."""
    head, rest = text.split(START, 1)
    _old, tail = rest.split(END, 1)
    return f"{head}{START}\n{table()}\n{END}{tail}"


if __name__ == "__main__":
    text = CONTRIBUTING.read_text(encoding="utf-8")
    new = updated(text)
    if "--check" in sys.argv:
        sys.exit(0 if new == text else 1)
    CONTRIBUTING.write_text(new, encoding="utf-8")
    print("CONTRIBUTING.md : table de l'API stable à jour / stable API table updated")
