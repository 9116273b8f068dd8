"""Write the stable API's table in CONTRIBUTING.md from the code: ``python tools/stable_api_table.py``.

The table lists every name of ``fabrique_kit.STABLE_API`` with its public members, taken
from the code itself, between the two ``stable-api`` markers of CONTRIBUTING.md. A test
(tests/core/test_stable_api.py) fails when the table is out of date.
"""

from __future__ import annotations

import inspect
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONTRIBUTING = ROOT / "CONTRIBUTING.md"
START, END = "<!-- stable-api:start -->", "<!-- stable-api:end -->"


def _members(obj) -> str:
    if not inspect.isclass(obj):
        try:
            return f"`{obj.__name__}{inspect.signature(obj)}`"
        except (TypeError, ValueError, AttributeError):
            return ""
    names = sorted(n for n in vars(obj) if not n.startswith("_"))
    for base in obj.__mro__[1:]:
        if base.__module__.startswith("fabrique_kit"):
            names += sorted(n for n in vars(base) if not n.startswith("_") and n not in names)
    return ", ".join(f"`{n}`" for n in names)


def table() -> str:
    """The markdown table of the stable API, as the code defines it now."""
    import fabrique_kit

    lines = [
        "| nom / name | défini dans / defined in | membres publics / public members |",
        "|---|---|---|",
    ]
    for name in sorted(fabrique_kit.STABLE_API, key=str.lower):
        obj = getattr(fabrique_kit, name)
        lines.append(f"| `fabrique_kit.{name}` | `{fabrique_kit.STABLE_API[name]}` | {_members(obj)} |")
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
