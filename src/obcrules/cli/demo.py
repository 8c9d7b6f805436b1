"""``obc demo``: run the whole loop on the example rulesets (what ``make demo`` calls)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from obcrules import api
from obcrules.cli.console import console
from obcrules.cli.failure import fail
from obcrules.diagnostics import ExitCode


@click.command()
@click.option("--rulesets", type=click.Path(path_type=Path, file_okay=False), default="rulesets",
              show_default=True, help="Folder of example .obc rulesets.")
@click.option("--out", type=click.Path(path_type=Path, file_okay=False), default="demo-out",
              show_default=True, help="Folder for everything the demo writes.")
def demo(rulesets: Path, out: Path) -> None:
    """Check the example rulesets, then run the loop on them."""
    try:
        failed = api.demo(rulesets, out, console().say)
    except api.UsageError as exc:
        fail("demo", exc, code=ExitCode.USAGE)
    sys.exit(ExitCode.FAILED if failed else ExitCode.OK)
