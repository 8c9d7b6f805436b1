"""``obc schema NAME``: print the published JSON Schema of a document obcrules writes."""

from __future__ import annotations

import click

from obcrules import api
from obcrules.cli.failure import fail
from obcrules.diagnostics import ExitCode


@click.command()
@click.argument("name", type=click.Choice(api.SCHEMA_NAMES))
def schema(name: str) -> None:
    """Print the JSON Schema (Draft 2020-12) of NAME: monitoring (monitoring.json),
    evaluation (out/evaluation.json), diagnostics (obc check --format json) or finance
    (obc finance --format json)."""
    try:
        text = api.schema(name)
    except api.UsageError as exc:
        fail("schema", *exc.messages, code=ExitCode.USAGE)
    click.echo(text, nl=False)
