"""``obc serve``: the web app for a panel, a policy lead or a contract manager."""

from __future__ import annotations

from pathlib import Path

import click

from obcrules import api
from obcrules.cli.failure import fail
from obcrules.diagnostics import ExitCode


@click.command()
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.option("--host", default="127.0.0.1", show_default=True,
              help="The address to listen on (keep the default behind a reverse proxy).")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535),
              help="The port to listen on.")
@click.option("--monitoring", "monitoring", multiple=True,
              type=click.Path(file_okay=False, path_type=Path),
              help="A folder of monitoring results to add to the dashboard (repeatable).")
@click.option("--secure-cookies/--no-secure-cookies", default=None,
              help="Mark the session cookie Secure (default: unless the host is loopback).")
def serve(directory: Path, host: str, port: int, monitoring: tuple[Path, ...],
          secure_cookies: bool | None) -> None:
    """Serve the web app over DIRECTORY: a tender workspace or monitoring results.

    People sign in with the links `obc tender invite` prints (docs/web.md)."""
    from obcrules.web.launch import serve as serve_web

    try:
        serve_web(directory, host=host, port=port, monitoring=monitoring,
                  secure_cookies=secure_cookies)
    except api.UsageError as exc:
        fail("serve", *exc.messages, code=ExitCode.USAGE)
