"""Data that already lives in a SQL engine: the table mapping and how the run reads it.

A *warehouse* backend (PostgreSQL, Spark) holds the monitoring data itself, so
the engine does not look for files: it asks the backend for each declared
table, types it by its declaration and runs every query where the data is. Only
aggregates (and the listed invalid records) come back.

The mapping is read from ``obc.toml``::

    [tables.people]
    table = "returns.people_2026"     # schema.table (PostgreSQL) or a folder/URI (Spark)
    row = "record_id"                 # optional: an integer column naming each record
    [tables.people.columns]
    person_id = "client_ref"          # declared field = the warehouse's column

A declared table that is not mapped is looked for under its own name.
"""

from __future__ import annotations

import tomllib
from concurrent.futures import Future
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol, cast, runtime_checkable

import sqlglot.expressions as exp

from obcrules.engine.backend import Relation
from obcrules.engine.errors import MonitoringError
from obcrules.engine.loading import DataFile, identity_columns
from obcrules.engine.validation import typed_table
from obcrules.plugins.declarations import TableDecl


@dataclass(frozen=True)
class TableSource:
    """Where one declared table lives: the warehouse table, its row column, renamed columns."""

    table: str
    row: str | None = None
    columns: dict[str, str] = field(default_factory=dict)  # declared field → warehouse column


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


def read_table_map(path: Path) -> dict[str, TableSource]:
    """The ``[tables.*]`` sections of ``obc.toml`` (no file: an empty mapping)."""
    if not path.is_file():
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise MonitoringError(f"{path}: is not valid TOML ({exc})") from None
    tables = data.get("tables", {})
    if not isinstance(tables, dict):
        raise MonitoringError(f"{path}: `tables` must be a section per table "
                              '([tables.people] table = "returns.people_2026")')
    found: dict[str, TableSource] = {}
    for name, entry in tables.items():
        where = f"{path}: [tables.{name}]"
        if not isinstance(entry, dict) or not isinstance(entry.get("table"), str):
            raise MonitoringError(f'{where} needs table = "schema.table"')
        unknown = sorted(set(entry) - {"table", "row", "columns"})
        if unknown:
            raise MonitoringError(f"{where}: unknown key(s) {', '.join(unknown)}; "
                                  "the keys are table, row and columns")
        row = entry.get("row")
        columns = entry.get("columns", {})
        if row is not None and not isinstance(row, str):
            raise MonitoringError(f'{where}: row must name a column (row = "record_id")')
        if not isinstance(columns, dict) or not all(
                isinstance(v, str) for v in columns.values()):
            raise MonitoringError(f"{where}: columns must map each declared field to a "
                                  'column name (person_id = "client_ref")')
        found[name] = TableSource(entry["table"], row, dict(columns))
    return found


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
