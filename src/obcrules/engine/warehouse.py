"""Data that already lives in a SQL engine: the table mapping and how the run reads it.

A *warehouse* backend (PostgreSQL, Spark) holds the monitoring data itself, so
the engine does not look for files: it asks the backend for each declared
table, types it by its declaration and runs every query where the data is. Only
aggregates (and the listed invalid records) come back.

The mapping is read from ``obc.toml`` (`obcrules.engine.mapping`, one for every
engine, files too). A declared table that is not mapped is looked for under its
own name.
"""

from __future__ import annotations

from concurrent.futures import Future
from pathlib import Path
from typing import Protocol, cast, runtime_checkable

import sqlglot.expressions as exp

from obcrules.engine.backend import Relation
from obcrules.engine.errors import MonitoringError
from obcrules.engine.loading import DataFile, identity_columns
from obcrules.engine.mapping import TableSource as TableSource
from obcrules.engine.mapping import read_table_map as read_table_map
from obcrules.engine.validation import typed_table
from obcrules.plugins.declarations import TableDecl


@runtime_checkable
class Warehouse(Protocol):
    """A backend that holds the data itself (see the module docstring)."""

    location: str
    """Where the data is, for messages (never a password)."""

    def find_tables(self, names: set[str]) -> dict[str, str]:
        """Of the declared ``names``, those the warehouse holds, each with its label
        (``returns.people_2026``), which stands where a file name would."""
        ...

    def table(self, name: str) -> Relation:
        """The relation of a table ``find_tables`` found."""
        ...


def load_tables(warehouse: Warehouse, declared: dict[str, TableDecl],
                needed: set[str]) -> dict[str, DataFile]:
    """The declared tables the warehouse holds, typed; a needed table it lacks is an error."""
    found = warehouse.find_tables(set(declared))
    missing = sorted(needed - set(found))
    if missing:
        name = missing[0]
        raise MonitoringError(
            f"{warehouse.location}: no table for `{name}`, which the ruleset measures; map it "
            f'in obc.toml ([tables.{name}] table = "schema.table") or create a table {name}')
    files: dict[str, DataFile] = {}
    for name, label in sorted(found.items()):
        decl = declared[name]
        relation = warehouse.table(name)
        for needed_column in identity_columns(decl):
            if needed_column not in relation.columns:
                raise MonitoringError(
                    f"{label}: has no column `{needed_column}`; map the warehouse's column "
                    f'to it in obc.toml ([tables.{name}.columns] {needed_column} = "…")')
        declared_names = {f.name for f in decl.fields}
        files[name] = DataFile(
            table=name, path=Path(label), typed=typed_table(decl, relation),
            sha256=_no_digest(),
            ignored_columns=sorted(c for c in relation.columns if c not in declared_names))
    return files


def _no_digest() -> Future[str]:
    """A table in a database has no file bytes to hash: its ``sha256`` is null."""
    done: Future[str | None] = Future()
    done.set_result(None)
    return cast("Future[str]", done)


def repeated_hashes(hashed: exp.Expr, source: exp.Expr, where: exp.Expr) -> exp.Select:
    """Rows' key hashes (``hashed``, an expression over ``source``) that occur twice or
    more among the rows meeting ``where``, at most one: the repeated-key screen. Equal
    keys have equal hashes, so no row back proves there is no repeat; grouping eight
    bytes a row is far cheaper than grouping by the key's text."""
    rows = exp.select(exp.alias_(hashed, "h")).from_(source.copy()).where(where.copy())
    return (exp.select(exp.Literal.number(1))
            .from_(exp.alias_(exp.Subquery(this=rows), "hashed", table=True))
            .group_by(exp.column("h"))
            .having(exp.GT(this=exp.Count(this=exp.Star()), expression=exp.Literal.number(1)))
            .limit(1))
