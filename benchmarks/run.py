"""Print the benchmark figures as a table and write them to benchmarks/results/latest.json.

Run it with ``make bench``. Each ``benchmarks/bench_*.py`` has a ``run()`` that returns
rows ``{"name", "value", "unit", "target"}``; this file adds the start-up rows.
"""

from __future__ import annotations

import importlib.util
import json
import platform
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> int:
    rows = []
    for path in sorted(HERE.glob("bench_*.py")):
        spec = importlib.util.spec_from_file_location(path.stem, path)
        module = importlib.util.module_from_spec(spec)
        started = time.perf_counter()
        try:
            spec.loader.exec_module(module)
            found = module.run()
        except Exception as error:  # one broken benchmark must not hide the others
            found = [{"name": f"{path.stem}: failed ({error})", "value": float("nan"), "unit": "", "target": None}]
        for row in found:
            row.setdefault("target", None)
            row["file"] = path.name
        rows += found
        print(f"  {path.name}: {time.perf_counter() - started:.1f} s", file=sys.stderr)
    width = max(len(r["name"]) for r in rows) if rows else 10
    print(f"{'benchmark':<{width}}  {'value':>10}  unit  target")
    for r in rows:
        print(f"{r['name']:<{width}}  {r['value']:>10.2f}  {r['unit']:<4}  {r['target'] or ''}")
    out = HERE / "results"
    out.mkdir(exist_ok=True)
    result = {"machine": platform.platform(), "python": platform.python_version(), "rows": rows}
    (out / "latest.json").write_text(json.dumps(result, indent=2, ensure_ascii=False))
    print(f"\n→ {out / 'latest.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
