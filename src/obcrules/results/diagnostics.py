"""``obc check --format json`` (schema ``obcrules.diagnostics/1``): the checker's findings.

A `TypedDict`, like the other documents: `diagnostics_document` builds it from
the `Diagnostic`s of a check (each entry is `Diagnostic.to_dict`), and
`obcrules.results.schemas` generates the published JSON Schema from it.
Positions are 1-based lines and columns, columns counting Unicode code points of
the line, the end exclusive (docs/diagnostics.md).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal, cast

from pydantic import ConfigDict, with_config
from typing_extensions import TypedDict

from obcrules.diagnostics import Diagnostic

SCHEMA = "obcrules.diagnostics/1"

_STRICT = ConfigDict(extra="forbid", use_attribute_docstrings=True)


@with_config(_STRICT)
class DiagnosticRecord(TypedDict):
    """One finding about one place in one file."""

    file: str
    """The file as it was named on the command line."""
    line: int
    """1-based line of the start."""
    column: int
    """1-based column of the start, in Unicode code points (a tab is one column)."""
    end_line: int
    """1-based line of the end."""
    end_column: int
    """1-based column just after the end (the end is exclusive); start column + 1 when the
    finding has no extent."""
    severity: Literal["error", "warning"]
    code: str
    """``OBC102``; a plugin's codes carry its prefix (``ASC201``)."""
    message: str
    suggestion: str | None
    """What to do about it, often ``did you mean …?``; null when there is nothing to suggest."""


@with_config(_STRICT)
class DiagnosticsDocument(TypedDict):
    """What ``obc check --format json`` prints."""

    schema: Literal["obcrules.diagnostics/1"]
    files: list[str]
    """The files checked, in the order given."""
    errors: int
    warnings: int
    diagnostics: list[DiagnosticRecord]
    """In file, line, column and code order."""


def diagnostic_record(d: Diagnostic) -> DiagnosticRecord:
    """The record of one diagnostic: `Diagnostic.to_dict`, which keeps to this type (a test
    compares the keys, and every document validates against the generated schema)."""
    return cast(DiagnosticRecord, d.to_dict())


def diagnostics_document(files: Sequence[str],
                         diagnostics: Sequence[Diagnostic]) -> DiagnosticsDocument:
    """The document of a check of ``files`` that found ``diagnostics``."""
    ordered = sorted(diagnostics, key=Diagnostic.sort_key)
    errors = sum(d.is_error for d in ordered)
    return {"schema": "obcrules.diagnostics/1", "files": list(files), "errors": errors,
            "warnings": len(ordered) - errors,
            "diagnostics": [diagnostic_record(d) for d in ordered]}
