"""Benchmark: the whole-process time of ``obc check`` on a small ruleset and of ``obc --help``.

Target: each under 0.25 s of wall time. Each command runs in a fresh process,
alternating with the reference ``python -c pass`` (the interpreter's own
start-up, measured in the same run), after one unmeasured warm-up run of each;
the medians of 10 and their difference are printed.

The package's bytecode is compiled first, as installing a wheel does: where
``PYTHONDONTWRITEBYTECODE`` is set, an editable install would otherwise compile
every module of obcrules on every run (``--no-compile`` measures that instead).

    .venv/bin/python benchmarks/startup.py [--runs 10] [--ruleset rulesets/end_of_life.obc]
        [--no-compile]
"""

from __future__ import annotations

import argparse
import compileall
import importlib.metadata
import importlib.util
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from timing import machine_load

ROOT = Path(__file__).resolve().parents[1]


def wall_time(command: list[str]) -> float:
    """Seconds from starting ``command`` to its exit (its output is discarded)."""
    start = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True,
                   cwd=ROOT)
    return time.perf_counter() - start


def alternating(command: list[str], reference: list[str], runs: int) -> tuple[float, float]:
    """The medians of ``runs`` timings of each command, run in turn after a warm-up."""
    wall_time(command)
    wall_time(reference)
    mine, theirs = [], []
    for _ in range(runs):
        mine.append(wall_time(command))
        theirs.append(wall_time(reference))
    return statistics.median(mine), statistics.median(theirs)


def compile_packages() -> None:
    """Compile the bytecode of obcrules and of every plugin it loads, as a wheel install does."""
    names = {"obcrules"} | {ep.value.split(":")[0].split(".")[0]
                            for ep in importlib.metadata.entry_points(group="obcrules")}
    for name in sorted(names):
        spec = importlib.util.find_spec(name)
        if spec is not None and spec.submodule_search_locations:
            for folder in spec.submodule_search_locations:
                compileall.compile_dir(folder, quiet=1)


def main() -> None:
    """Time ``obc check`` and ``obc --help`` against ``python -c pass``."""
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--ruleset", type=Path, default=ROOT / "rulesets" / "end_of_life.obc")
    parser.add_argument("--no-compile", action="store_true")
    args = parser.parse_args()
    obc = str(Path(sys.executable).parent / "obc")
    if not args.no_compile:
        compile_packages()
    lines = args.ruleset.read_text(encoding="utf-8").count("\n")
    reference = [sys.executable, "-c", "pass"]
    print(f"PYTHONDONTWRITEBYTECODE={os.environ.get('PYTHONDONTWRITEBYTECODE', '')!r}, "
          f"bytecode {'not ' if args.no_compile else ''}compiled first; "
          f"{machine_load()} before the runs")
    for label, command in [(f"obc check {args.ruleset.name} ({lines} lines)",
                            [obc, "check", str(args.ruleset)]),
                           ("obc --help", [obc, "--help"])]:
        mine, theirs = alternating(command, reference, args.runs)
        print(f"{label:<40} median of {args.runs}: {mine:.3f} s   "
              f"python -c pass: {theirs:.3f} s   difference {mine - theirs:.3f} s   "
              f"({mine / theirs:.1f} x; target < 0.250 s)")
    print(f"{machine_load()} after the runs")


if __name__ == "__main__":
    main()
