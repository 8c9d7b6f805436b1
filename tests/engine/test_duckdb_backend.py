"""The DuckDB backend (`obcrules.engine.duckdb_backend`): its repeated-key screen."""

from __future__ import annotations

from typing import Any

import pytest


@pytest.mark.parametrize(("bits", "passes", "wide"), [
    (1, 1, False), (1, 2, False), (32, 1, False), (32, 2, False), (32, 3, False),
    (1, 1, True), (32, 1, True), (64, 1, True)])
def test_the_repeated_key_screen_is_exact_whatever_the_hash_collisions(
        bits: int, passes: int, wide: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    """With one bit of hash nearly every row collides: only real repeats may count, however
    many parts the hashes are sorted in, and whether the table is small enough for the
    one-pass screen of whole hashes (``wide``) or not."""
    import sqlglot.expressions as exp

    from obcrules.engine import duckdb_backend

    monkeypatch.setattr(duckdb_backend, "SCREEN_BITS", bits)
    monkeypatch.setattr(duckdb_backend, "SCREEN_PASSES", passes)
    monkeypatch.setattr(duckdb_backend, "WIDE_SCREEN_BITS", bits)
    monkeypatch.setattr(duckdb_backend, "WIDE_SCREEN_ROWS", 10_000 if wide else 4_999)
    backend = duckdb_backend.DuckDBBackend()
    try:
        backend.connection.execute("CREATE TABLE k AS SELECT CAST(i % 3 AS VARCHAR) AS p, "
                                   "i AS k FROM range(5000) t(i)")
        source = exp.to_table("k")
        key = [exp.column("p"), exp.column("k")]
        assert backend.may_repeat(source, key, exp.true()) is False
        assert backend.may_repeat(source, [exp.column("p")], exp.true()) is True
        assert backend.may_repeat(source, [exp.column("p")], exp.column("k").eq(7)) is False
        assert backend.may_repeat(source, [exp.column("p")], exp.column("k").isin(7, 10)) is True
        tables = backend.connection.execute("SELECT table_name FROM duckdb_tables() "
                                            "WHERE temporary").fetchall()
        assert tables == []  # the screen's own table is dropped
    finally:
        backend.close()


def test_the_screen_sorts_whole_hashes_in_one_pass_only_for_small_tables(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The choice is made on the table's rows: a table over `WIDE_SCREEN_ROWS` is sorted in
    `SCREEN_PASSES` parts of `SCREEN_BITS`-bit hashes (the memory of one sort bounded)."""
    import sqlglot.expressions as exp

    from obcrules.engine import duckdb_backend

    queries: list[str] = []
    backend = duckdb_backend.DuckDBBackend()
    real = backend.create_table

    def create_table(name: str, query: exp.Expr) -> None:
        queries.append(query.sql(dialect="duckdb"))
        real(name, query)

    monkeypatch.setattr(backend, "create_table", create_table)
    try:
        backend.connection.execute("CREATE TABLE k AS SELECT i AS k FROM range(100) t(i)")
        source, key = exp.to_table("k"), [exp.column("k")]
        monkeypatch.setattr(duckdb_backend, "WIDE_SCREEN_ROWS", 100)
        assert backend.may_repeat(source, key, exp.true()) is False
        monkeypatch.setattr(duckdb_backend, "WIDE_SCREEN_ROWS", 99)
        assert backend.may_repeat(source, key, exp.true()) is False
    finally:
        backend.close()
    wide, narrow = queries
    assert ">>" not in wide and "% 1 = 0" in wide
    assert ">> 32" in narrow and f"% {duckdb_backend.SCREEN_PASSES} = 0" in narrow


def test_a_whole_number_field_rejects_fractions_and_exponents_on_duckdb(
        run: Any) -> None:
    rows = [{"person_id": str(i), "provider": "P1", "period": "2026-Q1", "code": "x",
             "age": age} for i, age in enumerate(["1.5", "1e2", "40"])]
    result = run('output c "C":\n    measure count of people where age >= 18\n', people=rows)
    assert [p["problem"] for p in result.document["data_quality"]] == [
        "'1.5' is not a whole number", "'1e2' is not a whole number"]
