"""The DuckDB backend (`obcrules.engine.duckdb_backend`): its repeated-key screen."""

from __future__ import annotations

from typing import Any

import pytest


@pytest.mark.parametrize(("bits", "passes"), [(1, 1), (1, 2), (32, 1), (32, 2), (32, 3)])
def test_the_repeated_key_screen_is_exact_whatever_the_hash_collisions(
        bits: int, passes: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """With one bit of hash nearly every row collides: only real repeats may count, however
    many parts the hashes are sorted in."""
    import sqlglot.expressions as exp

    from obcrules.engine import duckdb_backend

    monkeypatch.setattr(duckdb_backend, "SCREEN_BITS", bits)
    monkeypatch.setattr(duckdb_backend, "SCREEN_PASSES", passes)
    backend = duckdb_backend.DuckDBBackend()
    try:
        backend.connection.execute("CREATE TABLE k AS SELECT CAST(i % 3 AS VARCHAR) AS p, "
                                   "i AS k FROM range(5000) t(i)")
        source = exp.to_table("k")
        key = [exp.column("p"), exp.column("k")]
        assert backend.may_repeat(source, key, exp.true()) is False
        assert backend.may_repeat(source, [exp.column("p")], exp.true()) is True
        assert backend.may_repeat(source, [exp.column("p")], exp.column("k").eq(7)) is False
    finally:
        backend.close()


def test_a_whole_number_field_rejects_fractions_and_exponents_on_duckdb(
        run: Any) -> None:
    rows = [{"person_id": str(i), "provider": "P1", "period": "2026-Q1", "code": "x",
             "age": age} for i, age in enumerate(["1.5", "1e2", "40"])]
    result = run('output c "C":\n    measure count of people where age >= 18\n', people=rows)
    assert [p["problem"] for p in result.document["data_quality"]] == [
        "'1.5' is not a whole number", "'1e2' is not a whole number"]
