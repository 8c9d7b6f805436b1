"""The engines `obc monitor --engine` can run on, and how each is opened.

``duckdb`` (the default) reads files into DuckDB in-process; ``postgres`` runs in
the PostgreSQL database named by ``--data`` (a ``postgresql://`` URL or libpq
keywords), its tables mapped in ``obc.toml``; ``spark`` runs on Spark SQL over
Parquet under ``--data`` (a folder or URI). ``--data`` is shown without its password
(`obcrules.redaction`), and only the postgres engine is given one. See
``docs/engines.md``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from obcrules.engine.backend import Backend
from obcrules.engine.errors import ConfigurationError
from obcrules.engine.mapping import read_table_map
from obcrules.redaction import passwords, split_url, without_password

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
    shown = without_password(data)
    if engine == "duckdb":
        if split_url(data) is not None or passwords(data):
            raise ConfigurationError(f"--engine duckdb reads a folder of files, not {shown}; "
                                     "for a PostgreSQL database use --engine postgres")
        return None
    if engine == "postgres":
        from obcrules.engine.postgres_backend import PostgresBackend, is_connection_string

        if not is_connection_string(data):
            raise ConfigurationError(f"--engine postgres needs --data "
                                     "postgresql://user@host/db (or libpq keywords: host=… "
                                     f"dbname=…), not {shown}")
        return PostgresBackend(data, tables)
    if engine == "spark":
        from obcrules.engine.spark_backend import SparkBackend

        return SparkBackend(data, tables, master=spark_master)
    raise ConfigurationError(f"unknown engine {engine!r}; choose one of {', '.join(ENGINES)}")
