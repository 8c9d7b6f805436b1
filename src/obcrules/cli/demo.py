"""``obc demo``: run the whole loop on the example rulesets (what ``make demo`` calls)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from obcrules.demo import run_demo
from obcrules.diagnostics import ExitCode


@click.command()
@click.option("--rulesets", type=click.Path(path_type=Path, file_okay=False), default="rulesets",
              show_default=True, help="Folder of example .obc rulesets.")
@click.option("--out", type=click.Path(path_type=Path, file_okay=False), default="demo-out",
              show_default=True, help="Folder for everything the demo writes.")
def demo(rulesets: Path, out: Path) -> None:
    """Check the example rulesets, then run the loop on them."""
    if not rulesets.is_dir():
        click.echo(f"obc demo: no such folder: {rulesets}", err=True)
        sys.exit(ExitCode.USAGE)
    failed = run_demo(rulesets, out, click.echo)
    sys.exit(ExitCode.FAILED if failed else ExitCode.OK)
