"""``obc check FILE...``: parse and check rulesets, print diagnostics."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from obcrules import __version__, api
from obcrules.cli.failure import fail
from obcrules.diagnostics import (
    ExitCode,
    render_github,
    render_human,
    render_json,
    render_rdjson,
    render_sarif,
)

FORMATS = ("human", "json", "github", "sarif", "rdjson")
"""docs/diagnostics.md describes each, with the units of its positions."""


@click.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--format", "output_format", type=click.Choice(FORMATS), default="human",
              show_default=True,
              help="How to print the diagnostics: for people, as JSON (obcrules.diagnostics/1), "
                   "as GitHub Actions annotations, as SARIF 2.1.0 or as reviewdog's rdjson.")
@click.option("--engine", type=click.Choice(["duckdb", "postgres", "spark"]), default=None,
              help="Also check that every plugin function the rulesets call can run there.")
def check(files: tuple[Path, ...], output_format: str, engine: str | None) -> None:
    """Check ruleset FILES: exit 0 when none has an error, 1 when any has, 2 on misuse."""
    try:
        report = api.check(files, engine=engine)
    except api.UsageError as exc:
        fail("check", *exc.messages, code=ExitCode.USAGE)
    diagnostics = report.diagnostics
    if output_format == "json":
        click.echo(render_json(report.document()))
    elif output_format == "sarif":
        click.echo(render_sarif(diagnostics, tool_version=__version__))
    elif output_format == "rdjson":
        click.echo(render_rdjson(diagnostics, report.sources))
    elif output_format == "github":
        for d in diagnostics:
            click.echo(render_github(d))
    else:
        sources = report.sources
        for d in diagnostics:
            click.echo(render_human(d, sources.get(d.file)))
            click.echo()
        verdict = "ok" if report.ok else "failed"
        click.echo(f"{verdict}: {len(files)} file(s), {report.errors} error(s), "
                   f"{report.warnings} warning(s)")
    sys.exit(ExitCode.OK if report.ok else ExitCode.FAILED)
