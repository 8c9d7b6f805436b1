"""``obc tender report DIR``: the evaluation report and one assessment summary per bidder.

The tender group attaches the click command `report` defined here.
"""

from __future__ import annotations

from pathlib import Path

import click

from obcrules import api
from obcrules.cli.console import console
from obcrules.cli.failure import fail
from obcrules.cli.report import PDF_OPTION, PDF_VARIANT_OPTION, TEMPLATES_OPTION
from obcrules.diagnostics import ExitCode


@click.command()
@click.argument("workspace", type=click.Path(file_okay=False, path_type=Path), default=Path())
@TEMPLATES_OPTION
@PDF_OPTION
@PDF_VARIANT_OPTION
def report(workspace: Path, templates: Path | None, pdf: bool, pdf_variant: str) -> None:
    """Write out/evaluation.html and .pdf, and out/feedback/ with one summary per bidder."""
    try:
        written = api.tender_report(workspace, templates=templates, pdf=pdf,
                                    pdf_variant=pdf_variant)
    except api.UsageError as exc:
        fail("tender report", exc, code=ExitCode.USAGE)
    except api.ReportError as exc:
        fail("tender report", exc)
    evaluation = written.evaluation
    out = console()
    out.written.extend(str(p) for files in (evaluation, *written.feedback)
                       for p in (files.html, files.pdf) if p is not None)
    out.say(f"wrote {evaluation.html}" + (f" and {evaluation.pdf}" if evaluation.pdf else ""))
    out.say(f"wrote {len(written.feedback)} assessment summaries to {written.feedback_dir}")
    for path in written.removed:
        out.gone(path, "the earlier report wrote it and this one did not")
