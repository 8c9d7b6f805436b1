"""The ``obc`` command line: a thin layer over `obcrules.api`.

Each command lives in its own module and is imported only when it runs, so
``obc --help`` stays fast and a command's dependencies load only when needed.
A command that fails by a bug prints one line and exits 3; the traceback goes to
a crash log (`obcrules.cli.crash`).
"""

from __future__ import annotations

import gc
import importlib
import sys
from typing import Any

import click

from obcrules import __version__

COMMANDS: dict[str, tuple[str, str]] = {
    "check": ("obcrules.cli.check", "check"),
    "fmt": ("obcrules.cli.fmt", "fmt"),
    "plugins": ("obcrules.cli.plugins", "plugins"),
    "plugin": ("obcrules.cli.plugins", "plugin"),
    "sample-data": ("obcrules.cli.plugins", "sample_data"),
    "monitor": ("obcrules.cli.monitor", "monitor"),
    "test": ("obcrules.cli.ruleset_tests", "test"),
    "tender": ("obcrules.cli.tender", "tender"),
    "report": ("obcrules.cli.report", "report"),
    "demo": ("obcrules.cli.demo", "demo"),
    "finance": ("obcrules.cli.finance", "finance"),
    "schema": ("obcrules.cli.schema", "schema"),
    "lsp": ("obcrules.cli.lsp", "lsp"),
    "serve": ("obcrules.cli.serve", "serve"),
    "verify": ("obcrules.cli.verify", "verify"),
}
"""Command name → (module, attribute). A command whose module is absent is not listed."""


class LazyGroup(click.Group):
    """A click group that imports each subcommand's module on first use."""

    arguments: list[str]
    """The command line being run (masked in a crash log, `obcrules.cli.crash`)."""
    standalone: bool = True
    """False when a caller runs `main` with ``standalone_mode=False``: its errors reach it."""

    def main(self, *args: Any, **kwargs: Any) -> Any:
        """Run the command line; an exception click does not handle is a bug: crash log."""
        given = kwargs.get("args", args[0] if args else None)
        self.arguments = list(sys.argv[1:] if given is None else given)
        self.standalone = bool(kwargs.get("standalone_mode", True))
        try:
            return super().main(*args, **kwargs)
        except Exception as error:
            if not self.standalone:
                raise
            from obcrules.cli.crash import crashed

            crashed(error, self.arguments)

    def list_commands(self, ctx: click.Context) -> list[str]:
        """The commands whose modules load, by name."""
        return sorted(name for name in COMMANDS if self._load(name) is not None)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        """The command ``cmd_name``, its module imported on first use."""
        return self._load(cmd_name)

    @staticmethod
    def _load(name: str) -> click.Command | None:
        target = COMMANDS.get(name)
        if target is None:
            return None
        module_name, attr = target
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name == module_name:
                return None
            raise
        command: Any = getattr(module, attr)
        if not isinstance(command, click.Command):
            return None
        from obcrules.cli.console import conventional

        return conventional(command)

    def invoke(self, ctx: click.Context) -> Any:
        """Run the command; under ``--format json`` its document is printed however it
        ends; a failure no command foresaw exits 3 with one line naming its crash log,
        not a traceback (``-v`` prints it too; `obcrules.cli.crash`)."""
        from obcrules.cli.console import current

        code: Any = 0
        try:
            return super().invoke(ctx)
        except SystemExit as exc:
            code = exc.code
            raise
        except click.exceptions.Exit as exc:
            code = exc.exit_code
            raise
        except (click.exceptions.ClickException, click.Abort, KeyboardInterrupt):
            code = None
            raise
        except Exception as exc:
            if not getattr(self, "standalone", True):
                code = None
                raise
            from obcrules.cli.crash import crashed
            from obcrules.diagnostics import ExitCode

            out = current()
            if out is not None and out.verbose:
                import traceback

                traceback.print_exc()
            code = ExitCode.FAILED if isinstance(exc, OSError) else ExitCode.INTERNAL
            crashed(exc, getattr(self, "arguments", sys.argv[1:]))  # exits
        finally:
            out = current()
            if out is not None and code is not None:
                out.print_document(int(code) if isinstance(code, int) else 1)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="obc")
def main() -> None:
    """obc: state outcomes precisely, score bids against them, monitor and pay on them."""


def run() -> None:
    """The ``obc`` console script: `main`, ending without the collector's last walk.

    When the interpreter exits, its garbage collector walks every object left (the
    models, the plugins, every imported module) before freeing them; for ``obc
    check`` on a small file that was a tenth of the run. Nothing is left to collect
    by then, so the objects are frozen out of its sight first (`gc.freeze`); exit
    handlers, buffered output and the exit code are as before. Tests call `main`.
    """
    try:
        main()
    finally:
        gc.freeze()
