"""``obc check FILE...``: parse and check rulesets, print diagnostics."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, cast

import click

from obcrules.api import check_file

if TYPE_CHECKING:
    from obcrules.engine.engines import Engine
from obcrules.diagnostics import (
    Diagnostic,
    ExitCode,
    render_github,
    render_human,
    render_json,
)


@click.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--format", "output_format", type=click.Choice(["human", "json", "github"]),
              default="human", show_default=True, help="How to print the diagnostics.")
@click.option("--engine", type=click.Choice(["duckdb", "postgres", "spark"]), default=None,
              help="Also check that every plugin function the rulesets call can run there.")
def check(files: tuple[Path, ...], output_format: str, engine: str | None) -> None:
    """Check ruleset FILES: exit 0 when none has an error, 1 when any has, 2 on misuse."""
    missing = [f for f in files if not f.is_file()]
    if missing:
        for path in missing:
            click.echo(f"obc check: no such file: {path}", err=True)
        sys.exit(ExitCode.USAGE)
    diagnostics: list[Diagnostic] = []
    sources: dict[str, str] = {}
    for path in files:
        checked = check_file(path)
        diagnostics.extend(checked.diagnostics)
        if engine is not None and checked.ok and checked.ruleset and checked.vocabulary:
            from obcrules.engine.portability import unportable_calls

            diagnostics.extend(unportable_calls(checked.ruleset, checked.vocabulary,
                                                checked.file, cast("Engine", engine)))
        sources[checked.file] = checked.text
    if output_format == "json":
        click.echo(render_json(diagnostics))
    elif output_format == "github":
        for d in diagnostics:
            click.echo(render_github(d))
    else:
        for d in diagnostics:
            click.echo(render_human(d, sources.get(d.file)))
            click.echo()
        errors = sum(d.is_error for d in diagnostics)
        warnings = len(diagnostics) - errors
        verdict = "ok" if not errors else "failed"
        click.echo(f"{verdict}: {len(files)} file(s), {errors} error(s), {warnings} warning(s)")
    sys.exit(ExitCode.FAILED if any(d.is_error for d in diagnostics) else ExitCode.OK)
