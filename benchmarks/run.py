"""Print the benchmark figures as a table and write them to benchmarks/results/latest.json.

Run it with ``make bench``. Each ``benchmarks/bench_*.py`` has a ``run()`` that returns
rows ``{"name", "value", "unit", "target"}``; each file runs in its own process.
"""

from __future__ import annotations

import json
import platform
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


RUN_ONE = """
import importlib.util, json, os, sys
sys.path.insert(0, os.path.dirname(sys.argv[1]))  # the shared timing helper
spec = importlib.util.spec_from_file_location("bench", sys.argv[1])
module = importlib.util.module_from_spec(spec)
spec.loader.exec_module(module)
print("@@ROWS@@" + json.dumps(module.run()))
"""


def run_file(path: Path) -> list[dict]:
    """Run one benchmark file in its own process, so memory figures are its own."""
    done = subprocess.run([sys.executable, "-c", RUN_ONE, str(path)], capture_output=True, text=True)
    for line in done.stdout.splitlines():
        if line.startswith("@@ROWS@@"):
            return json.loads(line[len("@@ROWS@@"):])
    reason = (done.stderr.strip().splitlines() or ["?"])[-1]
    return [{"name": f"{path.stem}: failed ({reason})", "value": float("nan"), "unit": "", "target": None}]


def main() -> int:
    rows = []
    for path in sorted(HERE.glob("bench_*.py")):
        started = time.perf_counter()
        found = run_file(path)
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
