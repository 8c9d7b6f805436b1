"""``obc plugins``, ``obc plugin new NAME`` and ``obc sample-data SERVICE``."""

from __future__ import annotations

from pathlib import Path

import click

from obcrules import api
from obcrules.cli.console import console
from obcrules.cli.failure import fail
from obcrules.diagnostics import ExitCode


@click.command()
def plugins() -> None:
    """List the installed plugins, their versions and what each declares.

    Plugins that failed to load are listed after them, with the reason; the exit
    status is then 1.
    """
    out = console()
    installed = api.plugins()
    out.show(installed.render())
    for key, value in installed.document().items():
        out.put(key, value)
    out.finish(ExitCode.OK if installed.ok else ExitCode.FAILED)


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
        target = api.new_plugin(name, directory)
    except api.ScaffoldError as exc:
        fail("plugin new", exc, code=ExitCode.USAGE)
    except api.WriteError as exc:
        fail("plugin new", exc)
    out = console()
    out.written.append(str(target))
    out.say(f"created {target}")
    out.say(f"next: pip install -e {target}[test] && pytest {target}")
    out.finish(ExitCode.OK)


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
@click.option(
    "--gaming",
    type=click.Choice(["cream-skimming", "parking", "bunching", "drop-out", "double-claims"]),
    default=None,
    help="Make one provider game this way (docs/gaming.md).",
)
def sample_data(service: str, rows: int, out: Path, fmt: str, seed: int,
                gaming: str | None) -> None:
    """Write realistic synthetic data for SERVICE: one file per table in OUT."""
    try:
        written = api.sample_data(service, rows, out, fmt, seed, gaming=gaming)
    except (api.SampleDataError, api.UsageError) as exc:
        fail("sample-data", exc, code=ExitCode.USAGE)
    except api.WriteError as exc:
        fail("sample-data", exc)
    shown = console()
    for path in written:
        shown.wrote(path)
    shown.finish(ExitCode.OK)
