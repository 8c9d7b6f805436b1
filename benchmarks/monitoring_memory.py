"""Benchmark: the monitoring engine's memory and time as the number of outcomes grows.

Issue 15 measured ``obc monitor`` at about 0.8 MB per outcome (6,000 outcomes: 81 s,
4.8 GB). This runs rulesets of 500 to 5,000 outcomes (each a share of adults, its
condition one of the 10 flags and 10 scores of `monitoring.py`'s plugin, with a threshold
of its own) over the same 20,000 people (5 providers x 4 quarters), each size in a fresh
process, writing monitoring.json as ``obc monitor`` does. It reports the time, the peak
RSS (and the engine's alone, before the file is written), and the memory per outcome
measured from the smallest size, (RSS(n) - RSS(smallest)) / (n - smallest), so that the
interpreter and libraries are not counted. Not part of the test suite:

    .venv/bin/python benchmarks/monitoring_memory.py [--outcomes 500 1000 2000 5000]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

_spec = importlib.util.spec_from_file_location("bench_monitoring",
                                               Path(__file__).with_name("monitoring.py"))
assert _spec is not None and _spec.loader is not None
workload = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(workload)

ROWS = 20_000
PROVIDERS = 5
QUARTERS = ["2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"]
"""20 provider-period groups: each outcome gives 20 results (and their breakdowns)."""


def ruleset_source(outcomes: int) -> str:
    """``outcomes`` shares of adults, each with a condition of its own."""
    parts = ['ruleset bench "Benchmark":\n    version "1"\n    service bench\n'
             '    period quarter\n\npopulation adults "Adults":\n    from people where age >= 18\n']
    for k in range(outcomes):
        condition = f"flag{k % 10}" if k % 2 else f"score{k % 10} >= {k % 50}"
        parts.append(f'outcome o{k} "Outcome {k}":\n    measure share of adults where '
                     f'{condition}\n    target at least {k % 90 + 5}%\n')
    return "\n".join(parts)


def measure(outcomes: int, path: Path) -> dict[str, Any]:
    """Check and monitor once, render monitoring.json; time and peak RSS."""
    import obcrules.builtin
    from obcrules.api import check_text
    from obcrules.engine import monitor
    from obcrules.plugins.manager import make_plugin_manager

    registry = make_plugin_manager(entry_points=False, extra={
        "core": obcrules.builtin, "bench": workload.BenchPlugin()})
    start = time.perf_counter()
    checked = check_text(ruleset_source(outcomes), "bench.obc", registry)
    assert checked.ok, [d.message for d in checked.errors][:3]
    result = monitor(checked, path.parent)
    engine_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    with tempfile.TemporaryDirectory() as out:
        size = result.write(out).stat().st_size
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # MiB on Linux
    return {"outcomes": outcomes, "seconds": seconds, "peak_mib": peak,
            "engine_peak_mib": engine_peak,
            "results": len(result.document["results"]), "json_mib": size / 2**20}


def run_child(outcomes: int, path: Path) -> dict[str, Any]:
    """Measure in a fresh interpreter so that each peak RSS is that run's alone."""
    done = subprocess.run([sys.executable, __file__, "--child", str(outcomes), str(path)],
                          capture_output=True, text=True, check=True)
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--outcomes", type=int, nargs="+", default=[500, 1000, 2000, 5000])
    parser.add_argument("--dir", type=Path, default=Path("/tmp/obc-bench-memory"))
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(int(args.child[0]), Path(args.child[1]))))
        return
    path = args.dir / f"rows-{ROWS}-groups-{PROVIDERS * len(QUARTERS)}" / "people.parquet"
    workload.PROVIDERS, workload.QUARTERS = PROVIDERS, QUARTERS
    workload.generate(ROWS, path)
    print(f"{'outcomes':>9} {'seconds':>8} {'peak MiB':>9} {'engine MiB':>11} "
          f"{'MiB/outcome':>12} {'results':>8} {'JSON MiB':>9}")
    first: dict[str, Any] | None = None
    for outcomes in sorted(args.outcomes):
        run = run_child(outcomes, path)
        per = "" if first is None else (
            f"{(run['peak_mib'] - first['peak_mib']) / (outcomes - first['outcomes']):.3f}")
        first = first or run
        print(f"{outcomes:>9,} {run['seconds']:>8.1f} {run['peak_mib']:>9.0f} "
              f"{run['engine_peak_mib']:>11.0f} {per:>12} "
              f"{run['results']:>8,} {run['json_mib']:>9.1f}", flush=True)


if __name__ == "__main__":
    main()
