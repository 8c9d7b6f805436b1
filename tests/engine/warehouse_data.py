"""Test data loaded into a throwaway PostgreSQL server (the backend itself only reads).

`postgres_dsn()` reads ``OBC_TEST_POSTGRES_DSN`` (set by ``.ci/services.sh``): without
it the tests skip with a message, except under CI (``CI=true``), where they fail.
`load_arrow` copies an Arrow table into a fresh schema, with ``_obc_row`` numbering
the records as DuckDB numbers a Parquet file's rows (2 for the first).
"""

from __future__ import annotations

import io
import os
from typing import Any

import pyarrow as pa
import pyarrow.csv as pacsv
import pytest

DSN_VARIABLE = "OBC_TEST_POSTGRES_DSN"

_TYPES = {"string": "text", "large_string": "text", "int64": "bigint", "int32": "integer",
          "int16": "smallint", "double": "double precision", "float": "real", "bool": "boolean",
          "date32[day]": "date"}


def required_service(variable: str, message: str) -> str:
    """The value of ``variable``; skip without it, or fail under CI (``CI=true``)."""
    value = os.environ.get(variable)
    if value:
        return value
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"CI: {variable} is not set: {message}")
    pytest.skip(f"{variable} is not set: {message}")


def postgres_dsn() -> str:
    """The throwaway server's DSN; skip (or fail under CI) when there is none."""
    return required_service(DSN_VARIABLE, "no PostgreSQL server to test against (source "
                            ".ci/services.sh and run postgres_start)")


def pg_type(arrow_type: Any) -> str:
    """The PostgreSQL column type for an Arrow type."""
    if pa.types.is_decimal(arrow_type):
        return f"numeric({arrow_type.precision},{arrow_type.scale})"
    if pa.types.is_timestamp(arrow_type):
        return "timestamp"
    return _TYPES[str(arrow_type)]


def load_arrow(connection: Any, qualified: str, table: Any, renames: dict[str, str] | None = None,
               row_column: str | None = "_obc_row") -> None:
    """Create ``qualified`` (schema.table) with ``table``'s rows, columns renamed by
    ``renames`` (declared → warehouse), plus a row column counting from 2."""
    renames = renames or {}
    if row_column is not None:
        table = table.append_column(row_column, pa.array(range(2, table.num_rows + 2),
                                                         pa.int64()))
    names = [renames.get(n, n) for n in table.column_names]
    columns = ", ".join(f'"{n}" {pg_type(t)}' for n, t in zip(names, table.schema.types,
                                                               strict=True))
    connection.execute(f"DROP TABLE IF EXISTS {qualified}")
    connection.execute(f"CREATE TABLE {qualified} ({columns})")
    buffer = io.BytesIO()
    pacsv.write_csv(table.rename_columns(names), buffer,
                    pacsv.WriteOptions(include_header=False, quoting_style="needed"))
    quoted = ", ".join(f'"{n}"' for n in names)
    with connection.cursor() as cursor, cursor.copy(
            f"COPY {qualified} ({quoted}) FROM STDIN WITH (FORMAT csv)") as copy:
        copy.write(buffer.getvalue())
    connection.execute(f"ANALYZE {qualified}")
