"""Benchmark: ``obc monitor`` against one hand-written DuckDB query, whole processes.

20 outcomes (shares of adults: ten yes/no fields, ten scores of 25 or more) over
1 M and 10 M person rows in one Parquet file, 20 providers × 20 quarters = 400
provider-period groups. Targets: ``obc monitor`` at most 1.5 × the hand query's
wall time at 1 M rows and 1.1 × at 10 M, peak RSS at most 2 × at both.

Both sides are whole processes, started in turn (hand, obc, hand, obc, …) after
one unmeasured run of each: the hand query is ``python -c`` importing duckdb alone
and fetching the rows of one ``SELECT … COUNT(*) FILTER (…) … GROUP BY provider,
period`` over ``read_parquet``; ``obc monitor RULESET --data DIR --out
DIR`` is the installed command, its service plugin (the twenty fields) installed
as any plugin is, by an entry point (a ``.dist-info`` folder on ``PYTHONPATH``).
Wall time, CPU time (user + system) and peak RSS are each process's own
(``os.wait4``; the benchmark's own process stays small, as Linux starts a child's
peak at its parent's size); the medians are printed, with the median of the per-pair ratios.
Before timing, every numerator and denominator of obc's ``monitoring.json`` is
compared with the hand query's.

The hand query validates nothing. ``obc monitor`` also validates every record
(types, ranges, categories, required fields, ``person_id`` unique per provider and
period), hashes the input, computes the equality breakdowns by sex, ethnicity and
disability (72,000 entries with suppression), writes ``monitoring.json`` (22 MB)
and prints the status table.

    .venv/bin/python benchmarks/monitoring.py [--rows 1000000 10000000] [--repeat 5]
        [--dir /tmp/obc-bench]

The data is generated once under ``--dir`` (150 MB at 10 M rows), never in the
repository. The package's bytecode is compiled first, as installing a wheel does.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

from startup import compile_packages
from timing import machine_load

from obcrules import hookimpl

OUTCOMES = 20
PROVIDERS = 20
QUARTERS = [f"{y}-Q{q}" for y in range(2022, 2027) for q in range(1, 5)]  # 20 quarters
CONDITIONS = [f"flag{k}" for k in range(10)] + [f"score{k} >= 25" for k in range(10)]

PLUGIN_MODULE = '''"""The benchmark's service (benchmarks/monitoring.py), as an installed plugin."""
import sys

sys.path.insert(0, {folder!r})
from monitoring import register_fields  # noqa: E402

