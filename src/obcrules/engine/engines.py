"""The engines `obc monitor --engine` can run on, and how each is opened.

``duckdb`` (the default) reads files into DuckDB in-process; ``postgres`` runs in
the PostgreSQL database named by ``--data`` (a ``postgresql://`` URL), its tables
mapped in ``obc.toml``; ``spark`` runs on Spark SQL over Parquet under ``--data``
(a folder or URI). See ``docs/engines.md``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from obcrules.engine.backend import Backend
from obcrules.engine.errors import ConfigurationError
from obcrules.engine.mapping import read_table_map

Engine = Literal["duckdb", "postgres", "spark"]
ENGINES: tuple[Engine, ...] = ("duckdb", "postgres", "spark")
DEFAULT_SPARK_MASTER = "local[*]"


def open_backend(engine: Engine, data: str, config: Path | None = None,
                 spark_master: str = DEFAULT_SPARK_MASTER) -> Backend | None:
    """The backend for ``engine`` over ``data`` (None for DuckDB: the run opens its own).

    ``config`` is the ``obc.toml`` holding the ``[tables.*]`` mapping (none: every
    table under its own name). The caller closes the backend.
    """
    tables = read_table_map(config) if config is not None else {}
    if engine == "duckdb":
        return None
    if engine == "postgres":
        if not data.startswith(("postgresql://", "postgres://")):
            raise ConfigurationError(f"--engine postgres needs --data "
                                     f"postgresql://user@host/db, not {data}")
        from obcrules.engine.postgres_backend import PostgresBackend

        return PostgresBackend(data, tables)
    if engine == "spark":
        from obcrules.engine.spark_backend import SparkBackend

        return SparkBackend(data, tables, master=spark_master)
    raise ConfigurationError(f"unknown engine {engine!r}; choose one of {', '.join(ENGINES)}")
