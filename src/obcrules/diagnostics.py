"""One shape for every finding: syntax, semantic and plugin diagnostics.

A `Diagnostic` carries a stable code (``OBC102``; a plugin's codes carry its own
prefix), a severity, the place, a message a policy lead can act on and, where one
exists, a suggestion. `render_human` prints it the way rustc or Elm would: the
location, the source line, a caret under the place, then ``help: …``.
`render_github`, `render_sarif` and `render_rdjson` print the same findings for
GitHub Actions annotations, SARIF 2.1.0 (code scanning) and reviewdog; the JSON
document of ``--format json`` is typed in `obcrules.results.diagnostics`.

Positions: lines and columns are 1-based, the end is exclusive, and a column
counts Unicode code points of the decoded line (a tab is one column). Only
`render_rdjson` converts columns, to the UTF-8 byte columns reviewdog reads
(docs/diagnostics.md lists each format's units).
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from enum import IntEnum
from typing import Any, Literal, Protocol, runtime_checkable
from urllib.parse import quote

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
    USAGE = 2  # the command line or the configuration is wrong, or an input is missing
    INTERNAL = 3  # a bug in obc: an error no command foresaw (the crash log says where)


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
        """One entry of ``obc check --format json`` (typed in `obcrules.results.diagnostics`)."""
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
    """A GitHub Actions workflow command that annotates the line in a pull request.

    Property values (the file, the title) are escaped as the Actions runner reads
    them (``%``, CR, LF, ``:`` and ``,``), the message as its data (``%``, CR, LF),
    so a file called ``bad, name%1.obc`` is not read as ``file=bad``.
    """
    d = diagnostic
    level = "error" if d.is_error else "warning"
    message = d.message + (f" (help: {d.suggestion})" if d.suggestion else "")
    return (
        f"::{level} file={github_property(d.file)},line={d.line},col={d.column},"
        f"endLine={d.end_line or d.line},endColumn={d.end_column or d.column + 1},"
        f"title={github_property(d.code)}::{github_data(message)}"
    )


def github_data(text: str) -> str:
    """``text`` escaped as the message of a workflow command."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def github_property(text: str) -> str:
    """``text`` escaped as a property value of a workflow command."""
    return github_data(text).replace(":", "%3A").replace(",", "%2C")


def render_json(document: Mapping[str, Any]) -> str:
    """A JSON document (``obc check --format json``'s is built by the api), two-space indented."""
    return json.dumps(document, indent=2, ensure_ascii=False)


SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"


def render_sarif(diagnostics: Sequence[Diagnostic], *, tool_version: str) -> str:
    """A SARIF 2.1.0 log of one run of ``obc`` (GitHub code scanning and most CI dashboards).

    One rule per code found, each result pointing at its rule by id and index; a
    file becomes a relative URI reference (an absolute path a ``file://`` URI);
    ``columnKind`` is ``unicodeCodePoints``, so the columns are those of every
    other format. The suggestion follows the message, as in ``--format github``.
    """
    ordered = sorted(diagnostics, key=Diagnostic.sort_key)
    codes = sorted({d.code for d in ordered})
    rules = [{"id": code} for code in codes]
    results = []
    for d in ordered:
        message = d.message + (f" (help: {d.suggestion})" if d.suggestion else "")
        region = {"startLine": d.line, "startColumn": d.column,
                  "endLine": d.end_line or d.line,
                  "endColumn": d.end_column or d.column + 1}
        results.append({
            "ruleId": d.code, "ruleIndex": codes.index(d.code),
            "level": "error" if d.is_error else "warning",
            "message": {"text": message},
            "locations": [{"physicalLocation": {
                "artifactLocation": {"uri": file_uri(d.file)}, "region": region}}],
        })
    log = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "obc", "version": tool_version, "rules": rules}},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    }
    return json.dumps(log, indent=2, ensure_ascii=False)


