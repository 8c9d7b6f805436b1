"""``obc fmt PATH...``: lay rulesets out canonically, keeping comments."""

from __future__ import annotations

import difflib
import sys
from pathlib import Path

import click

from obcrules import api
from obcrules.cli.console import console
from obcrules.cli.failure import fail
from obcrules.diagnostics import ExitCode, render_human


@click.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--check", "check_only", is_flag=True,
              help="Change nothing; exit 1 if any file would be reformatted.")
@click.option("--diff", "show_diff", is_flag=True,
              help="Change nothing; print what would change as a unified diff (exit 1 if any).")
def fmt(files: tuple[Path, ...], check_only: bool, show_diff: bool) -> None:
    """Format ruleset FILES in place (a folder: every .obc file below it; `-`: read
    standard input, write the result to standard output). With --check or --diff,
    only report."""
    out = console()
    if files == (Path("-"),):
        _stdin(show_diff or check_only, check_only and not show_diff)
    try:
        results = api.format_files(files, check_only=check_only or show_diff)
    except api.UsageError as exc:
        fail("fmt", *exc.messages, code=ExitCode.USAGE)
    except api.WriteError as exc:
        fail("fmt", exc)
    changed = []
    for result in results:
        for d in result.diagnostics:
            out.warn(render_human(d, result.source))
        if not result.changed:
            out.detail(f"unchanged {result.path}")
            continue
        changed.append(str(result.path))
        if show_diff:
            out.show(_diff(result.source or "", result.formatted or "", str(result.path)))
        else:
            out.say(f"{'would reformat' if check_only else 'reformatted'} {result.path}")
    failed = [str(r.path) for r in results if r.failed]
    out.put("changed", changed)
    out.put("failed", failed)
    if failed or ((check_only or show_diff) and changed):
        out.finish(ExitCode.FAILED)
    out.finish(ExitCode.OK)


def _stdin(report_only: bool, check_only: bool) -> None:
    out = console()
    text = sys.stdin.read()
    result = api.format_text(text)
    for d in result.diagnostics:
        out.warn(render_human(d, result.source))
    if result.formatted is None:
        out.finish(ExitCode.FAILED)
    if not report_only:
        click.echo(result.formatted, nl=False)
    elif not check_only and result.changed:
        out.show(_diff(text, result.formatted, "<stdin>"))
    out.finish(ExitCode.FAILED if report_only and result.changed else ExitCode.OK)


def _diff(before: str, after: str, name: str) -> str:
    """A unified diff from ``before`` to ``after`` (without a final newline)."""
    lines = difflib.unified_diff(before.splitlines(keepends=True), after.splitlines(keepends=True),
                                 fromfile=name, tofile=f"{name} (formatted)")
    return "".join(lines).rstrip("\n")
