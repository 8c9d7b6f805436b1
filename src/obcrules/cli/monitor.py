"""``obc monitor RULESET --data DIR --out DIR``: statuses and payments from monitoring data."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import cast

import click

from obcrules.api import CheckedRuleset, RulesetError, load_ruleset
from obcrules.diagnostics import ExitCode, render_human


@click.command()
@click.argument("ruleset", type=click.Path(path_type=Path))
@click.option("--data", "data", required=True,
              help="Folder with one file per table: people.csv, sessions.parquet, …; with "
                   "--engine postgres a postgresql://user@host/db URL; with --engine spark a "
                   "folder or URI of Parquet.")
@click.option("--out", "out", required=True, type=click.Path(path_type=Path),
              help="Folder to write monitoring.json into.")
@click.option("--contract", type=click.Path(path_type=Path), default=None,
              help="contract.yaml from `obc tender award`: its targets replace the ruleset's.")
@click.option("--strict", is_flag=True, help="Fail (exit 1) if any record is invalid.")
@click.option("--quiet", "-q", is_flag=True, help="Do not print the status table.")
@click.option("--engine", type=click.Choice(["duckdb", "postgres", "spark"]), default="duckdb",
              show_default=True, help="Where the computation runs (docs/engines.md).")
@click.option("--spark-master", default="local[*]", show_default=True,
              help="Spark master URL for --engine spark.")
@click.option("--pdf", "report", flag_value="pdf", default=None,
              help="Also write the monitoring report as OUT/monitoring.html and .pdf.")
@click.option("--html", "report", flag_value="html",
              help="Also write the monitoring report as OUT/monitoring.html only.")
@click.option("--templates", type=click.Path(path_type=Path, file_okay=False), default=None,
              help="A folder of report templates that override the core's by name.")
@click.option("--config", type=click.Path(path_type=Path), default=Path("obc.toml"),
              show_default=True, help="obc.toml mapping tables to the warehouse ([tables.*]).")
def monitor(ruleset: Path, data: str, out: Path, contract: Path | None, strict: bool,
            quiet: bool, engine: str, spark_master: str, report: str | None,
            templates: Path | None, config: Path) -> None:
    """Monitor DATA against RULESET: value, target, status and trajectory per provider,
    period and outcome; payments; data-quality findings. Writes OUT/monitoring.json."""
    from obcrules.engine import InvalidData, MonitoringError, status_table
    from obcrules.engine import monitor as run_monitor
    from obcrules.engine.engines import Engine, open_backend

    if not ruleset.is_file():
        click.echo(f"obc monitor: no such ruleset file: {ruleset}", err=True)
        sys.exit(ExitCode.USAGE)
    if contract is not None and not contract.is_file():
        click.echo(f"obc monitor: no such contract file: {contract}", err=True)
        sys.exit(ExitCode.USAGE)
    try:
        checked = load_ruleset(ruleset)
    except RulesetError as exc:
        for d in exc.checked.errors:
            click.echo(render_human(d, exc.checked.text), err=True)
        click.echo(f"obc monitor: {ruleset} has errors; fix them (see `obc check`)", err=True)
        sys.exit(ExitCode.FAILED)
    from obcrules.engine.portability import unportable_calls

    assert checked.ruleset is not None and checked.vocabulary is not None
    unportable = unportable_calls(checked.ruleset, checked.vocabulary, checked.file,
                                  cast("Engine", engine))
    if unportable:
        for d in unportable:
            click.echo(render_human(d, checked.text), err=True)
        click.echo(f"obc monitor: {ruleset} calls functions that {engine} cannot run", err=True)
        sys.exit(ExitCode.FAILED)
    backend = None
    try:
        backend = open_backend(cast("Engine", engine), data,
                               config if config.is_file() else None, spark_master)
        result = run_monitor(checked, getattr(backend, "location", data), contract=contract,
                             strict=strict, backend=backend)
    except InvalidData as exc:
        problems = exc.result.document["data_quality"]
        for p in problems[:20]:
            click.echo(f"{p['file']}:{p['row']}: {p['field']}: {p['problem']}", err=True)
        if len(problems) > 20:
            click.echo(f"… and {len(problems) - 20} more", err=True)
        click.echo(f"obc monitor: {exc}", err=True)
        sys.exit(ExitCode.FAILED)
    except MonitoringError as exc:
        click.echo(f"obc monitor: {exc}", err=True)
        sys.exit(ExitCode.FAILED)
    finally:
        if backend is not None:
            backend.close()
    try:
        written = result.write(out)
    except OSError as exc:
        click.echo(f"obc monitor: cannot write to {out} ({exc.strerror})", err=True)
        sys.exit(ExitCode.FAILED)
    if not quiet:
        click.echo(status_table(result), nl=False)
    invalid = result.invalid_rows
    if invalid:
        click.echo(f"{invalid} invalid record(s) excluded; they are listed under data_quality "
                   f"in {written}")
    click.echo(f"wrote {written}")
    if report is not None:
        _write_report(written, out, checked, templates, pdf=report == "pdf")


def _write_report(result_path: Path, out: Path, checked: CheckedRuleset,
                  templates: Path | None, *, pdf: bool) -> None:
    """The monitoring report beside monitoring.json (the same numbers, for people)."""
    from obcrules.api import default_registry
    from obcrules.reports import render_monitoring

    try:
        files = render_monitoring(result_path, out, templates=templates, pdf=pdf,
                                  registry=default_registry(), ruleset=checked.ruleset)
    except ValueError as exc:
        click.echo(f"obc monitor: {exc}", err=True)
        sys.exit(ExitCode.FAILED)
    for path in (files.html, files.pdf):
        if path is not None:
            click.echo(f"wrote {path}")
