"""Benchmark: the 20-outcome workload of `monitoring.py` on DuckDB, PostgreSQL and Spark local.

For each size, the same Parquet file is monitored by DuckDB and by Spark in local
mode, and by PostgreSQL after loading it into a table (the load is not timed: the
data is assumed to live there already). Each run is a fresh process; reported are
the time (median of ``--repeat``), its ratio to DuckDB at the same size, and the
obc process's peak RSS (for Spark the work runs in the JVM, whose peak is reported
too; PostgreSQL's is the server's own). Not part of the test suite:

    OBC_BENCH_POSTGRES_DSN=postgresql://… .venv/bin/python benchmarks/engines.py \\
        [--rows 1000000 10000000] [--engines duckdb postgres spark] [--repeat 1]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

_spec = importlib.util.spec_from_file_location("bench_monitoring",
                                               Path(__file__).with_name("monitoring.py"))
assert _spec is not None and _spec.loader is not None
workload = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(workload)


def load_postgres(dsn: str, path: Path, rows: int) -> str:
    """Copy the Parquet file into ``bench.people_<rows>`` (once); the table's name."""
    import duckdb
    import psycopg

    table = f"bench.people_{rows}"
    with psycopg.connect(dsn, autocommit=True) as connection:
        connection.execute("CREATE SCHEMA IF NOT EXISTS bench")
        if connection.execute("SELECT to_regclass(%s)", (table,)).fetchone() != (None,):
            return table
        csv = path.with_suffix(".csv")
        duckdb.connect().execute(f"COPY (SELECT *, row_number() OVER () + 1 AS record_id "
                                 f"FROM read_parquet('{path}')) TO '{csv}' (HEADER false)")
        flags = ", ".join(f"flag{k} boolean" for k in range(10))
        scores = ", ".join(f"score{k} integer" for k in range(10))
        connection.execute(f"CREATE TABLE {table} (provider text, period text, person_id text, "
                           f"age integer, sex text, ethnicity text, disability text, {flags}, "
                           f"{scores}, record_id bigint)")
        with connection.cursor() as cursor, cursor.copy(
                f"COPY {table} FROM STDIN WITH (FORMAT csv)") as copy, csv.open("rb") as handle:
            while chunk := handle.read(1 << 20):
                copy.write(chunk)
        connection.execute(f"ANALYZE {table}")
        csv.unlink()
    return table


def measure(engine: str, path: Path, rows: int) -> dict[str, Any]:
    """Run the workload once on ``engine``; time, peak memory and groups as a dict."""
    import obcrules.builtin
    from obcrules.api import check_text
    from obcrules.engine import monitor
    from obcrules.engine.warehouse import TableSource
    from obcrules.plugins.manager import make_plugin_manager

    registry = make_plugin_manager(entry_points=False, extra={
        "core": obcrules.builtin, "bench": workload.BenchPlugin()})
    checked = check_text(workload.ruleset_source(), "bench.obc", registry)
    assert checked.ok, [d.message for d in checked.errors]
    backend: Any = None
    jvm_peak = None
    if engine == "postgres":
        from obcrules.engine.postgres_backend import PostgresBackend

        table = f"bench.people_{rows}"
        backend = PostgresBackend(os.environ["OBC_BENCH_POSTGRES_DSN"],
                                  {"people": TableSource(table, row="record_id")})
    elif engine == "spark":
        from obcrules.engine.spark_backend import SparkBackend

        backend = SparkBackend(str(path.parent), master="local[*]")
        backend.spark.sparkContext.setLogLevel("ERROR")
    start = time.perf_counter()
    data = path.parent if backend is None else backend.location
    result = monitor(checked, data, backend=backend)
    seconds = time.perf_counter() - start
    if engine == "spark":
        jvm_peak = _jvm_peak_mib()
    if backend is not None:
        backend.close()
    peak = _peak_mib(Path("/proc/self/status"))
    groups = len({(r["provider"], r["period"]) for r in result.document["results"]})
    return {"seconds": seconds, "peak_mib": peak, "jvm_peak_mib": jvm_peak, "groups": groups}


def _peak_mib(status: Path) -> float:
    """VmHWM of a process in MiB: its own peak (``ru_maxrss`` would carry over the
    parent's peak into the child on Linux)."""
    for line in status.read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _jvm_peak_mib() -> float | None:
    """The peak RSS (VmHWM) of the JVM this process started, if there is one."""
    for child in Path("/proc").glob("[0-9]*"):
        try:
            status = (child / "status").read_text()
        except OSError:
            continue
        if f"PPid:\t{os.getpid()}\n" in status and "java" in (child / "comm").read_text():
            return _peak_mib(child / "status")
    return None


def run_child(engine: str, path: Path, rows: int) -> dict[str, Any]:
    """Measure in a fresh interpreter, so that each peak is that run's alone."""
    done = subprocess.run([sys.executable, __file__, "--child", engine, str(path), str(rows)],
                          capture_output=True, text=True, check=True)
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[1_000_000, 10_000_000])
    parser.add_argument("--engines", nargs="+", default=["duckdb", "postgres", "spark"])
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--dir", type=Path, default=Path("/tmp/obc-bench"))
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        engine, path, rows = args.child
        print(json.dumps(measure(engine, Path(path), int(rows))))
        return
    print(f"{'rows':>12} {'engine':>9} {'seconds':>8} {'vs duckdb':>9} {'s per M rows':>12} "
          f"{'obc MiB':>8} {'JVM MiB':>8} {'groups':>7}")
    for rows in args.rows:
        path = args.dir / f"rows-{rows}" / "people.parquet"
        workload.generate(rows, path)
        if "postgres" in args.engines:
            load_postgres(os.environ["OBC_BENCH_POSTGRES_DSN"], path, rows)
        base = None
        for engine in args.engines:
            runs = [run_child(engine, path, rows) for _ in range(args.repeat)]
            seconds = statistics.median(r["seconds"] for r in runs)
            base = seconds if engine == "duckdb" else base
            ratio = f"{seconds / base:.2f}" if base else "-"
            jvm = max((r["jvm_peak_mib"] or 0) for r in runs)
            shown = f"{jvm:.0f}" if jvm else "-"
            print(f"{rows:>12,} {engine:>9} {seconds:>8.2f} {ratio:>9} "
                  f"{seconds / rows * 1e6:>12.2f} {max(r['peak_mib'] for r in runs):>8.0f} "
                  f"{shown:>8} {runs[0]['groups']:>7}", flush=True)


if __name__ == "__main__":
    main()
