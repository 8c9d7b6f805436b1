"""The Arrow type of each declared field type, so data and declarations agree.

Sample-data generators build their tables with `arrow_schema`; tests that run
SQL on DuckDB register inputs with it.
"""

from __future__ import annotations

from typing import Any

import pyarrow as pa

from obcrules.plugins.declarations import FieldDecl, TableDecl

_ARROW_TYPES: dict[str, Any] = {
    "integer": pa.int32(),
    "decimal": pa.float64(),
    "boolean": pa.bool_(),
    "text": pa.string(),
    "date": pa.date32(),
    "category": pa.string(),
}


def arrow_type(field: FieldDecl) -> Any:
    """The Arrow type that holds ``field`` (categories are strings; decimals float64)."""
    return _ARROW_TYPES[field.type]


def arrow_schema(table: TableDecl, only: list[str] | None = None) -> Any:
    """A ``pyarrow.Schema`` with one nullable column per field of ``table``.

    ``only`` keeps the named fields, in that order.
    """
    fields = [table.field(name) for name in only] if only is not None else list(table.fields)
    missing = [name for name, f in zip(only or [], fields, strict=False) if f is None]
    if missing:
        raise KeyError(f"table {table.name!r} has no field {missing[0]!r}")
    return pa.schema([pa.field(f.name, arrow_type(f)) for f in fields if f is not None])


def table_from_columns(table: TableDecl, columns: dict[str, Any]) -> Any:
    """A ``pyarrow.Table`` of ``columns`` cast to the declared types of ``table``.

    Columns are taken in the table's field order; fields without a column are
    left out (the contract allows data to omit unused columns).
    """
    names = [f.name for f in table.fields if f.name in columns]
    unknown = sorted(set(columns) - set(names))
    if unknown:
        raise KeyError(f"table {table.name!r} declares no field {unknown[0]!r}")
    schema = arrow_schema(table, names)
    arrays = [pa.array(columns[n]) if isinstance(columns[n], list) else columns[n] for n in names]
    return pa.Table.from_arrays(
        [a.cast(schema.field(n).type) for a, n in zip(arrays, names, strict=True)],
        schema=schema,
    )