__version__ = "1.0.0"
'''


@hookimpl
def register_fields() -> list[Any]:
    """Ten yes/no fields and ten scores (0 to 49) added to ``people``."""
    from obcrules.plugins.declarations import FieldDecl, FieldsDecl

    fields = [FieldDecl(name=f"flag{k}", type="boolean") for k in range(10)]
    fields += [FieldDecl(name=f"score{k}", type="integer", minimum=Decimal(0),
                         maximum=Decimal(49)) for k in range(10)]
    return [FieldsDecl(table="people", fields=tuple(fields))]


class BenchPlugin:
    """The same service as an object, for registering in-process (`engines.py`)."""

    __version__ = "1.0.0"
    register_fields = staticmethod(register_fields)


# --------------------------------------------------------------------------
# The ruleset, the plugin and the data
# --------------------------------------------------------------------------


def ruleset_source() -> str:
    """20 outcomes: a share of adults with each flag, and with each score of 25 or more."""
    parts = ['ruleset bench "Benchmark":\n    version "1"\n    service bench\n'
             '    period quarter\n\npopulation adults "Adults":\n    from people where age >= 18\n']
    for k in range(10):
        for name, title, condition in ((f"flag_{k}", f"Flag {k}", f"flag{k}"),
                                       (f"score_{k}", f"Score {k}", f"score{k} >= 25")):
            parts.append(f'outcome {name} "{title}":\n'
                         f'    measure share of adults where {condition}\n'
                         f'    target at least 50%\n'
                         f'    verify provider_return every quarter\n')
    return "\n".join(parts)


def install_plugin(folder: Path) -> Path:
    """The benchmark's service installed under ``folder``: its module and a ``.dist-info``
    with the ``obcrules`` entry point; put ``folder`` on ``PYTHONPATH`` to load it."""
    info = folder / "obc_bench_service-1.0.0.dist-info"
    info.mkdir(parents=True, exist_ok=True)
    (folder / "obc_bench_service.py").write_text(
        PLUGIN_MODULE.format(folder=str(Path(__file__).resolve().parent)), encoding="utf-8")
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: obc-bench-service\n"
                                   "Version: 1.0.0\n", encoding="utf-8")
    (info / "entry_points.txt").write_text("[obcrules]\nbench = obc_bench_service\n",
                                           encoding="utf-8")
    return folder


def generate(rows: int, path: Path) -> None:
    """``rows`` people as Parquet, generated by DuckDB (seeded by the row number)."""
    import duckdb

    if path.exists():
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    flags = ", ".join(f"(hash(i * {k + 7}) % 100) < {30 + 3 * k} AS flag{k}" for k in range(10))
    scores = ", ".join(f"CAST(hash(i * {k + 31}) % 50 AS INTEGER) AS score{k}"
                       for k in range(10))
    quarters = ", ".join(f"'{q}'" for q in QUARTERS)
    con = duckdb.connect()
    con.execute(f"""
        COPY (
          SELECT 'provider-' || lpad(CAST(i % {PROVIDERS} AS VARCHAR), 2, '0') AS provider,
                 [{quarters}][CAST(1 + (i // {PROVIDERS}) % {len(QUARTERS)} AS BIGINT)] AS period,
                 'P' || CAST(i AS VARCHAR) AS person_id,
                 CAST(hash(i) % 100 AS INTEGER) AS age,
                 ['female', 'male', 'other'][CAST(1 + hash(i * 3) % 3 AS BIGINT)] AS sex,
                 ['white', 'asian', 'black', 'mixed'][CAST(1 + hash(i * 5) % 4 AS BIGINT)]
                   AS ethnicity,
                 ['yes', 'no'][CAST(1 + hash(i * 11) % 2 AS BIGINT)] AS disability,
                 {flags}, {scores}
          FROM range({rows}) t(i)
        ) TO '{path}' (FORMAT parquet)""")
    con.close()


def hand_query(path: Path) -> str:
    """The same 20 shares in one query, written by hand."""
    aggregates = ",\n  ".join(
        f"COUNT(*) FILTER (WHERE age >= 18) AS d{i}, "
        f"COUNT(*) FILTER (WHERE age >= 18 AND ({c})) AS n{i}"
        for i, c in enumerate(CONDITIONS))
    return (f"SELECT provider, period,\n  {aggregates}\n"
            f"FROM read_parquet('{path}') GROUP BY provider, period")


HAND_SCRIPT = "import sys, duckdb; print(len(duckdb.connect().execute(sys.argv[1]).fetchall()))"
"""The hand query as a process: ``python -c HAND_SCRIPT SQL``."""


def run_hand(path: Path) -> list[tuple[Any, ...]]:
    """The hand query's rows, for the comparison with obc's (not timed)."""
    import duckdb

    return duckdb.connect().execute(hand_query(path)).fetchall()


def compare(hand: list[tuple[Any, ...]], monitoring: Path) -> int:
    """Every numerator and denominator of ``monitoring.json`` against the hand query's;
    the number of figures compared (raises if any differs)."""
    expected = {}
    for row in hand:
        for i in range(OUTCOMES):
            name = f"{'flag' if i < 10 else 'score'}_{i % 10}"
            expected[(row[0], row[1], name)] = (row[3 + 2 * i], row[2 + 2 * i])
    found = {(r["provider"], r["period"], r["name"]): (r["numerator"], r["denominator"])
             for r in json.loads(monitoring.read_bytes())["results"]}
    if found != expected:
        wrong = sorted(k for k in set(found) | set(expected) if found.get(k) != expected.get(k))
        raise SystemExit(f"obc and the hand query disagree on {len(wrong)} figures, e.g. "
                         f"{wrong[:3]}")
    return 2 * len(found)


# --------------------------------------------------------------------------
# Whole-process measurements
# --------------------------------------------------------------------------


def run_process(command: list[str], env: dict[str, str]) -> dict[str, float]:
    """Wall and CPU seconds and peak RSS (MiB) of one process, its output discarded."""
    start = time.perf_counter()
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE)
    assert process.stderr is not None
    errors = process.stderr.read()
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed: {errors.decode()[-2000:]}")
    return {"wall": wall, "cpu": usage.ru_utime + usage.ru_stime,
            "peak": usage.ru_maxrss / 1024}


def alternating(engine: list[str], hand: list[str], env: dict[str, str],
                repeat: int) -> tuple[list[dict[str, float]], list[dict[str, float]]]:
    """``repeat`` runs of each command in turn, after one unmeasured run of each."""
    run_process(hand, env)
    run_process(engine, env)
    hands, engines = [], []
    for _ in range(repeat):
        hands.append(run_process(hand, env))
        engines.append(run_process(engine, env))
    return hands, engines


def summary(rows: int, hands: list[dict[str, float]], engines: list[dict[str, float]]) -> str:
    """One line: medians, the median of the per-pair ratios, the largest peaks."""
    def med(runs: list[dict[str, float]], key: str) -> float:
        return statistics.median(r[key] for r in runs)

    def ratio(key: str) -> float:
        return statistics.median(e[key] / h[key] for e, h in zip(engines, hands, strict=True))

    return (f"{rows:>12,} {med(hands, 'wall'):>7.2f} {med(engines, 'wall'):>7.2f} "
            f"{ratio('wall'):>6.2f} {med(hands, 'cpu'):>7.2f} {med(engines, 'cpu'):>7.2f} "
            f"{ratio('cpu'):>6.2f} {max(h['peak'] for h in hands):>8.0f} "
            f"{max(e['peak'] for e in engines):>8.0f} {ratio('peak'):>6.2f}")


def main() -> None:
    """Generate the data once, check that both sides agree, then time them in turn."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[1_000_000, 10_000_000])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--dir", type=Path, default=Path("/tmp/obc-bench"))
    parser.add_argument("--compare", type=Path, nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.compare:
        print(compare(run_hand(args.compare[0]), args.compare[1]))
        return
    compile_packages()
    folder = args.dir.resolve()
    plugin = install_plugin(folder / "plugin")
    ruleset = folder / "bench.obc"
    ruleset.write_text(ruleset_source(), encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(
        [str(plugin), *filter(None, [os.environ.get("PYTHONPATH")])]))
    obc = str(Path(sys.executable).parent / "obc")
    print(f"{machine_load()} before the runs; medians of {args.repeat} runs of each, "
          "alternating; ratios are medians of the pairs' ratios")
    print(f"{'rows':>12} {'hand s':>7} {'obc s':>7} {'ratio':>6} {'hand cpu':>7} "
          f"{'obc cpu':>7} {'ratio':>6} {'hand MiB':>8} {'obc MiB':>8} {'ratio':>6}")
    for rows in args.rows:
        data = folder / f"rows-{rows}"
        generate(rows, data / "people.parquet")
        out = folder / f"out-{rows}"
        engine = [obc, "monitor", str(ruleset), "--data", str(data), "--out", str(out)]
        hand = [sys.executable, "-c", HAND_SCRIPT, hand_query(data / "people.parquet")]
        run_process(engine, env)
        figures = int(subprocess.run(  # in a child: a large parent inflates children's peaks
            [sys.executable, __file__, "--compare", str(data / "people.parquet"),
             str(out / "monitoring.json")], check=True, capture_output=True, text=True).stdout)
        hands, engines = alternating(engine, hand, env, args.repeat)
        print(f"{summary(rows, hands, engines)}   ({figures:,} figures equal; "
              f"{machine_load()})", flush=True)


if __name__ == "__main__":
    main()
