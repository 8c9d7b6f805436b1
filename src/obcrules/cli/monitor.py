"""``obc monitor RULESET --data DIR --out DIR``: statuses and payments from monitoring data."""

from __future__ import annotations

from pathlib import Path

import click

from obcrules import api
from obcrules.cli.failure import fail, fail_on
from obcrules.cli.report import PDF_VARIANT_OPTION
from obcrules.diagnostics import ExitCode


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
@click.option("--ocds", type=click.Path(path_type=Path), default=None,
              help="The award's out/ocds.json (with --contract): also write OUT/ocds.json, an "
                   "OCDS release of the contract's implementation with the payments.")
@click.option("--config", type=click.Path(path_type=Path), default=Path("obc.toml"),
              show_default=True, help="obc.toml mapping tables to the warehouse ([tables.*]).")
@click.option("--verification", type=click.Path(path_type=Path), default=None,
              help="The folder `obc verify sample` wrote, its sheets filled in: claims not "
                   "confirmed are not paid and a failed sample claws back.")
@PDF_VARIANT_OPTION
def monitor(ruleset: Path, data: str, out: Path, contract: Path | None, strict: bool,
            quiet: bool, engine: str, spark_master: str, report: str | None,
            templates: Path | None, config: Path, ocds: Path | None, pdf_variant: str,
            verification: Path | None) -> None:
    """Monitor DATA against RULESET: value, target, status and trajectory per provider,
    period and outcome; payments; data-quality findings. Writes OUT/monitoring.json."""
    try:
        run = api.monitor(ruleset, data, out=out, contract=contract, strict=strict,
                          engine=engine, config=config, spark_master=spark_master,
                          report=report, templates=templates, ocds=ocds,
                          pdf_variant=pdf_variant, verification=verification)
    except api.UsageError as exc:
        fail("monitor", exc, code=ExitCode.USAGE)
    except api.RulesetError as exc:
        fail_on("monitor", exc.checked.errors, exc.checked.text,
                f"{ruleset} has errors; fix them (see `obc check`)")
    except api.UnportableRuleset as exc:
        fail_on("monitor", exc.diagnostics, exc.checked.text,
                f"{ruleset} calls functions that {exc.engine} cannot run")
    except api.InvalidData as exc:
        problems = exc.result.document["data_quality"]
        for p in problems[:20]:
            click.echo(f"{p['file']}:{p['row']}: {p['field']}: {p['problem']}", err=True)
        if len(problems) > 20:
            click.echo(f"… and {len(problems) - 20} more", err=True)
        fail("monitor", exc)
    except api.MonitoringError as exc:
        fail("monitor", exc)
    except api.WriteError as exc:
        fail("monitor", f"cannot write to {exc.path} ({exc.error.strerror or exc.error}); "
             f"nothing was written: {KEPT}")
    except api.MonitorReportError as exc:
        _print_run(exc.run, quiet)
        fail("monitor", f"{exc}; nothing was written: {KEPT}")
    _print_run(run, quiet)


KEPT = "the previous outputs are as they were"


def _print_run(run: api.MonitorRun, quiet: bool) -> None:
    """The status table, the invalid records excluded, and the files written."""
    if not quiet:
        click.echo(api.status_table(run.result), nl=False)
    invalid = run.result.invalid_rows
    if invalid:
        listed = f"; they are listed under data_quality in {run.written}" if run.written else ""
        click.echo(f"{invalid} invalid record(s) excluded{listed}")
    if run.written is not None:
        click.echo(f"wrote {run.written}")
    if run.ocds is not None:
        click.echo(f"wrote {run.ocds}")
    if run.report is not None:
        for path in (run.report.html, run.report.pdf):
            if path is not None:
                click.echo(f"wrote {path}")
