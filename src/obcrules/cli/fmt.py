"""``obc fmt FILE...``: lay rulesets out canonically, keeping comments."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from obcrules import api
from obcrules.cli.failure import fail
from obcrules.diagnostics import ExitCode, render_human


@click.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--check", "check_only", is_flag=True,
              help="Change nothing; exit 1 if any file would be reformatted.")
def fmt(files: tuple[Path, ...], check_only: bool) -> None:
    """Format ruleset FILES in place (or, with --check, only report)."""
    try:
        results = api.format_files(files, check_only=check_only)
    except api.UsageError as exc:
        fail("fmt", *exc.messages, code=ExitCode.USAGE)
    except api.WriteError as exc:
        fail("fmt", exc)
    for result in results:
        for d in result.diagnostics:
            click.echo(render_human(d, result.source), err=True)
        if result.changed:
            click.echo(f"{'would reformat' if check_only else 'reformatted'} {result.path}")
    if any(r.failed for r in results) or (check_only and any(r.changed for r in results)):
        sys.exit(ExitCode.FAILED)
    sys.exit(ExitCode.OK)
