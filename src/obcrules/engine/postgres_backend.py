"""The PostgreSQL backend: the ruleset runs inside the council's warehouse.

The engine's sqlglot trees are rendered in the ``postgres`` dialect, with the few
constructs PostgreSQL spells differently written its way (`to_postgres`):
``TRY_CAST`` becomes a pattern test before a plain cast, a month interval of an
expression becomes ``n * INTERVAL '1 MONTH'``, ``DATE_FROM_PARTS`` is ``MAKE_DATE``,
and a string holding a backslash is an escape string (``E'…'``: `PortablePostgres`),
so the SQL means the same whatever the server's ``standard_conforming_strings``.
Data is only read: the run's intermediate results are temporary tables of the
session, gone when it closes. Needs ``pip install obcrules[postgres]`` (psycopg 3).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

import sqlglot.expressions as exp
from sqlglot.dialects.postgres import Postgres
from sqlglot.errors import ErrorLevel

from obcrules.engine.backend import ColumnKind, Relation, column_kind
from obcrules.engine.casts import try_cast
from obcrules.engine.errors import ConfigurationError, MonitoringError
from obcrules.engine.mapping import rename_columns
from obcrules.engine.warehouse import TableSource, repeated_hashes
from obcrules.redaction import passwords, redact, split_url, url_problem, without_password

_PG_KINDS = {"DOUBLE PRECISION": "DOUBLE", "CHARACTER": "CHAR", "TIMESTAMP WITH TIME ZONE":
             "TIMESTAMP", "TIMESTAMP WITHOUT TIME ZONE": "TIMESTAMP"}


if TYPE_CHECKING:
    from sqlglot.generators.postgres import PostgresGenerator as _Generator
else:  # a class of its own module in recent sqlglot, nested in the dialect before
    _Generator = Postgres.Generator


class PortablePostgres(Postgres):
    """PostgreSQL as sqlglot writes it, but with string literals that mean the same under
    either setting of ``standard_conforming_strings``.

    A plain ``'…'`` reads a backslash as itself when the setting is on (the default) and
    as an escape when it is off, as some warehouses still keep it for a role or a
    database: the cast patterns' ``\\d`` would stop matching, and a ruleset's value
    ending in a backslash would swallow the closing quote. An escape string ``E'…'``
    reads backslashes as escapes whatever the setting, so a literal holding one is
    written as such, its backslashes doubled; other literals are the same either way.
    """

    class Generator(_Generator):
        def literal_sql(self, expression: exp.Literal) -> str:
            """A string holding a backslash as ``E'…'`` with the backslash doubled."""
            text = str(expression.this)
            if expression.is_string and "\\" in text:
                return "E'" + text.replace("\\", "\\\\").replace("'", "''") + "'"
            return str(super().literal_sql(expression))


def _postgres_tree(node: exp.Expr) -> exp.Expr:
    """One node rewritten where PostgreSQL's SQL differs from the engine's (a rewritten
    node's operands are rewritten too: the transform does not revisit them)."""
    if isinstance(node, exp.TryCast):
        return try_cast(exp.TryCast(this=_rewrite(node.this), to=node.to.copy()))
    if isinstance(node, exp.Anonymous) and str(node.this).upper() == "ISFINITE":
        infinity = exp.cast(exp.Literal.string("Infinity"), "DOUBLE")
        return exp.LT(this=exp.Abs(this=_rewrite(node.expressions[0])), expression=infinity)
    if isinstance(node, exp.DateFromParts):
        return exp.Anonymous(this="MAKE_DATE", expressions=[
            _rewrite(node.args["year"]), _rewrite(node.args["month"]), _rewrite(node.args["day"])])
    if isinstance(node, exp.Interval) and not isinstance(node.this, exp.Literal):
        one = exp.Interval(this=exp.Literal.string("1"), unit=node.args.get("unit"))
        return exp.Paren(this=exp.Mul(this=exp.Paren(this=_rewrite(node.this)), expression=one))
    return node


def _rewrite(tree: exp.Expr) -> exp.Expr:
    return tree.copy().transform(_postgres_tree)


def to_postgres(query: exp.Expr, *, strict: bool = False) -> str:
    """The engine's tree as PostgreSQL SQL (``strict``: raise what sqlglot cannot render)."""
    level = ErrorLevel.RAISE if strict else ErrorLevel.WARN
    return _rewrite(query).sql(dialect=PortablePostgres, unsupported_level=level)


def redacted(dsn: str) -> str:
    """A connection string without its password, for messages and the result."""
    return without_password(dsn)


def is_connection_string(data: str) -> bool:
    """A ``postgresql://`` (or ``postgres://``, any case) URL or libpq keywords
    (``host=db dbname=returns``)."""
    url = split_url(data.strip())
    if url is not None:
        return url[0].lower() in ("postgresql://", "postgres://")
    return re.match(r"\s*[A-Za-z_]+\s*=", data) is not None


def _for_libpq(dsn: str) -> str:
    """``dsn`` as libpq reads it: a URL's scheme in lower case (libpq knows no other)."""
    url = split_url(dsn.strip())
    if url is None:
        return dsn
    scheme, userinfo, rest = url
    return scheme.lower() + (f"{userinfo}@" if userinfo is not None else "") + rest


class PostgresBackend:
    """Runs the engine's queries in a PostgreSQL database that holds the data."""

    dialect = "postgres"

    def __init__(self, dsn: str, tables: Mapping[str, TableSource] | None = None,
                 application: str = "obcrules") -> None:
        try:
            import psycopg
        except ImportError:
            raise ConfigurationError("the postgres engine needs psycopg; install it with "
                                  "pip install 'obcrules[postgres]'") from None
        self.location = redacted(dsn)
        self.tables = dict(tables or {})
        self._secrets = passwords(dsn)  # to mask in the server's messages, never shown
        problem = url_problem(dsn)
        if problem is not None:
            raise ConfigurationError(f"{self.location}: cannot connect: {problem}")
        try:
            self.connection = psycopg.connect(_for_libpq(dsn), autocommit=True,
                                              application_name=application)
        except (psycopg.Error, ValueError) as exc:
            detail = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise ConfigurationError(f"{self.location}: cannot connect "
                                     f"({redact(detail, dsn)})") from None
        self._error = psycopg.Error
        self._relations: dict[str, Relation] = {}

    # ------------------------------------------------------------------ warehouse

    def find_tables(self, names: set[str]) -> dict[str, str]:
        """The declared tables the database holds (mapped in obc.toml, or by their name)."""
        found: dict[str, str] = {}
        for name in sorted(names):
            source = self.tables.get(name, TableSource())
            target = _table(source.where(name))
            text = target.sql(dialect=Postgres)
            oid = self._one("SELECT to_regclass(%s) IS NOT NULL AS found", text)
            if oid:
                found[name] = source.where(name)
            elif name in self.tables:
                raise MonitoringError(f"{self.location}: obc.toml maps `{name}` to "
                                      f"{source.where(name)}, which does not exist (or this "
                                      "user cannot see it)")
        return found

    def table(self, name: str) -> Relation:
        """The mapped table with declared names for its columns."""
        if name in self._relations:
            return self._relations[name]
        source = self.tables.get(name, TableSource())
        target = _table(source.where(name))
        rows = self.connection.execute(
            "SELECT attname, format_type(atttypid, atttypmod) FROM pg_attribute "
            "WHERE attrelid = to_regclass(%s) AND attnum > 0 AND NOT attisdropped "
            "ORDER BY attnum", (target.sql(dialect=Postgres),)).fetchall()
        kinds = {str(r[0]): _kind(str(r[1])) for r in rows}
        # The order PostgreSQL reads the table in: stable while it is not rewritten.
        order = exp.Add(this=exp.Window(this=exp.RowNumber()), expression=exp.Literal.number(1))
        relation = rename_columns(Relation(source=target, row=order, columns=kinds), source,
                                  name, source.where(name))
        self._relations[name] = relation
        return relation

    # ------------------------------------------------------------------ backend

    def register_arrow(self, name: str, table: Any) -> Relation:
        """Not used: the postgres engine reads the database's tables, never files."""
        raise MonitoringError(f"the postgres engine reads tables in {self.location}, not "
                              f"files ({name}); use --engine duckdb for files")

    def scan_file(self, path: Path) -> Relation | None:
        """Files are not read by this backend."""
        return None

    def create_view(self, name: str, query: exp.Expr) -> None:
        """A temporary view (replacing one of the same name)."""
        view = exp.to_identifier(name, quoted=True).sql(dialect=Postgres)
        self._run(f"DROP VIEW IF EXISTS {view}")
        self._run(f"CREATE TEMPORARY VIEW {view} AS {to_postgres(query)}")

    def create_table(self, name: str, query: exp.Expr) -> None:
        """A temporary table holding the query's result, analysed for the planner."""
        table = exp.to_identifier(name, quoted=True).sql(dialect=Postgres)
        self._run(f"DROP TABLE IF EXISTS {table}")
        self._run(f"CREATE TEMPORARY TABLE {table} AS {to_postgres(query)}")
        self._run(f"ANALYZE {table}")

    def may_repeat(self, source: exp.Expr, key: list[exp.Expr], where: exp.Expr) -> bool:
        """The repeated-key screen (`repeated_hashes`) on ``HASH_RECORD_EXTENDED``."""
        hashed = exp.Anonymous(this="HASH_RECORD_EXTENDED", expressions=[
            exp.Anonymous(this="ROW", expressions=[k.copy() for k in key]),
            exp.Literal.number(0)])
        return bool(self.fetch(repeated_hashes(hashed, source, where)))

    def fetch(self, query: exp.Expr) -> list[dict[str, Any]]:
        """Run ``query``; rows as dicts, with whole NUMERIC sums as ``int`` (as DuckDB gives
        HUGEINT sums of counts), so the result is the same on either engine."""
        cursor = self._run(to_postgres(query))
        names = [d[0] for d in cursor.description or []]
        return [{n: _plain(v) for n, v in zip(names, row, strict=True)}
                for row in cursor.fetchall()]

    def close(self) -> None:
        """Close the connection (the temporary tables go with it)."""
        self.connection.close()

    def _run(self, sql: str) -> Any:
        try:
            return self.connection.execute(sql)
        except self._error as exc:
            detail = redact(str(exc).strip().splitlines()[0], secrets=self._secrets)
            raise MonitoringError(f"{self.location}: PostgreSQL could not run a query "
                                  f"({detail})") from exc

    def _one(self, sql: str, parameter: str) -> Any:
        row = self.connection.execute(sql, (parameter,)).fetchone()
        return None if row is None else row[0]


def _table(name: str) -> exp.Table:
    """``schema.table`` (or ``table``) from obc.toml as quoted identifiers."""
    parts = name.split(".")
    if not 1 <= len(parts) <= 2 or not all(parts):
        raise MonitoringError(f"obc.toml: `{name}` is not a table name; write table or "
                              "schema.table")
    if len(parts) == 1:
        return exp.Table(this=exp.to_identifier(parts[0], quoted=True))
    return exp.Table(this=exp.to_identifier(parts[1], quoted=True),
                     db=exp.to_identifier(parts[0], quoted=True))


def _kind(sql_type: str) -> ColumnKind:
    name = sql_type.upper().split("(")[0].strip()
    return column_kind(_PG_KINDS.get(name, name))


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal) and value.is_finite() and value.as_tuple().exponent == 0:
        return int(value)
    return value
