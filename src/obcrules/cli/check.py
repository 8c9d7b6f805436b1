"""``obc check PATH...``: parse and check rulesets, print diagnostics."""

from __future__ import annotations

from pathlib import Path

import click

from obcrules import __version__, api
from obcrules.cli.console import console
from obcrules.cli.failure import fail
from obcrules.diagnostics import (
    Diagnostic,
    ExitCode,
    Policy,
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
@click.option("--select", "select", multiple=True, metavar="CODE",
              help="Report only warnings whose code starts so (repeat or comma-separate; "
                   "replaces obc.toml's select).")
@click.option("--ignore", "ignore", multiple=True, metavar="CODE",
              help="Do not report warnings whose code starts so (added to obc.toml's).")
@click.option("--warnings-as-errors", "hard", is_flag=True, default=None,
              help="A warning fails the check (exit 1) as an error does.")
@click.option("--config", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="The settings file (default: obc.toml or pyproject.toml's [tool.obc], "
                   "looked for from here upwards).")
def check(files: tuple[Path, ...], output_format: str, engine: str | None,
          select: tuple[str, ...], ignore: tuple[str, ...], hard: bool | None,
          config: Path | None) -> None:
    """Check ruleset FILES (a folder: every .obc file below it, .gitignore respected):
    exit 0 when none has an error, 1 when any has, 2 on misuse."""
    out = console()
    out.json = output_format == "json"
    try:
        settings = api.project_settings(path=config)
        policy = Policy(select=_codes(select) or settings.select,
                        ignore=(*settings.ignore, *_codes(ignore)),
                        warnings_as_errors=settings.warnings_as_errors if hard is None else hard)
        out.detail(f"settings: {settings.path or 'none found (defaults)'}")
        report = api.check(files, engine=engine, policy=policy)
    except api.UsageError as exc:
        fail("check", *exc.messages, code=ExitCode.USAGE)
    diagnostics = report.diagnostics
    code = ExitCode.OK if report.ok else ExitCode.FAILED
    for f in report.files:
        out.detail(f"checked {f.checked.file}")
    if output_format == "json":
        click.echo(render_json(report.document()))
        out.printed = True  # the diagnostics document is check's JSON
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
            out.show(_coloured(render_human(d, sources.get(d.file)), d) + "\n")
        files_checked = len(report.files)
        if report.ok:
            verdict = f"{out.style('ok')}: {files_checked} file(s)"
        else:
            verdict = (f"{out.style('failed')}: {report.failed_files} of {files_checked} "
                       "file(s)")
        out.say(f"{verdict}, {report.errors} error(s), {report.warnings} warning(s)")
    raise SystemExit(code)


def _codes(given: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(c.strip().upper() for part in given for c in part.split(",") if c.strip())


def _coloured(text: str, d: Diagnostic) -> str:
    """The first line's ``error``/``warning`` word in its colour."""
    head, sep, rest = text.partition(f" {d.severity}[")
    return f"{head} {console().style(d.severity)}[{rest}" if sep else text
