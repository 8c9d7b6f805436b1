"""``obc tender report DIR``: the evaluation report and one assessment summary per bidder.

The tender group attaches the click command `report` defined here.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from obcrules.api import default_registry
from obcrules.cli.report import PDF_OPTION, TEMPLATES_OPTION
from obcrules.diagnostics import ExitCode
from obcrules.reports import render_evaluation
from obcrules.tender import audit


@click.command()
@click.argument("workspace", type=click.Path(file_okay=False, path_type=Path), default=Path())
@TEMPLATES_OPTION
@PDF_OPTION
def report(workspace: Path, templates: Path | None, pdf: bool) -> None:
    """Write out/evaluation.html and .pdf, and out/feedback/ with one summary per bidder."""
    result = workspace / "out" / "evaluation.json"
    if not result.is_file():
        click.echo(f"obc tender report: {result} does not exist; run `obc tender evaluate` "
                   "first", err=True)
        sys.exit(ExitCode.USAGE)
    try:
        written = render_evaluation(result, workspace / "out", templates=templates, pdf=pdf,
                                    registry=default_registry())
    except ValueError as exc:
        click.echo(f"obc tender report: {exc}", err=True)
        sys.exit(ExitCode.FAILED)
    # The reports are outputs of the workspace like any other: record them in the
    # audit trail so that `obc tender verify` knows them and detects a later edit.
    outputs = [p for files in written for p in (files.html, files.pdf) if p is not None]
    audit.append(workspace, "tender report", [result], outputs)
    click.echo(f"wrote {written[0].html}" + (f" and {written[0].pdf}" if written[0].pdf else ""))
    click.echo(f"wrote {len(written) - 1} assessment summaries to "
               f"{workspace / 'out' / 'feedback'}")
