"""One shape for every finding: syntax, semantic and plugin diagnostics.

A `Diagnostic` carries a stable code (``OBC102``; a plugin's codes carry its own
prefix), a severity, the place, a message a policy lead can act on and, where one
exists, a suggestion. `render_human` prints it the way rustc or Elm would: the
location, the source line, a caret under the place, then ``help: …``.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import IntEnum
from typing import Any, Literal, Protocol, runtime_checkable

Severity = Literal["error", "warning"]


@runtime_checkable
class Place(Protocol):
    """A stretch of source: what a model `Span` is (1-based lines and columns, end exclusive)."""

    @property
    def line(self) -> int: ...
    @property
    def column(self) -> int: ...
    @property
    def end_line(self) -> int | None: ...
    @property
    def end_column(self) -> int | None: ...


class Placed(Protocol):
    """Something that sits at a place in the source: a model node (its ``span``)."""

    @property
    def span(self) -> Place | None: ...


class ExitCode(IntEnum):
    """Exit codes shared by every ``obc`` command."""

    OK = 0
    FAILED = 1  # the input has an error (or a check failed)
    USAGE = 2  # the command line is wrong, or a named file does not exist


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """A finding about one place in one file."""

    code: str
    severity: Severity
    message: str
    file: str = "<string>"
    line: int = 1
    column: int = 1
    end_line: int | None = None
    end_column: int | None = None
    suggestion: str | None = None
    notes: tuple[str, ...] = field(default=())

    @classmethod
    def at(
        cls,
        where: Place | Placed | None,
        *,
        code: str,
        severity: Severity,
        file: str,
        message: str,
        suggestion: str | None = None,
    ) -> Diagnostic:
        """A diagnostic placed on ``where``: a span, or anything with a ``span`` (a node).

        Where there is no span (None, or a node built without one), the diagnostic
        points at line 1, column 1 with no end.
        """
        span = where if isinstance(where, Place) or where is None else where.span
        if span is None:
            return cls(code=code, severity=severity, message=message, file=file,
                       suggestion=suggestion)
        return cls(code=code, severity=severity, message=message, file=file,
                   line=span.line, column=span.column, end_line=span.end_line,
                   end_column=span.end_column, suggestion=suggestion)

    @property
    def is_error(self) -> bool:
        """True for an error, false for a warning."""
        return self.severity == "error"

    def sort_key(self) -> tuple[str, int, int, str]:
        """Order diagnostics by file, position and code."""
        return (self.file, self.line, self.column, self.code)

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape documented for ``obc check --format json``."""
        return {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line if self.end_line is not None else self.line,
            "end_column": self.end_column if self.end_column is not None else self.column + 1,
            "severity": self.severity,
            "code": self.code,
            "message": self.message,
            "suggestion": self.suggestion,
        }


def did_you_mean(word: str, candidates: Iterable[str]) -> str | None:
    """The closest candidate to ``word`` (for ``did you mean …?``), or None."""
    matches = difflib.get_close_matches(word, sorted(set(candidates)), n=1, cutoff=0.6)
    return matches[0] if matches else None


def render_human(diagnostic: Diagnostic, source: str | None) -> str:
    """``file:line:col: error[CODE]: message``, the source line, a caret and ``help:``."""
    d = diagnostic
    lines = [f"{d.file}:{d.line}:{d.column}: {d.severity}[{d.code}]: {d.message}"]
    source_line = _line_of(source, d.line)
    if source_line is not None:
        gutter = str(d.line)
        pad = " " * len(gutter)
        width = 1
        if d.end_line in (None, d.line) and d.end_column and d.end_column > d.column:
            width = d.end_column - d.column
        width = max(1, min(width, max(1, len(source_line) - d.column + 1)))
        caret_pad = _visual_prefix(source_line, d.column - 1)
        lines.append(f" {gutter} | {source_line}")
        lines.append(f" {pad} | {caret_pad}{'^' * width}")
    for note in d.notes:
        lines.append(f"  note: {note}")
    if d.suggestion:
        lines.append(f"  help: {d.suggestion}")
    return "\n".join(lines)


def render_github(diagnostic: Diagnostic) -> str:
    """A GitHub Actions workflow command that annotates the line in a pull request."""
    d = diagnostic
    level = "error" if d.is_error else "warning"
    message = d.message + (f" (help: {d.suggestion})" if d.suggestion else "")
    message = message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return (
        f"::{level} file={d.file},line={d.line},col={d.column},"
        f"endLine={d.end_line or d.line},endColumn={d.end_column or d.column + 1},"
        f"title={d.code}::{message}"
    )


def render_json(diagnostics: Sequence[Diagnostic]) -> str:
    """One JSON array of diagnostics, in file and position order."""
    ordered = sorted(diagnostics, key=Diagnostic.sort_key)
    return json.dumps([d.to_dict() for d in ordered], indent=2, ensure_ascii=False)


def _line_of(source: str | None, line: int) -> str | None:
    if source is None or line < 1:
        return None
    lines = source.splitlines()
    if line > len(lines):
        return None
    text = lines[line - 1]
    if len(text) > 200:
        return None  # do not print a huge line; the position says where
    return text.replace("\t", " ")


def _visual_prefix(text: str, count: int) -> str:
    return "".join(" " for _ in text[:count])
