"""Print the benchmark figures as a table and write them to benchmarks/results/latest.json.

Run it with ``make bench``. Each ``benchmarks/bench_*.py`` has a ``run()`` that returns
rows ``{"name", "value", "unit", "target"}`` (and a ``reason`` when the value is n/a); each
file runs in its own process and, when this runs as root, in its own network namespace
(only a loopback with multicast): a benchmark never announces kits on the machine's
network, and one without multicast says « n/a » with the reason instead of crashing.
``FABRIQUE_BENCH=name`` runs only the files whose name contains it.
"""

from __future__ import annotations

import json
import math
import os
import platform
import shutil
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


# a loopback that carries multicast, as tests/netns.py sets it up for the discovery tests
NETNS_SETUP = ("ip link set lo up && ip link set lo multicast on && ip addr add 198.18.0.1/32 dev lo && "
               "ip route add 224.0.0.0/4 dev lo && exec \"$0\" \"$@\"")


def isolated(command: list[str]) -> list[str]:
    """``command`` in a network namespace of its own (root and ``unshare`` needed; else as is)."""
    if os.geteuid() != 0 or shutil.which("unshare") is None or shutil.which("ip") is None:
        return command
    return ["unshare", "--net", "--", "sh", "-c", NETNS_SETUP, *command]


def run_file(path: Path) -> list[dict]:
    """Run one benchmark file in its own process, so memory figures are its own."""
    done = subprocess.run(isolated([sys.executable, "-c", RUN_ONE, str(path)]), capture_output=True, text=True)
    for line in done.stdout.splitlines():
        if line.startswith("@@ROWS@@"):
            return json.loads(line[len("@@ROWS@@"):])
    reason = (done.stderr.strip().splitlines() or ["?"])[-1]
    return [{"name": f"{path.stem}: failed", "value": float("nan"), "unit": "", "target": None, "reason": reason}]


def shown(value) -> str:
    """A figure for the table: ``n/a`` when there is none."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "n/a"
    return f"{value:.2f}"


def main() -> int:
    rows = []
    only = os.environ.get("FABRIQUE_BENCH", "")
    for path in sorted(HERE.glob("bench_*.py")):
        if only not in path.stem:
            continue
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
        reason = f"  ({r['reason']})" if r.get("reason") else ""
        print(f"{r['name']:<{width}}  {shown(r['value']):>10}  {r['unit']:<4}  {r['target'] or ''}{reason}")
    out = HERE / "results"
    out.mkdir(exist_ok=True)
    result = {"machine": platform.platform(), "python": platform.python_version(), "rows": rows}
    rows_json = [{**r, "value": None if shown(r["value"]) == "n/a" else r["value"]} for r in rows]
    result["rows"] = rows_json
    (out / "latest.json").write_text(json.dumps(result, indent=2, ensure_ascii=False))
    print(f"\n→ {out / 'latest.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
