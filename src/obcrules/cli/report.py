"""``obc report framework RULESET --out DIR``: the outcomes framework as HTML and PDF."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from obcrules.api import check_file
from obcrules.diagnostics import ExitCode, render_human
from obcrules.reports import render_framework

TEMPLATES_OPTION = click.option(
    "--templates", type=click.Path(file_okay=False, exists=True, path_type=Path), default=None,
    help="A folder of templates that override the built-in ones by name.")
PDF_OPTION = click.option("--pdf/--no-pdf", default=True, show_default=True,
                          help="Write the PDF as well as the HTML.")


@click.group()
def report() -> None:
    """Render reports as standalone HTML and PDF."""


@report.command()
@click.argument("ruleset", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              default=Path("out"), show_default=True, help="Folder to write the report to.")
@TEMPLATES_OPTION
@PDF_OPTION
def framework(ruleset: Path, out_dir: Path, templates: Path | None, pdf: bool) -> None:
    """Write the outcomes framework of RULESET, to publish with the tender."""
    if not ruleset.is_file():
        click.echo(f"obc report framework: no such file: {ruleset}", err=True)
        sys.exit(ExitCode.USAGE)
    checked = check_file(ruleset)
    if not checked.ok:
        for d in checked.errors:
            click.echo(render_human(d, checked.text), err=True)
        click.echo(f"obc report framework: {ruleset} has errors; fix them first", err=True)
        sys.exit(ExitCode.FAILED)
    try:
        files = render_framework(checked, out_dir, templates=templates, pdf=pdf)
    except ValueError as exc:  # a template that cannot be rendered, named
        click.echo(f"obc report framework: {exc}", err=True)
        sys.exit(ExitCode.FAILED)
    for path in (files.html, files.pdf):
        if path is not None:
            click.echo(f"wrote {path}")
