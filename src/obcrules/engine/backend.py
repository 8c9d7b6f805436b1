"""What the engine needs from a SQL engine: a dialect and a connection.

The compiler builds sqlglot trees; a `Backend` renders them in its dialect and
runs them. DuckDB in-process is the default (`duckdb_backend`); PostgreSQL or
Spark SQL need a class with these few methods (register an Arrow table, scan a
file natively if it can, describe a relation's columns, create views and
temporary tables, fetch rows).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, Protocol

import sqlglot.expressions as exp

ColumnKind = Literal["text", "integer", "decimal", "boolean", "date", "timestamp", "other"]
"""What a data column holds, as far as validation cares."""


@dataclass(frozen=True)
class Relation:
    """A table of raw data the backend can scan.

    ``source`` goes in a FROM clause; ``row`` is an expression giving each record's
    row number as a spreadsheet shows it (the first record is row 2); ``columns``
    maps each column name to its kind.
    """

    source: exp.Expr
    row: exp.Expr
    columns: dict[str, ColumnKind]


class Backend(Protocol):
    """A SQL engine the monitoring engine can run on."""

    dialect: str

    def register_arrow(self, name: str, table: Any) -> Relation:
        """Make an Arrow table (with a ``_obc_row`` column) scannable as ``name``."""
        ...

    def scan_file(self, path: Path) -> Relation | None:
        """A relation scanning ``path`` natively, or None to have a reader load it."""
        ...

    def create_view(self, name: str, query: exp.Expr) -> None:
        """``CREATE OR REPLACE TEMP VIEW name AS query``."""
        ...

    def create_table(self, name: str, query: exp.Expr) -> None:
        """``CREATE OR REPLACE TEMP TABLE name AS query`` (the result is kept)."""
        ...

    def may_repeat(self, source: exp.Expr, key: list[exp.Expr], where: exp.Expr) -> bool:
        """False only when no two rows of ``source`` (that meet ``where``) share ``key``.

        A cheap screen before the exact duplicate query; True may be a false alarm.
        """
        ...

    def fetch(self, query: exp.Expr) -> list[dict[str, Any]]:
        """Run a query and return its rows as dicts (column name → Python value)."""
        ...

    def close(self) -> None:
        """Release the connection."""
        ...


def repeated_column(names: Iterable[str]) -> str | None:
    """A message naming two columns that share a name, ignoring case, or None.

    A SQL engine finds a column by its name whatever its case, and DuckDB renames the
    second of two such columns (``age_1``) rather than refusing them, so a record
    would be read from one of them silently."""
    seen: dict[str, str] = {}
    for name in names:
        other = seen.setdefault(name.casefold(), name)
        if other is not name:
            if other == name:
                return f"has two columns named `{name}`; keep one"
            return (f"has two columns named `{other}` and `{name}`, which differ only in "
                    "case; keep one (a column is found by its name, whatever its case)")
    return None


def column_kind(sql_type: str) -> ColumnKind:
    """The kind of a column from its SQL type name (``BIGINT``, ``DECIMAL(9,2)``, …)."""
    name = sql_type.upper().split("(")[0].strip()
    if name in {"VARCHAR", "TEXT", "STRING", "CHAR", "BPCHAR", "CHARACTER VARYING"}:
        return "text"
    if name in {"TINYINT", "SMALLINT", "INTEGER", "INT", "BIGINT", "HUGEINT", "UTINYINT",
                "USMALLINT", "UINTEGER", "UBIGINT", "UHUGEINT"}:
        return "integer"
    if name in {"DOUBLE", "FLOAT", "REAL", "DECIMAL", "NUMERIC"}:
        return "decimal"
    if name == "BOOLEAN":
        return "boolean"
    if name == "DATE":
        return "date"
    if name.startswith("TIMESTAMP"):
        return "timestamp"
    return "other"
