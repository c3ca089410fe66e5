"""Benchmark of the appointment-bundling optimiser on the shared family instances.

Runs ``los bundle`` for every ``family-*.json`` (as a separate process, the way it is used),
checks each answer with the independent checker, compares with the baseline and the best-known
values, prints a table plus a README snippet and writes ``bench/results/bundling.json``.

    .venv/bin/python bench/bundling.py [--time-limit 5] [--instances DIR]
"""

from __future__ import annotations

import argparse
import json
import math
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_INSTANCES = REPO.parent / "shared/data/bundling"
sys.path.insert(0, str(REPO))

from los.calendar.bundling import attendance_days, baseline, check_solution, load_instance  # noqa: E402

ROW = "{:<18} {:<10} {:>4} {:>4} {:>4} {:>4} {:>8} {:>7}"


def bundle_command(path: Path, time_limit: float) -> list[str]:
    """``los bundle`` from the virtualenv beside this interpreter if present, else ``python -m los``."""
    candidates = [Path(sys.executable).parent / "los", REPO / ".venv/bin/los"]
    los = next((c for c in candidates if c.exists()), None)
    head = [str(los)] if los else [sys.executable, "-m", "los"]
    return [*head, "bundle", str(path), "--time-limit", str(time_limit)]


def command_env() -> dict[str, str]:
    """The settings refuse to load without a secret unless in a local mode; the benchmark is local."""
    env = dict(os.environ)
    if not any(env.get(k) for k in ("SECRET_KEY", "DEBUG", "LOS_DEMO", "LOS_TESTING")):
        env["LOS_TESTING"] = "1"
    return env


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def run_one(path: Path, time_limit: float, best: dict) -> dict:
    instance = load_instance(json.loads(path.read_text(encoding="utf-8")))
    base_days = attendance_days(instance, baseline(instance))
    began = time.monotonic()
    proc = subprocess.run(bundle_command(path, time_limit), capture_output=True, text=True, env=command_env())
    wall = time.monotonic() - began
    row = {
        "instance": path.name,
        "status": "error",
        "attendance_days": None,
        "lower_bound": None,
        "solve_seconds": None,
        "wall_seconds": round(wall, 3),
        "baseline_days": base_days,
        "best_known_days": best.get(path.name, {}).get("best_known_days"),
        "violations": [],
    }
    if proc.returncode != 0:
        row["violations"] = [f"los bundle failed: {proc.stderr.strip()[-500:]}"]
        return row
    result = json.loads(proc.stdout)
    row.update({k: result[k] for k in ("status", "attendance_days", "lower_bound", "solve_seconds")})
    if result["status"] in ("optimal", "feasible"):
        row["violations"] = check_solution(instance, result["appointments"])
        if result["attendance_days"] != attendance_days(instance, result["appointments"]):
            row["violations"].append("attendance_days does not match the appointments")
    return row


def summarise(rows: list[dict], time_limit: float) -> dict:
    solved = [r for r in rows if r["status"] in ("optimal", "feasible") and not r["violations"]]
    total = sum(r["attendance_days"] for r in solved)
    total_base = sum(r["baseline_days"] for r in rows)
    total_best = sum(r["best_known_days"] or 0 for r in rows)
    seconds = [r["solve_seconds"] for r in rows if r["solve_seconds"] is not None]
    return {
        "time_limit_seconds": time_limit,
        "instances": len(rows),
        "optimal": sum(r["status"] == "optimal" for r in rows),
        "total_days": total,
        "total_baseline_days": total_base,
        "total_best_known_days": total_best,
        "reduction_vs_baseline_percent": round(100 * (total_base - total) / total_base, 2)
        if total_base
        else None,
        "gap_to_best_known_percent": round(100 * (total - total_best) / total_best, 2)
        if total_best
        else None,
        "median_solve_seconds": round(statistics.median(seconds), 3) if seconds else None,
        "p95_solve_seconds": round(percentile(seconds, 0.95), 3) if seconds else None,
        "max_solve_seconds": round(max(seconds), 3) if seconds else None,
        "infeasible": sum(r["status"] == "infeasible" for r in rows),
        "invalid": sum(bool(r["violations"]) or r["status"] in ("error", "unknown") for r in rows),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--time-limit", type=float, default=5.0)
    parser.add_argument("--instances", type=Path, default=DEFAULT_INSTANCES)
    parser.add_argument("--output", type=Path, default=REPO / "bench/results/bundling.json")
    args = parser.parse_args()

    paths = sorted(args.instances.glob("family-*.json"))
    if not paths:
        parser.error(f"no family-*.json in {args.instances}")
    best_file = args.instances / "best_known.json"
    best = {b["instance"]: b for b in json.loads(best_file.read_text())} if best_file.exists() else {}

    columns = ("instance", "status", "days", "lb", "base", "best", "solve s", "wall s")
    print(ROW.format(*columns))
    rows = []
    for path in paths:
        row = run_one(path, args.time_limit, best)
        rows.append(row)
        cells = [row[k] for k in ("instance", "status", "attendance_days", "lower_bound", "baseline_days")]
        cells += [row["best_known_days"], f"{row['solve_seconds'] or 0:.3f}", f"{row['wall_seconds']:.2f}"]
        line = ROW.format(*("-" if c is None else c for c in cells))
        print(line + (f"  INVALID: {row['violations'][0]}" if row["violations"] else ""), flush=True)

    summary = summarise(rows, args.time_limit)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps({"summary": summary, "instances": rows}, indent=1) + "\n")
    print()
    for key, value in summary.items():
        print(f"{key:<32} {value}")
    print(f"\nwritten to {args.output}\n")
    print(
        "| instances | optimal | days (ours) | days (baseline) | days (best known) | reduction vs baseline "
        "| gap to best known | median solve | p95 solve | infeasible / invalid |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|")
    s = summary
    print(
        f"| {s['instances']} | {s['optimal']} | {s['total_days']} | {s['total_baseline_days']} "
        f"| {s['total_best_known_days']} | {s['reduction_vs_baseline_percent']} % "
        f"| {s['gap_to_best_known_percent']} % | {s['median_solve_seconds']} s | {s['p95_solve_seconds']} s "
        f"| {s['infeasible']} / {s['invalid']} |"
    )
    return 1 if summary["invalid"] else 0


if __name__ == "__main__":
    sys.exit(main())
