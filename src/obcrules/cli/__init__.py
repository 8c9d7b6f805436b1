"""The ``obc`` command line: a thin layer over `obcrules.api`.

Each command lives in its own module and is imported only when it runs, so
``obc --help`` stays fast and a command's dependencies load only when needed.
A command that fails by a bug prints one line and exits 3; the traceback goes to
a crash log (`obcrules.cli.crash`).
"""

from __future__ import annotations

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
    "schema": ("obcrules.cli.schema", "schema"),
    "lsp": ("obcrules.cli.lsp", "lsp"),
    "serve": ("obcrules.cli.serve", "serve"),
    "verify": ("obcrules.cli.verify", "verify"),
}
"""Command name → (module, attribute). A command whose module is absent is not listed."""


class LazyGroup(click.Group):
    """A click group that imports each subcommand's module on first use."""

    def main(self, *args: Any, **kwargs: Any) -> Any:
        """Run the command line; an exception click does not handle is a bug: crash log."""
        try:
            return super().main(*args, **kwargs)
        except Exception as error:
            if not kwargs.get("standalone_mode", True):
                raise
            from obcrules.cli.crash import crashed

            given = kwargs.get("args", args[0] if args else None)
            crashed(error, list(sys.argv[1:] if given is None else given))

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(name for name in COMMANDS if self._load(name) is not None)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
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
        return command if isinstance(command, click.Command) else None


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="obc")
def main() -> None:
    """obc: state outcomes precisely, score bids against them, monitor and pay on them."""
