"""Diagnostics as an editor shows them: every finding of `check_text`, placed in UTF-16.

The message is the checker's, with its suggestion on a ``help:`` line as ``obc
check`` prints it; the code links to nothing but is the same ``OBC…`` code the
documentation explains (docs/diagnostics.md).
"""

from __future__ import annotations

from lsprotocol import types

from obcrules.diagnostics import Diagnostic
from obcrules.lsp.positions import SourceLines

SOURCE = "obc"
"""The name editors show beside each diagnostic."""


def editor_diagnostic(diagnostic: Diagnostic, lines: SourceLines) -> types.Diagnostic:
    """One checker diagnostic as the protocol's `Diagnostic`."""
    d = diagnostic
    message = d.message + "".join(f"\nnote: {note}" for note in d.notes)
    if d.suggestion:
        message += f"\nhelp: {d.suggestion}"
    return types.Diagnostic(
        range=place_of(d, lines),
        severity=(types.DiagnosticSeverity.Error if d.is_error
                  else types.DiagnosticSeverity.Warning),
        code=d.code,
        source=SOURCE,
        message=message,
    )


def place_of(diagnostic: Diagnostic, lines: SourceLines) -> types.Range:
    """The editor's range of ``diagnostic``."""
    d = diagnostic
    return lines.range(d.line, d.column, d.end_line, d.end_column)
