"""``obc report framework RULESET --out DIR``: the outcomes framework as HTML and PDF."""

from __future__ import annotations

from pathlib import Path

import click

from obcrules import api
from obcrules.cli.console import console
from obcrules.cli.failure import fail, fail_on_ruleset
from obcrules.diagnostics import ExitCode

TEMPLATES_OPTION = click.option(
    "--templates", type=click.Path(file_okay=False, exists=True, path_type=Path), default=None,
    help="A folder of templates that override the built-in ones by name.")
PDF_OPTION = click.option("--pdf/--no-pdf", default=True, show_default=True,
                          help="Write the PDF as well as the HTML.")
PDF_VARIANT_OPTION = click.option(
    "--pdf-variant", type=click.Choice(api.PDF_VARIANTS), default=api.PDF_VARIANTS[0],
    show_default=True,
    help="pdf/ua-1 to publish (accessible); pdf/a-3b to keep (archival, accessible too, "
         "with the result and its inputs' hashes embedded).")


@click.group()
def report() -> None:
    """Render reports as standalone HTML and PDF."""


@report.command()
@click.argument("ruleset", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              default=Path("out"), show_default=True, help="Folder to write the report to.")
@TEMPLATES_OPTION
@PDF_OPTION
@PDF_VARIANT_OPTION
def framework(ruleset: Path, out_dir: Path, templates: Path | None, pdf: bool,
              pdf_variant: str) -> None:
    """Write the outcomes framework of RULESET, to publish with the tender."""
    try:
        files = api.report_framework(ruleset, out_dir, templates=templates, pdf=pdf,
                                     pdf_variant=pdf_variant)
    except api.UsageError as exc:
        fail("report framework", exc, code=ExitCode.USAGE)
    except api.RulesetError as exc:
        fail_on_ruleset("report framework", ruleset, exc, "fix them first")
    except api.ReportError as exc:  # a template that cannot be rendered, named
        fail("report framework", exc)
    for path in (files.html, files.pdf):
        if path is not None:
            console().wrote(path)
    for path in files.removed:
        console().gone(path, "an earlier run wrote it, perhaps of an earlier version of the "
                             "ruleset (ask for it again with --pdf)")