def render_rdjson(diagnostics: Sequence[Diagnostic], sources: Mapping[str, str]) -> str:
    """reviewdog's Diagnostic Format (rdjson): one ``DiagnosticResult`` of every finding.

    reviewdog counts columns in UTF-8 bytes, so each column is converted on the
    line of ``sources`` (file name → text) it points at; a file whose text is not
    given keeps its code-point columns (the same for ASCII lines).
    """
    ordered = sorted(diagnostics, key=Diagnostic.sort_key)
    entries = []
    for d in ordered:
        source = sources.get(d.file)
        end_line = d.end_line or d.line
        start = {"line": d.line, "column": _byte_column(source, d.line, d.column)}
        end = {"line": end_line,
               "column": _byte_column(source, end_line, d.end_column or d.column + 1)}
        message = d.message + (f" (help: {d.suggestion})" if d.suggestion else "")
        entries.append({
            "message": message,
            "location": {"path": d.file, "range": {"start": start, "end": end}},
            "severity": "ERROR" if d.is_error else "WARNING",
            "code": {"value": d.code},
        })
    result = {"source": {"name": "obc"}, "diagnostics": entries}
    return json.dumps(result, indent=2, ensure_ascii=False)


def file_uri(path: str) -> str:
    """A file name as a URI reference: relative stays relative, absolute becomes ``file://``.

    ``bad, name%1.obc`` → ``bad%2C%20name%251.obc``; Windows separators become ``/``.
    """
    posix = path.replace("\\", "/")
    if posix.startswith("/"):
        return "file://" + quote(posix)
    if len(posix) > 2 and posix[1] == ":" and posix[2] == "/":
        return "file:///" + posix[:2] + quote(posix[2:])
    return quote(posix)


def _byte_column(source: str | None, line: int, column: int) -> int:
    """The 1-based UTF-8 byte column of the 1-based code-point ``column`` on ``line``."""
    if source is None:
        return column
    lines = source.splitlines()
    if not 1 <= line <= len(lines):
        return column
    text = lines[line - 1]
    prefix = text[:column - 1]
    return len(prefix.encode("utf-8")) + 1 + max(0, column - 1 - len(text))


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


_IGNORE_COMMENT = re.compile(r"#\s*obc:\s*ignore(?:\[([A-Za-z0-9_,\s]*)\])?", re.IGNORECASE)


@dataclass(frozen=True)
class Policy:
    """Which findings are reported and how: ``select`` and ``ignore`` (code prefixes),
    ``warnings_as_errors``, and ``# obc: ignore[CODE]`` comments on a line.

    Only warnings can be left out: an error always stands, since a ruleset with an
    error cannot be monitored whatever the settings say.
    """

    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    warnings_as_errors: bool = False

    def apply(self, diagnostics: Iterable[Diagnostic], source: str | None) -> list[Diagnostic]:
        """The diagnostics this policy reports, warnings made errors when it says so."""
        ignored_on = line_ignores(source)
        kept: list[Diagnostic] = []
        for d in diagnostics:
            if not d.is_error and not self.reports(d.code, ignored_on.get(d.line)):
                continue
            if self.warnings_as_errors and not d.is_error:
                d = replace(d, severity="error")
            kept.append(d)
        return kept

    def reports(self, code: str, on_line: frozenset[str] | None = None) -> bool:
        """True when a warning with ``code`` is reported (``on_line``: the codes a
        comment on its line ignores; empty: every code)."""
        upper = code.upper()
        if on_line is not None and (not on_line or upper in on_line):
            return False
        if self.select and not upper.startswith(self.select):
            return False
        return not upper.startswith(self.ignore) if self.ignore else True


def line_ignores(source: str | None) -> dict[int, frozenset[str]]:
    """Line number → the codes a ``# obc: ignore[…]`` comment on it names (empty set:
    ``# obc: ignore`` without codes, every warning on the line)."""
    if not source or "obc:" not in source:
        return {}
    found: dict[int, frozenset[str]] = {}
    for number, line in enumerate(source.splitlines(), start=1):
        match = _IGNORE_COMMENT.search(line)
        if match is not None:
            codes = match.group(1) or ""
            found[number] = frozenset(c.strip().upper() for c in codes.split(",") if c.strip())
    return found
