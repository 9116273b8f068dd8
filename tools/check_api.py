"""Check that the stable API did not break since the release (griffe): ``make lint`` runs it.

    python tools/check_api.py              # compare the code with api/stable-api.json
    python tools/check_api.py --write      # at a release: record the stable API as released
    python tools/check_api.py --root DIR   # check another copy of the source tree

The stable API is ``fabrique_kit.STABLE_API`` (the names module authors import from
``fabrique_kit``). griffe reads the code without running it and lists what would break
a module written against the release: a removed name or member, a parameter removed,
renamed or made required, a changed default. A break is allowed only after a
deprecation: then run ``--write`` in the release commit and say so in its notes.
"""

from __future__ import annotations

import argparse
import ast
import json
import sys
from pathlib import Path

import griffe

ROOT = Path(__file__).resolve().parent.parent
BASELINE = ROOT / "api" / "stable-api.json"


def stable_names(root: Path) -> dict[str, str]:
    """``STABLE_API`` of the package in ``root``, read from its source (not imported)."""
    tree = ast.parse((root / "fabrique_kit" / "__init__.py").read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", "") == "STABLE_API" for t in node.targets):
            return ast.literal_eval(node.value)
    raise SystemExit("STABLE_API introuvable dans fabrique_kit/__init__.py / STABLE_API not found")


def stable_objects(root: Path) -> dict[str, griffe.Object]:
    """Each stable name's griffe object (a class, function or attribute) in ``root``."""
    # a path, not a name: griffe would find the installed package before ``root``
    package = griffe.load(str(root / "fabrique_kit"), resolve_aliases=True, allow_inspection=False)
    found = {}
    for name, module in stable_names(root).items():
        where = module.removeprefix("fabrique_kit").lstrip(".")
        obj = package[f"{where}.{name}" if where else name]
        found[name] = obj.final_target if obj.is_alias else obj
    return found


def breakages(root: Path, baseline: Path = BASELINE) -> list[str]:
    """What breaks, one line per break (an empty list: nothing)."""
    released = json.loads(baseline.read_text(encoding="utf-8"))
    current = stable_objects(root)
    problems = []
    for name, data in released["objects"].items():
        if name not in current:
            problems.append(f"{name}: retiré de l'API stable / removed from the stable API")
            continue
        old = json.loads(json.dumps(data), object_hook=griffe.json_decoder)
        for breakage in griffe.find_breaking_changes(old, current[name]):
            what = breakage.obj.name if breakage.obj.name != name else ""
            change = breakage.kind.value
            if breakage.old_value is not None or breakage.new_value is not None:
                change += f" ({_text(breakage.old_value)} -> {_text(breakage.new_value)})"
            problems.append(f"{name}{'.' + what if what else ''}: {change}")
    return problems


def _text(value) -> str:
    return getattr(value, "name", None) or str(value)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=ROOT)
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args(argv)
    if args.write:
        objects = {name: json.loads(obj.as_json()) for name, obj in stable_objects(args.root).items()}
        version = (args.root / "fabrique_kit" / "_version.py").read_text().split('"')[1]
        BASELINE.parent.mkdir(exist_ok=True)
        BASELINE.write_text(json.dumps({"version": version, "objects": objects}, indent=1, sort_keys=True) + "\n")
        print(f"API stable enregistrée / stable API recorded: {BASELINE} ({len(objects)} noms / names)")
        return 0
    problems = breakages(args.root)
    for line in problems:
        print(line)
    if problems:
        print(f"{len(problems)} rupture(s) de l'API stable / stable API break(s): see tools/check_api.py")
        return 1
    print("API stable intacte / stable API unchanged")
    return 0


if __name__ == "__main__":
    sys.exit(main())
