"""``obc lsp``: the language server, for editors to start over stdio."""

from __future__ import annotations

import click

from obcrules import api
from obcrules.cli.failure import fail
from obcrules.diagnostics import ExitCode


@click.command()
@click.option("--stdio", is_flag=True,
              help="Talk over stdin and stdout (the only way; editors' clients pass it).")
def lsp(stdio: bool) -> None:
    """Run the obc language server for an editor: diagnostics, hover, completion and more."""
    try:
        api.serve_language()
    except api.UsageError as exc:
        fail("lsp", *exc.messages, code=ExitCode.USAGE)
