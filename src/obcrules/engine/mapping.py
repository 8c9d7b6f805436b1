"""Where each declared table's data is and what its columns are called: ``[tables.*]``
of the project's settings (``obc.toml`` or ``[tool.obc]``; `obcrules.io.settings`).

One mapping for every engine::

    [tables.people]
    table = "returns.people_2026"     # PostgreSQL: schema.table; Spark: a folder or URI;
                                      # files: the file under --data (people_2026.csv)
    row = "record_id"                 # optional: an integer column naming each record
    columns = { person_id = "client_ref" }   # declared field = the data's column

Every key is optional: a table not mapped is looked for under its own name, and a
column not mapped is read under its declared name. `rename_columns` gives a
relation the declared names (files; PostgreSQL and Spark rename as they read),
with the same checks everywhere: a mapped column the data lacks, or two columns
that would share a name, are errors naming the file and the mapping.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlglot.expressions as exp

from obcrules.engine.backend import ColumnKind, Relation
from obcrules.engine.errors import ConfigurationError
from obcrules.engine.validation import ROW
from obcrules.io.settings import SettingsError, read_settings


@dataclass(frozen=True)
class TableSource:
    """Where one declared table lives: the warehouse table (None: under its own name),
    its row column, renamed columns."""

    table: str | None = None
    row: str | None = None
    columns: dict[str, str] = field(default_factory=dict)  # declared field → data's column

    def where(self, name: str) -> str:
        """The table to read for the declared table ``name``."""
        return self.table if self.table is not None else name


def read_table_map(path: Path) -> dict[str, TableSource]:
    """The ``[tables.*]`` sections of a settings file (no file: an empty mapping)."""
    if not path.is_file():
        return {}
    try:
        tables = read_settings(path).tables
    except SettingsError as exc:
        raise ConfigurationError(str(exc)) from None
    return table_map(tables, str(path))


def table_map(tables: Mapping[str, Any], where_file: str) -> dict[str, TableSource]:
    """The checked ``[tables.*]`` sections (``where_file`` names them in messages)."""
    found: dict[str, TableSource] = {}
    for name, entry in tables.items():
        where = f"{where_file}: [tables.{name}]"
        if not isinstance(entry, dict):
            raise ConfigurationError(f'{where} must be a section (table = "schema.table", '
                                     'columns = { person_id = "client_ref" })')
        unknown = sorted(set(entry) - {"table", "row", "columns"})
        if unknown:
            raise ConfigurationError(f"{where}: unknown key(s) {', '.join(unknown)}; "
                                     "the keys are table, row and columns")
        table = entry.get("table")
        row = entry.get("row")
        columns = entry.get("columns", {})
        if table is not None and (not isinstance(table, str) or not table):
            raise ConfigurationError(f'{where}: table must name a table (table = '
                                     '"schema.table") or a file (table = "people_2026.csv")')
        if row is not None and not isinstance(row, str):
            raise ConfigurationError(f'{where}: row must name a column (row = "record_id")')
        if not isinstance(columns, dict) or not all(
                isinstance(v, str) and v for v in columns.values()):
            raise ConfigurationError(f"{where}: columns must map each declared field to a "
                                     'column name (person_id = "client_ref")')
        found[name] = TableSource(table, row, dict(columns))
    return found


def rename_columns(relation: Relation, source: TableSource, name: str,
                   label: str) -> Relation:
    """``relation`` with its columns under their declared names as ``source`` maps them
    (and its row numbers from ``source.row`` when given); ``label`` names the data."""
    renamed = {data: declared for declared, data in source.columns.items()}
    for data in renamed:
        if data not in relation.columns:
            raise ConfigurationError(f"{label}: has no column `{data}` (obc.toml maps "
                                     f"{renamed[data]} to it)")
    if source.row is not None and source.row not in relation.columns:
        raise ConfigurationError(f"{label}: has no column `{source.row}` (obc.toml names it "
                                 f"as the row of {name})")
    kinds: dict[str, ColumnKind] = {}
    columns: list[exp.Expr] = []
    for column_name, kind in relation.columns.items():
        if column_name == source.row:
            continue
        shown = renamed.get(column_name, column_name)
        if shown in kinds:
            raise ConfigurationError(f"{label}: two columns would be called `{shown}`; map "
                                     "only one of them")
        kinds[shown] = kind
        columns.append(exp.alias_(exp.column(column_name, quoted=True), shown, quoted=True))
    row = (exp.cast(exp.column(source.row, quoted=True), "BIGINT") if source.row is not None
           else relation.row.copy())
    columns.append(exp.alias_(row, ROW, quoted=True))
    query = exp.select(*columns).from_(relation.source.copy())
    return Relation(source=exp.alias_(exp.Subquery(this=query), f"obc_src_{name}", table=True),
                    row=exp.column(ROW, quoted=True), columns=kinds)
