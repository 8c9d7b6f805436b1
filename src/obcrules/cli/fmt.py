"""``obc fmt FILE...``: lay rulesets out canonically, keeping comments."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from obcrules.diagnostics import ExitCode, render_human
from obcrules.io.atomic import write_text_atomic
from obcrules.syntax.formatter import format_source
from obcrules.syntax.parser import decode


@click.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--check", "check_only", is_flag=True,
              help="Change nothing; exit 1 if any file would be reformatted.")
def fmt(files: tuple[Path, ...], check_only: bool) -> None:
    """Format ruleset FILES in place (or, with --check, only report)."""
    missing = [f for f in files if not f.is_file()]
    if missing:
        for path in missing:
            click.echo(f"obc fmt: no such file: {path}", err=True)
        sys.exit(ExitCode.USAGE)
    would_change = 0
    failed = 0
    for path in files:
        raw = path.read_bytes()
        original, problems = decode(raw, str(path))
        result = format_source(original, str(path)) if original is not None else None
        if result is None or result.text is None:
            failed += 1
            for d in (result.diagnostics if result else problems):
                click.echo(render_human(d, original), err=True)
            continue
        if result.text.encode("utf-8") == raw:
            continue
        would_change += 1
        if check_only:
            click.echo(f"would reformat {path}")
        else:
            write_text_atomic(path, result.text)
            click.echo(f"reformatted {path}")
    if failed:
        sys.exit(ExitCode.FAILED)
    if check_only and would_change:
        sys.exit(ExitCode.FAILED)
    sys.exit(ExitCode.OK)
