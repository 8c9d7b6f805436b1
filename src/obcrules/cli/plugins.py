"""``obc plugins``, ``obc plugin new NAME`` and ``obc sample-data SERVICE``."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from obcrules.diagnostics import ExitCode
from obcrules.plugins.manager import make_plugin_manager
from obcrules.plugins.sample_files import SampleDataError, write_sample_data
from obcrules.plugins.summary import render_plugins, summarise
from obcrules.scaffold import ScaffoldError, new_plugin


@click.command()
def plugins() -> None:
    """List the installed plugins, their versions and what each declares.

    Plugins that failed to load are listed after them, with the reason; the exit
    status is then 1.
    """
    registry = make_plugin_manager()
    click.echo(render_plugins(summarise(registry), registry.problems))
    sys.exit(ExitCode.FAILED if registry.problems else ExitCode.OK)


@click.group()
def plugin() -> None:
    """Work on plugins: ``obc plugin new NAME``."""


@plugin.command("new")
@click.argument("name")
@click.option(
    "--dir",
    "directory",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path(),
    show_default=True,
    help="Where to create the plugin's folder.",
)
def new(name: str, directory: Path) -> None:
    """Create a plugin distribution for the service NAME (e.g. youth_justice)."""
    try:
        target = new_plugin(name, directory)
    except ScaffoldError as exc:
        click.echo(f"obc plugin new: {exc}", err=True)
        sys.exit(ExitCode.USAGE)
    except OSError as exc:
        click.echo(f"obc plugin new: cannot write {directory}: {exc.strerror or exc}", err=True)
        sys.exit(ExitCode.FAILED)
    click.echo(f"created {target}")
    click.echo(f"next: pip install -e {target}[test] && pytest {target}")


@click.command("sample-data")
@click.argument("service")
@click.option(
    "--rows",
    type=click.IntRange(min=1),
    default=1000,
    show_default=True,
    help="How many people rows to generate.",
)
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    help="The folder to write one file per table into.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["csv", "parquet"]),
    default="csv",
    show_default=True,
    help="The file format.",
)
@click.option(
    "--seed", type=int, default=1, show_default=True, help="The same seed gives the same data."
)
def sample_data(service: str, rows: int, out: Path, fmt: str, seed: int) -> None:
    """Write realistic synthetic data for SERVICE: one file per table in OUT."""
    registry = make_plugin_manager()
    try:
        written = write_sample_data(
            registry, service, rows, out, "parquet" if fmt == "parquet" else "csv", seed
        )
    except SampleDataError as exc:
        click.echo(f"obc sample-data: {exc}", err=True)
        sys.exit(ExitCode.USAGE)
    except OSError as exc:
        click.echo(f"obc sample-data: cannot write {out}: {exc.strerror or exc}", err=True)
        sys.exit(ExitCode.FAILED)
    for path in written:
        click.echo(f"wrote {path}")
