"""The exceptions `obcrules.api` adds to those of the layers below it.

The command line turns each into a message and an exit code: `UsageError` is
misuse (exit 2); `WriteError` and `ReportError` are failures (exit 1).
"""

from __future__ import annotations

from pathlib import Path


class UsageError(Exception):
    """The call cannot start: an input does not exist or an argument is invalid.

    ``messages`` say what, one line each (``no such file: x.obc``); ``argument``
    names the parameter at fault when there is one (``abnormally_low``).
    """

    def __init__(self, *messages: str, argument: str | None = None) -> None:
        super().__init__("; ".join(messages))
        self.messages = list(messages)
        self.argument = argument


class WriteError(Exception):
    """An output could not be written: ``path`` is where, ``error`` the `OSError`."""

    def __init__(self, path: Path, error: OSError) -> None:
        super().__init__(f"cannot write {path}: {error.strerror or error}")
        self.path = path
        self.error = error


class ReportError(ValueError):
    """A report could not be rendered: a template that fails (named, with its line) or
    a result file of another kind. A `ValueError`, like the renderers' own errors."""
