"""The manners every ``obc`` command shares: ``-q``, ``-v``, ``--color``, ``--format json``.

`conventional` adds the shared options to a command (the lazy group calls it on
each command it loads, so no command can forget them). A command prints through
the `Console` of its run (`console()`):

- `Console.say` for what a person reads (silent under ``-q``; collected as
  ``messages`` under ``--format json``), `Console.wrote` for each file written;
- `Console.detail` for ``-v`` only (stderr);
- `Console.warn` for what must be seen even under ``-q`` (stderr);
- `Console.put` for a field of the JSON document, which `Console.finish` prints
  (``obcrules.cli/1``: the command, its exit code, the files written, the
  messages, the errors, and the command's own fields) before exiting.

Colour follows ``--color auto|always|never``; ``auto`` colours a terminal unless
``NO_COLOR`` is set (https://no-color.org). Progress (`Console.progress`) goes to
stderr, only on a terminal, and never under ``-q`` or JSON.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, NoReturn

import click

from obcrules.diagnostics import ExitCode

META_KEY = "obc.console"
FORMATS = ("human", "json")

STATUS_COLOURS = {"error": "red", "warning": "yellow", "ok": "green", "failed": "red",
                  "met": "green", "missed": "red", "PASSED": "green", "FAILED": "red"}
"""The colour of each word that carries a verdict."""


@dataclass
class Console:
    """How this run of a command prints: its verbosity, colour and format."""

    command: str = "obc"
    quiet: bool = False
    verbose: bool = False
    color: str = "auto"
    json: bool = False
    document: dict[str, Any] = field(default_factory=dict)
    written: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    printed: bool = False
    """The JSON document has been printed (it is printed once)."""
    _progress_shown: bool = False
    _last_progress: float = 0.0

    # ------------------------------------------------------------------ colour

    @property
    def colours(self) -> bool:
        """True when styles reach the output: ``always``, or ``auto`` on a terminal
        without ``NO_COLOR``."""
        if self.color == "always":
            return True
        if self.color == "never" or os.environ.get("NO_COLOR"):
            return False
        return sys.stdout.isatty()

    def style(self, text: str, word: str | None = None) -> str:
        """``text`` in the colour of ``word`` (a verdict: error, met, …; default ``text``)."""
        colour = STATUS_COLOURS.get(word if word is not None else text)
        if colour is None or not self.colours:
            return text
        return click.style(text, fg=colour, bold=True if colour == "red" else None)

    # ------------------------------------------------------------------ output

    def say(self, text: str = "", *, err: bool = False) -> None:
        """Print for a person: silent under ``-q``; a message of the document under JSON."""
        if self.json:
            if text:
                self.messages.append(click.unstyle(text))
            return
        if not self.quiet:
            self._echo(text, err=err)

    def show(self, text: str) -> None:
        """Print what the command exists to print (diagnostics, a table): shown under
        ``-q`` too, never under JSON (the document carries it)."""
        if not self.json:
            self._echo(text)

    def wrote(self, path: object) -> None:
        """Record a file written: ``wrote PATH`` (not under ``-q``)."""
        self.written.append(str(path))
        if not self.json and not self.quiet:
            self._echo(f"wrote {path}")

    def gone(self, path: object, why: str) -> None:
        """Record an earlier output the command deleted: ``removed PATH: WHY`` (not under
        ``-q``); ``removed`` in the JSON document."""
        self.removed.append(str(path))
        if not self.json and not self.quiet:
            self._echo(f"removed {path}: {why}")

    def detail(self, text: str) -> None:
        """Print only under ``-v``, on stderr."""
        if self.verbose and not self.quiet:
            self._echo(text, err=True)

    def warn(self, text: str) -> None:
        """Print on stderr whatever the verbosity (a problem the user must see)."""
        if self.json:
            self.errors.append(click.unstyle(text))
        self._echo(text, err=True)

    def put(self, key: str, value: Any) -> None:
        """Set a field of the JSON document (``--format json``)."""
        self.document[key] = value

    def finish(self, code: int = ExitCode.OK) -> NoReturn:
        """Print the JSON document (under ``--format json``) and exit with ``code``."""
        self.print_document(code)
        sys.exit(int(code))

    def print_document(self, code: int) -> None:
        """Under ``--format json``, print the document once (the lazy group calls this
        for a command that ends without `finish`)."""
        self.end_progress()
        if not self.json or self.printed:
            return
        self.printed = True
        import json

        body = {"schema": "obcrules.cli/1", "command": self.command, "exit_code": int(code),
                "written": self.written, "removed": self.removed, "messages": self.messages,
                "errors": self.errors,
                **self.document}
        click.echo(json.dumps(body, indent=2, ensure_ascii=False, default=str))

    # ------------------------------------------------------------------ progress

    @property
    def shows_progress(self) -> bool:
        """Progress is drawn on stderr only on a terminal, never under ``-q`` or JSON."""
        return not (self.quiet or self.json) and sys.stderr.isatty()

    def progress(self, text: str) -> None:
        """Show ``text`` as the current step of long work (one line, redrawn)."""
        if not self.shows_progress:
            return
        now = time.monotonic()
        if self._progress_shown and now - self._last_progress < 0.05:
            return  # at most twenty redraws a second
        self._last_progress = now
        import shutil

        width = max(20, shutil.get_terminal_size().columns - 1)
        sys.stderr.write("\r\x1b[2K" + text[:width])
        sys.stderr.flush()
        self._progress_shown = True

    def end_progress(self) -> None:
        """Clear the progress line, if one is shown."""
        if self._progress_shown:
            sys.stderr.write("\r\x1b[2K")
            sys.stderr.flush()
            self._progress_shown = False

    def progress_callback(self) -> Callable[[str], None] | None:
        """`progress` for the api's ``progress`` argument, or None when nothing is shown."""
        return self.progress if self.shows_progress else None

    def _echo(self, text: str, *, err: bool = False) -> None:
        self.end_progress()
        click.echo(text, err=err, color=self.colours if not err else self._err_colours())

    def _err_colours(self) -> bool:
        if self.color == "always":
            return True
        if self.color == "never" or os.environ.get("NO_COLOR"):
            return False
        return sys.stderr.isatty()


