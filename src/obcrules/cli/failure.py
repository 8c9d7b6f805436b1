"""How a command stops on an error: ``obc COMMAND: message`` on stderr, then an exit code."""

from __future__ import annotations

import sys
from collections.abc import Iterable
from typing import NoReturn

import click

from obcrules.diagnostics import Diagnostic, ExitCode, render_human


def fail(command: str, *messages: object, code: ExitCode = ExitCode.FAILED) -> NoReturn:
    """Print each message as ``obc COMMAND: message`` on stderr and exit with ``code``."""
    for message in messages:
        click.echo(f"obc {command}: {message}", err=True)
    sys.exit(code)


def fail_on(command: str, diagnostics: Iterable[Diagnostic], source: str,
            message: str) -> NoReturn:
    """Print the diagnostics with the lines of ``source`` they point at, then `fail`."""
    for d in diagnostics:
        click.echo(render_human(d, source), err=True)
    fail(command, message)
