"""How a command stops on an error: ``obc COMMAND: message`` on stderr, then an exit code.

Every message passes through `obcrules.api.redact` with the command's own arguments,
so a password in ``--data`` (or in any connection string a message quotes) is masked.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import NoReturn

import click

from obcrules import api
from obcrules.cli.console import console
from obcrules.diagnostics import Diagnostic, ExitCode, render_human


def fail(command: str, *messages: object, code: ExitCode = ExitCode.FAILED) -> NoReturn:
    """Print each message as ``obc COMMAND: message`` on stderr and exit with ``code``
    (under ``--format json`` the document, with the messages as its errors, is printed
    on stdout first).

    Control characters in a message are escaped (`obcrules.redaction.printable`), and a
    line of it after the first is indented, so a path or value holding a newline cannot
    print a line that looks like obc's own."""
    out = console()
    given = arguments()
    for message in messages:
        first, *rest = api.printable(f"obc {command}: {message}", keep="\n\t").split("\n")
        lines = [first, *(r if r.startswith(" ") or not r else f"  {r}" for r in rest)]
        out.warn(api.redact("\n".join(lines), *given))
    out.finish(code)


def arguments() -> list[str]:
    """The text values of the running command's options and arguments (and its groups')."""
    found: list[str] = []
    context = click.get_current_context(silent=True)
    while context is not None:
        for value in context.params.values():
            values = value if isinstance(value, list | tuple) else [value]
            found += [str(v) for v in values if isinstance(v, str)]
        context = context.parent
    return found


def fail_on(command: str, diagnostics: Iterable[Diagnostic], source: str,
            message: str) -> NoReturn:
    """Print the diagnostics with the lines of ``source`` they point at, then `fail`."""
    out = console()
    for d in diagnostics:
        out.warn(render_human(d, source))
    fail(command, message)


def fail_on_ruleset(command: str, ruleset: str | Path, error: api.RulesetError,
                    remedy: str = "fix them (see `obc check`)") -> NoReturn:
    """Print the errors of a ruleset the command cannot run on, then `fail` saying so."""
    fail_on(command, error.checked.errors, error.checked.text,
            f"{ruleset} has errors; {remedy}")
