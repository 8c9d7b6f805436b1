"""The default backend: DuckDB in-process.

Parquet files are scanned in place (``read_parquet``), so a ten-million-row
file is never loaded into memory; CSV and XLSX arrive as Arrow tables from the
readers and are scanned without copying.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb
import sqlglot.dialects.duckdb  # noqa: F401  (loaded with the backend, not by its first query)
import sqlglot.expressions as exp

from obcrules.engine.backend import ColumnKind, Relation, column_kind, repeated_column
from obcrules.engine.errors import MonitoringError
from obcrules.engine.readers import ROW_COLUMN

NATIVE_SUFFIXES = (".parquet",)
SCREEN_BITS = 32
"""Bits of the key hash the repeated-key screen sorts (at most 32: a UINTEGER)."""
SCREEN_PASSES = 2
"""Sorts the screen makes, each over its share of the hash space: the sort holds the
run's peak memory, and two halves take 148 rather than 206 MiB at 10 M rows for one
more scan of the key (≈ +0.5 s of CPU)."""
WIDE_SCREEN_ROWS = 2_000_000
"""Up to this many rows the screen sorts whole hashes (`WIDE_SCREEN_BITS`) in one pass
instead: DuckDB's sort then holds about 24 bytes a row (under 50 MiB), and two different
keys share a 64-bit hash by chance about once in ten million runs of 2 M rows, so the
exact last step (a third scan of the key) runs only when a key really repeats. Above
it, `SCREEN_BITS` bits in `SCREEN_PASSES` parts, whose chance collisions (some 120 at
1 M rows, 12,000 at 10 M) that step sorts out."""
WIDE_SCREEN_BITS = 64
COLLIDED = "obc_screen_collided"


class DuckDBBackend:
    """Runs the engine's queries on an in-memory DuckDB database."""

    dialect = "duckdb"

    def __init__(self, threads: int | None = None) -> None:
        self.connection = duckdb.connect(":memory:")
        if threads is not None:
            self.connection.execute(f"SET threads = {int(threads)}")

    def register_arrow(self, name: str, table: Any) -> Relation:
        """Register an Arrow table under ``name`` (no copy)."""
        self.connection.register(name, table)
        source = exp.to_table(name)
        return Relation(source=source, row=exp.column(ROW_COLUMN, quoted=True),
                        columns=self._describe(source, exclude=ROW_COLUMN))

    def scan_file(self, path: Path) -> Relation | None:
        """``read_parquet(path, file_row_number = TRUE)`` for Parquet files."""
        if path.suffix.lower() not in NATIVE_SUFFIXES:
            return None
        scan = exp.Table(this=exp.func(
            "read_parquet",
            exp.Literal.string(str(path)),
            exp.EQ(this=exp.column("file_row_number"), expression=exp.true()),
        ))
        try:
            columns = self._describe(scan, exclude="file_row_number")
            repeated = repeated_column(self._top_level_names(path))
        except duckdb.Error as exc:
            detail = str(exc).splitlines()[0]
            raise MonitoringError(f"{path}: cannot be read as Parquet ({detail}); "
                                  "export the table again as Parquet, or as CSV") from None
        if repeated is not None:
            raise MonitoringError(f"{path}: {repeated}")
        row = exp.Add(this=exp.column("file_row_number", quoted=True),
                      expression=exp.Literal.number(2))
        return Relation(source=scan, row=row, columns=columns)

    def create_view(self, name: str, query: exp.Expr) -> None:
        """Create or replace a temporary view."""
        create = exp.Create(this=exp.to_table(name), kind="VIEW", expression=query,
                            replace=True, properties=exp.Properties(
                                expressions=[exp.TemporaryProperty()]))
        self.connection.execute(create.sql(dialect=self.dialect))

    def create_table(self, name: str, query: exp.Expr) -> None:
        """Create or replace a temporary table holding the query's result."""
        create = exp.Create(this=exp.to_table(name), kind="TABLE", expression=query,
                            replace=True, properties=exp.Properties(
                                expressions=[exp.TemporaryProperty()]))
        self.connection.execute(create.sql(dialect=self.dialect))

    def may_repeat(self, source: exp.Expr, key: list[exp.Expr], where: exp.Expr) -> bool:
        """Exact, in two steps that never hold the keys themselves: sort the rows' key
        hashes and keep those equal to their neighbour (equal keys have equal hashes, so
        only these can repeat); then, if there are any, group by the key just the rows
        with one of those hashes. Sorting a hash a row takes a fraction of the memory and
        time of grouping the keys. Small tables sort whole 64-bit hashes in one pass
        (`WIDE_SCREEN_ROWS`), so a table without repeats needs no second step; larger
        ones sort 32-bit hashes in `SCREEN_PASSES` parts (by hash modulo the passes), each
        its own query, so that only one part's sort is held at a time."""
        if self._rows(source) <= WIDE_SCREEN_ROWS:
            bits, passes = WIDE_SCREEN_BITS, 1
        else:
            bits, passes = SCREEN_BITS, SCREEN_PASSES
        hashed = _key_hash(key, bits)
        for part in range(passes):
            in_part = exp.EQ(this=exp.Mod(this=exp.Paren(this=hashed.copy()),
                                          expression=exp.Literal.number(passes)),
                             expression=exp.Literal.number(part))
            rows = exp.select(exp.alias_(hashed.copy(), "h")).from_(source.copy()).where(
                exp.And(this=exp.Paren(this=where.copy()), expression=in_part))
            previous = exp.Window(
                this=exp.Anonymous(this="LAG", expressions=[exp.column("h")]),
                order=exp.Order(expressions=[exp.Ordered(this=exp.column("h"))]))
            pairs = exp.select("h", exp.alias_(previous, "p")).from_(
                exp.alias_(exp.Subquery(this=rows), "hashed", table=True))
            collided = (exp.select("h").distinct()
                        .from_(exp.alias_(exp.Subquery(this=pairs), "pairs", table=True))
                        .where(exp.EQ(this=exp.column("h"), expression=exp.column("p"))))
            if part == 0:
                self.create_table(COLLIDED, collided)
            else:
                self.connection.execute(exp.insert(collided, COLLIDED).sql(dialect=self.dialect))
        try:
            if not self._rows(exp.to_table(COLLIDED)):
                return False  # no two hashes alike: no two keys alike
            suspects = exp.In(this=hashed,
                              query=exp.Subquery(this=exp.select("h").from_(COLLIDED)))
            repeated = (exp.select(exp.Literal.number(1)).from_(source.copy())
                        .where(exp.And(this=exp.Paren(this=where.copy()), expression=suspects))
                        .group_by(*[k.copy() for k in key])
                        .having(exp.GT(this=exp.Count(this=exp.Star()),
                                       expression=exp.Literal.number(1))))
            query = exp.select(exp.alias_(exp.Count(this=exp.Star()), "n")).from_(
                exp.alias_(exp.Subquery(this=repeated), "repeated", table=True))
            return bool(self.fetch(query)[0]["n"])
        finally:
            self.connection.execute(exp.Drop(tables=[exp.to_table(COLLIDED)], kind="TABLE",
                                             exists=True).sql(dialect=self.dialect))

    def _rows(self, source: exp.Expr) -> int:
        """The rows of ``source`` (a Parquet file's from its metadata)."""
        query = exp.select(exp.alias_(exp.Count(this=exp.Star()), "n")).from_(source.copy())
        return int(self.fetch(query)[0]["n"])

    def fetch(self, query: exp.Expr) -> list[dict[str, Any]]:
        """Run ``query``; rows as dicts."""
        cursor = self.connection.execute(query.sql(dialect=self.dialect))
        names = [d[0] for d in cursor.description or []]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

    def close(self) -> None:
        """Close the connection."""
        self.connection.close()

    def _top_level_names(self, path: Path) -> list[str]:
        """The Parquet file's own column names, repeats and all (DuckDB renames repeats)."""
        schema = exp.Table(this=exp.func("parquet_schema", exp.Literal.string(str(path))))
        query = exp.select("name", "num_children").from_(schema)
        nodes = self.connection.execute(query.sql(dialect=self.dialect)).fetchall()
        names: list[str] = []
        position = 1
        for _ in range(int(nodes[0][1] or 0) if nodes else 0):
            names.append(str(nodes[position][0]))
            position = _after_subtree(nodes, position)
        return names

    def _describe(self, source: exp.Expr, exclude: str) -> dict[str, ColumnKind]:
        query = exp.Describe(this=exp.select("*").from_(source.copy()))
        rows = self.connection.execute(query.sql(dialect=self.dialect)).fetchall()
        return {str(r[0]): column_kind(str(r[1])) for r in rows if r[0] != exclude}


def _key_hash(key: list[exp.Expr], bits: int) -> exp.Expr:
    """DuckDB's 64-bit hash of the key columns, or its top ``bits`` (at most 32) as a
    UINTEGER."""
    hashed = exp.Anonymous(this="HASH", expressions=[k.copy() for k in key])
    if bits >= 64:
        return hashed
    return exp.cast(exp.BitwiseRightShift(this=hashed, expression=exp.Literal.number(64 - bits)),
                    exp.DataType.Type.UINT)


def _after_subtree(nodes: list[tuple[object, ...]], position: int) -> int:
    """The index after the schema node at ``position`` and all its descendants."""
    pending = 1
    while pending:
        pending += int(str(nodes[position][1] or 0)) - 1
        position += 1
    return position