def current() -> Console | None:
    """The console of the running command, if it has one yet."""
    ctx = click.get_current_context(silent=True)
    found = ctx.find_root().meta.get(META_KEY) if ctx is not None else None
    return found if isinstance(found, Console) else None


def console() -> Console:
    """The console of the command that is running (a plain one outside a command)."""
    ctx = click.get_current_context(silent=True)
    if ctx is None:
        return Console()
    root = ctx.find_root()
    found = root.meta.get(META_KEY)
    if not isinstance(found, Console):
        found = Console()
        root.meta[META_KEY] = found
    found.command = " ".join(["obc", *ctx.command_path.split()[1:]])
    return found


def _setter(attribute: str) -> Callable[[click.Context, click.Parameter, Any], None]:
    def callback(ctx: click.Context, param: click.Parameter, value: Any) -> None:
        setattr(console(), attribute, value)

    return callback


def _format_callback(ctx: click.Context, param: click.Parameter, value: Any) -> None:
    if value == "json":
        console().json = True


def _shared_options() -> list[click.Option]:
    return [
        click.Option(["-q", "--quiet", "obc_quiet"], is_flag=True, expose_value=False,
                     callback=_setter("quiet"),
                     help="Print only what the command exists to print and errors."),
        click.Option(["-v", "--verbose", "obc_verbose"], is_flag=True, expose_value=False,
                     callback=_setter("verbose"),
                     help="Also say what is being done, on stderr."),
        click.Option(["--color", "obc_color"], type=click.Choice(["auto", "always", "never"]),
                     default="auto", show_default=True, expose_value=False,
                     callback=_setter("color"),
                     help="Colour the output (auto: on a terminal, unless NO_COLOR is set)."),
    ]


def _format_option() -> click.Option:
    return click.Option(["--format", "obc_format"], type=click.Choice(FORMATS), default="human",
                        show_default=True, expose_value=False, callback=_format_callback,
                        help="human, or json: one obcrules.cli/1 document on stdout.")


SERVERS = frozenset({"lsp", "serve"})
"""Commands that serve rather than report (``obc lsp`` speaks on stdout): no JSON."""


def conventional(command: click.Command) -> click.Command:
    """``command`` (and a group's subcommands) with ``-q``, ``-v``, ``--color`` and, where
    it reports and has no ``--format`` of its own, ``--format human|json``. Idempotent."""
    if isinstance(command, click.Group):
        for sub in command.commands.values():
            conventional(sub)
        return command
    names = {p.name for p in command.params}
    if "obc_quiet" in names:
        return command
    flags = {opt for p in command.params for opt in getattr(p, "opts", [])}
    extra: list[click.Parameter] = [o for o in _shared_options()
                                    if not set(o.opts) & flags]
    if "--format" not in flags and command.name not in SERVERS:
        extra.append(_format_option())
    command.params.extend(extra)
    return command
