"""How a command stops on an error: ``obc COMMAND: message`` on stderr, then an exit code."""

from __future__ import annotations

from collections.abc import Iterable
from typing import NoReturn

from obcrules.cli.console import console
from obcrules.diagnostics import Diagnostic, ExitCode, render_human


def fail(command: str, *messages: object, code: ExitCode = ExitCode.FAILED) -> NoReturn:
    """Print each message as ``obc COMMAND: message`` on stderr and exit with ``code``
    (under ``--format json`` the document, with the messages as its errors, is printed
    on stdout first)."""
    out = console()
    for message in messages:
        out.warn(f"obc {command}: {message}")
    out.finish(code)


def fail_on(command: str, diagnostics: Iterable[Diagnostic], source: str,
            message: str) -> NoReturn:
    """Print the diagnostics with the lines of ``source`` they point at, then `fail`."""
    out = console()
    for d in diagnostics:
        out.warn(render_human(d, source))
    fail(command, message)
