"""The DuckDB backend (`obcrules.engine.duckdb_backend`): its repeated-key screen."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("bits", [1, 32])
def test_the_repeated_key_screen_is_exact_whatever_the_hash_collisions(
        bits: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """With one bit of hash nearly every row collides: only real repeats may count."""
    import sqlglot.expressions as exp

    from obcrules.engine import duckdb_backend

    monkeypatch.setattr(duckdb_backend, "SCREEN_BITS", bits)
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
