"""``obc monitor RULESET --data DIR --out DIR``: statuses and payments from monitoring data."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import click

from obcrules import api
from obcrules.cli.console import console
from obcrules.cli.failure import fail, fail_on, fail_on_ruleset
from obcrules.cli.report import PDF_VARIANT_OPTION
from obcrules.diagnostics import ExitCode


def _fraction(ctx: click.Context, param: click.Parameter, value: str) -> Decimal:
    text = value.strip()
    try:
        number = Decimal(text[:-1]) / 100 if text.endswith("%") else Decimal(text)
    except InvalidOperation:
        raise click.BadParameter(f"{value!r} is not a share: write e.g. 5% or 0.05") from None
    if not 0 <= number <= 1:
        raise click.BadParameter(f"{value} is not between 0% and 100%")
    return number


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
@click.option("--strict", is_flag=True,
              help="Fail (exit 1) if any record is invalid; monitoring.json is still written, "
                   "with the data-quality list.")
@click.option("--fail-on", "fail_on_", multiple=True, type=click.Choice(["missed", "invalid"]),
              help="Exit 1 when an outcome's latest status is missed, or when the share of "
                   "invalid records is over --max-invalid (repeat for both).")
@click.option("--max-invalid", default="0%", show_default=True, callback=_fraction,
              help="With --fail-on invalid: the share of invalid records tolerated.")
@click.option("--details", is_flag=True,
              help="Print each provider's full table (every item's value, target, status and "
                   "trajectory) instead of one line per provider.")
@click.option("--engine", type=click.Choice(["duckdb", "postgres", "spark"]), default=None,
              help="Where the computation runs (docs/engines.md); default: obc.toml's engine, "
                   "else duckdb.")
@click.option("--spark-master", default="local[*]", show_default=True,
              help="Spark master URL for --engine spark.")
@click.option("--pdf", "report", flag_value="pdf", default=None,
              help="Also write the monitoring report as OUT/monitoring.html and .pdf.")
@click.option("--html", "report", flag_value="html",
              help="Also write the monitoring report as OUT/monitoring.html only.")
@click.option("--templates", type=click.Path(path_type=Path, file_okay=False), default=None,
              help="A folder of report templates that override the core's by name.")
@click.option("--ocds", type=click.Path(path_type=Path), default=None,
              help="The award's out/ocds.json (with --contract): also write OUT/ocds.json, an "
                   "OCDS release of the contract's implementation with the payments.")
@click.option("--config", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="The settings file mapping tables and columns ([tables.*]); default: "
                   "obc.toml or pyproject.toml's [tool.obc], looked for from here upwards.")
@click.option("--verification", type=click.Path(path_type=Path), default=None,
              help="The folder `obc verify sample` wrote, its sheets filled in: claims not "
                   "confirmed are not paid and a failed sample claws back.")
@PDF_VARIANT_OPTION
def monitor(ruleset: Path, data: str, out: Path, contract: Path | None, strict: bool,
            fail_on_: tuple[str, ...], max_invalid: Decimal, details: bool,
            engine: str | None, spark_master: str, report: str | None,
            templates: Path | None, config: Path | None, ocds: Path | None,
            pdf_variant: str, verification: Path | None) -> None:
    """Monitor DATA against RULESET: value, target, status and trajectory per provider,
    period and outcome; payments; data-quality findings. Writes OUT/monitoring.json and
    prints one line per provider (--details: the full tables)."""
    console_ = console()
    try:
        if config is not None and not config.is_file():
            raise api.UsageError(f"no such settings file: {config}")
        chosen = engine or api.project_settings(path=config).engine or "duckdb"
        console_.detail(f"engine: {chosen}")
        run = api.monitor(ruleset, data, out=out, contract=contract, strict=strict,
                          engine=chosen, config=config, spark_master=spark_master,
                          report=report, templates=templates, ocds=ocds,
                          pdf_variant=pdf_variant, progress=console_.progress_callback(),
                          verification=verification)
    except api.UsageError as exc:
        fail("monitor", exc, code=ExitCode.USAGE)
    except api.RulesetError as exc:
        fail_on_ruleset("monitor", ruleset, exc)
    except api.UnportableRuleset as exc:
        fail_on("monitor", exc.diagnostics, exc.checked.text,
                f"{ruleset} calls functions that {exc.engine} cannot run")
    except api.InvalidData as exc:
        problems = exc.result.document["data_quality"]
        for p in problems[:20]:
            console_.warn(api.printable(f"{p['file']}:{p['row']}: {p['field']}: "
                                        f"{p['problem']}"))
        if len(problems) > 20:
            console_.warn(f"… and {len(problems) - 20} more")
        if exc.written is not None:
            console_.wrote(exc.written)
        _removed(exc.removed)
        _summary(exc.result, details)
        fail("monitor", exc)
    except api.MonitoringError as exc:
        fail("monitor", exc)
    except api.WriteError as exc:
        fail("monitor", f"cannot write to {exc.path} ({exc.error.strerror or exc.error}); "
             f"nothing was written: {KEPT}")
    except api.MonitorReportError as exc:
        _print_run(exc.run, details)
        fail("monitor", f"{exc}; nothing was written: {KEPT}")
    _print_run(run, details)
    reasons = _gate(run.result, set(fail_on_), max_invalid)
    for reason in reasons:
        console_.warn(api.printable(f"obc monitor: {reason}"))
    console_.put("failed_on", reasons)
    console_.finish(ExitCode.FAILED if reasons else ExitCode.OK)


KEPT = "the previous outputs are as they were"


def _print_run(run: api.MonitorRun, details: bool) -> None:
    """The summary (or the full tables), the invalid records excluded, the files written."""
    out = console()
    _summary(run.result, details)
    invalid = run.result.invalid_rows
    if invalid:
        listed = f"; they are listed under data_quality in {run.written}" if run.written else ""
        out.say(f"{invalid} invalid record(s) excluded{listed}")
    for path in (run.written, run.ocds, *(
            (run.report.html, run.report.pdf) if run.report is not None else ())):
        if path is not None:
            out.wrote(path)
    _removed(run.removed)


def _removed(paths: tuple[Path, ...]) -> None:
    """Say which files made from the earlier result the run removed, and how to remake them."""
    for path in paths:
        console().gone(path, f"it showed the earlier result (ask for it again with "
                             f"{REMADE_WITH[path.suffix]})")


REMADE_WITH = {".json": "--ocds", ".html": "--html or --pdf", ".pdf": "--pdf"}
"""The option that writes each kind of file made from monitoring.json again."""


def _summary(result: api.MonitoringResult, details: bool) -> None:
    out = console()
    summaries = api.provider_summaries(result.document)
    out.put("providers", summaries)
    out.put("invalid_records", result.invalid_rows)
    if out.json:
        return
    if details:
        out.say(api.status_table(result).rstrip("\n"))
        return
    if not result.document["periods"]:
        out.say("no monitoring data")
    for summary, line in zip(summaries, api.summary_lines(summaries), strict=True):
        if summary["missed"]:
            missed = f"{summary['missed']} missed"
            line = line.replace(missed, out.style(missed, "missed"), 1)
        out.say(line)


def _gate(result: api.MonitoringResult, fail_on_: set[str], max_invalid: Decimal) -> list[str]:
    """Why the run fails the gates ``--fail-on`` asked for (none: it passes)."""
    document: Any = result.document
    reasons: list[str] = []
    if "missed" in fail_on_:
        missed = [f"{s['provider']} ({s['missed']})" for s in api.provider_summaries(document)
                  if s["missed"]]
        if missed:
            reasons.append(f"outcomes missed in the latest period: {', '.join(missed)}")
    if "invalid" in fail_on_:
        rows = sum(int(c["rows"]) for c in document["data_quality_summary"])
        invalid = result.invalid_rows
        if rows and Decimal(invalid) / rows > max_invalid:
            share = Decimal(invalid) * 100 / rows
            reasons.append(f"{invalid} of {rows} record(s) invalid ({share:.1f}%), over the "
                           f"{max_invalid * 100:g}% --max-invalid allows")
    return reasons
