"""The Spark SQL backend: the ruleset runs where a national programme's Parquet lives.

``--data`` is a folder or URI (``s3a://…``, ``hdfs://…``) holding, per table,
``people.parquet`` (a file, or a folder of parts, partitioned by period or not) or
``people/``; ``obc.toml`` can point a table anywhere else. The engine's trees are
rendered in the ``spark`` dialect, ``TRY_CAST`` as the same pattern test the other
engines use (`obcrules.engine.casts`), a month interval of an expression as
``MAKE_YM_INTERVAL``. Intermediate results are cached temporary views. Needs
``pip install obcrules[spark]`` and Java 17.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import sqlglot.expressions as exp
from sqlglot.errors import ErrorLevel

from obcrules.engine.backend import ColumnKind, Relation, column_kind, repeated_column
from obcrules.engine.casts import try_cast
from obcrules.engine.errors import ConfigurationError, MonitoringError
from obcrules.engine.validation import ROW
from obcrules.engine.warehouse import TableSource, repeated_hashes
from obcrules.redaction import passwords, redact, split_url, without_password

DIALECT = "spark"


def _spark_tree(node: exp.Expr) -> exp.Expr:
    """One node rewritten where Spark's SQL differs from the engine's."""
    if isinstance(node, exp.TryCast):
        return try_cast(exp.TryCast(this=_rewrite(node.this), to=node.to.copy()))
    if isinstance(node, exp.Anonymous) and str(node.this).upper() == "ISFINITE":
        infinity = exp.cast(exp.Literal.string("Infinity"), "DOUBLE")
        return exp.LT(this=exp.Abs(this=_rewrite(node.expressions[0])), expression=infinity)
    if isinstance(node, exp.Interval) and not isinstance(node.this, exp.Literal):
        unit = str(node.args["unit"].this).upper() if node.args.get("unit") else "DAY"
        amount = exp.cast(_rewrite(node.this), "INT")
        if unit in ("MONTH", "YEAR"):
            months = amount if unit == "MONTH" else exp.Mul(this=amount,
                                                             expression=exp.Literal.number(12))
            return exp.Anonymous(this="MAKE_YM_INTERVAL", expressions=[
                exp.Literal.number(0), months])
        days = amount if unit == "DAY" else exp.Mul(this=amount, expression=exp.Literal.number(7))
        return exp.Anonymous(this="MAKE_DT_INTERVAL", expressions=[days])
    return node


def _rewrite(tree: exp.Expr) -> exp.Expr:
    return tree.copy().transform(_spark_tree)


def to_spark(query: exp.Expr, *, strict: bool = False) -> str:
    """The engine's tree as Spark SQL (``strict``: raise what sqlglot cannot render)."""
    level = ErrorLevel.RAISE if strict else ErrorLevel.WARN
    return _rewrite(query).sql(dialect=DIALECT, unsupported_level=level)


class SparkBackend:
    """Runs the engine's queries on Spark SQL over Parquet."""

    dialect = DIALECT

    def __init__(self, data: str, tables: Mapping[str, TableSource] | None = None,
                 master: str = "local[*]", session: Any = None) -> None:
        try:
            from pyspark.sql import SparkSession
        except ImportError:
            raise MonitoringError("the spark engine needs pyspark; install it with "
                                  "pip install 'obcrules[spark]' (and Java 17)") from None
        self.location = data.rstrip("/")
        self.tables = dict(tables or {})
        _no_password(data, "--data")
        for name, source in self.tables.items():
            if source.table is not None:
                _no_password(source.table, f"obc.toml's [tables.{name}]")
        session = session or SparkSession.getActiveSession()  # a notebook's, or a test's
        self.spark = session or (
            SparkSession.builder.master(master).appName("obcrules")
            .config("spark.ui.enabled", "false")
            .config("spark.sql.ansi.enabled", "false")
            .config("spark.sql.session.timeZone", "UTC")
            .config("spark.sql.shuffle.partitions", "8")
            .getOrCreate())
        self._own_session = session is None
        self._paths: dict[str, str] = {}
        self._views: list[str] = []

    # ------------------------------------------------------------------ warehouse

    def find_tables(self, names: set[str]) -> dict[str, str]:
        """The declared tables with Parquet under ``--data`` (or where obc.toml says)."""
        found: dict[str, str] = {}
        for name in sorted(names):
            mapped = self.tables.get(name)
            candidates = ([mapped.table] if mapped and mapped.table else
                          [f"{self.location}/{name}.parquet", f"{self.location}/{name}"])
            for candidate in candidates:
                if self._readable(candidate):
                    self._paths[name] = candidate
                    found[name] = candidate
                    break
            else:
                if mapped is not None:
                    raise MonitoringError(f"obc.toml maps `{name}` to {mapped.table}, where "
                                          "Spark finds no Parquet")
        return found

    def table(self, name: str) -> Relation:
        """A temporary view over the table's Parquet, columns renamed as obc.toml says."""
        source = self.tables.get(name, TableSource(self._paths[name]))
        try:
            frame = self.spark.read.parquet(self._paths[name])
        except Exception as exc:  # AnalysisException: repeated columns, a corrupt footer
            raise MonitoringError(f"{self._paths[name]}: Spark cannot read it as Parquet "
                                  f"({_first_line(exc)})") from None
        repeated = repeated_column(str(n) for n, _ in frame.dtypes)
        if repeated is not None:
            raise MonitoringError(f"{self._paths[name]}: {repeated}")
        types = {str(n): str(t) for n, t in frame.dtypes}
        renamed = {warehouse: declared for declared, warehouse in source.columns.items()}
        for warehouse in renamed:
            if warehouse not in types:
                raise MonitoringError(f"{self._paths[name]}: has no column `{warehouse}` "
                                      f"(obc.toml maps {renamed[warehouse]} to it)")
        if source.row is not None and source.row not in types:
            raise MonitoringError(f"{self._paths[name]}: has no column `{source.row}` "
                                  f"(obc.toml names it as the row of {name})")
        kinds: dict[str, ColumnKind] = {}
        columns: list[Any] = []
        from pyspark.sql import functions as f

        for column_name, sql_type in types.items():
            if column_name == source.row:
                continue
            shown = renamed.get(column_name, column_name)
            kinds[shown] = column_kind(sql_type)
            columns.append(f.col(_quoted(column_name)).alias(shown))
        if source.row is not None:
            row = f.col(_quoted(source.row)).cast("bigint")
        else:  # the record's place in its Parquet file, as DuckDB numbers it
            row = f.col("_metadata.row_index") + f.lit(2)
        view = f"obc_src_{name}"
        frame.select(*columns, row.alias(ROW)).createOrReplaceTempView(view)
        self._views.append(view)
        return Relation(source=exp.to_table(view), row=exp.column(ROW, quoted=True),
                        columns=kinds)

    # ------------------------------------------------------------------ backend

    def register_arrow(self, name: str, table: Any) -> Relation:
        """Not used: the spark engine reads Parquet where it lies."""
        raise MonitoringError(f"the spark engine reads Parquet under {self.location}, not "
                              f"other files ({name}); convert them to Parquet")

    def scan_file(self, path: Path) -> Relation | None:
        """Files are found by `find_tables`, not scanned one by one."""
        return None

    def create_view(self, name: str, query: exp.Expr) -> None:
        """A temporary view."""
        self._sql(f"CREATE OR REPLACE TEMPORARY VIEW {_name(name)} AS {to_spark(query)}")
        self._views.append(name)

    def create_table(self, name: str, query: exp.Expr) -> None:
        """A temporary view whose result is computed once and cached."""
        self._sql(f"UNCACHE TABLE IF EXISTS {_name(name)}")
        self._sql(f"CACHE TABLE {_name(name)} AS {to_spark(query)}")
        self._views.append(name)

    def may_repeat(self, source: exp.Expr, key: list[exp.Expr], where: exp.Expr) -> bool:
        """The repeated-key screen (`repeated_hashes`) on ``XXHASH64``."""
        hashed = exp.Anonymous(this="XXHASH64", expressions=[k.copy() for k in key])
        return bool(self.fetch(repeated_hashes(hashed, source, where)))

    def fetch(self, query: exp.Expr) -> list[dict[str, Any]]:
        """Run ``query``; rows as dicts."""
        return [row.asDict() for row in self._sql(to_spark(query)).collect()]

    def close(self) -> None:
        """Drop the run's views (and stop the session if this backend started it)."""
        for view in reversed(self._views):
            self.spark.catalog.dropTempView(view)
        self._views.clear()
        if self._own_session:
            self.spark.stop()

    def _readable(self, path: str) -> bool:
        if "://" not in path or path.startswith("file://"):
            return Path(path.removeprefix("file://")).exists()
        try:
            self.spark.read.parquet(path).schema  # noqa: B018  # resolves the path only
        except Exception:  # AnalysisException: no such path (or no Parquet there)
            return False
        return True

    def _sql(self, sql: str) -> Any:
        try:
            return self.spark.sql(sql)
        except Exception as exc:  # pyspark's AnalysisException and friends
            raise MonitoringError(f"{self.location}: Spark could not run a query "
                                  f"({_first_line(exc)})") from exc


def _name(name: str) -> str:
    return exp.to_identifier(name, quoted=True).sql(dialect=DIALECT)


def _quoted(column: str) -> str:
    """A column name as Spark reads it in ``col()``: in backticks, its own doubled."""
    return "`" + column.replace("`", "``") + "`"


def _first_line(error: Exception) -> str:
    """The first line of Spark's message (the rest is a JVM stack), passwords masked."""
    text = str(error).strip()
    return redact(text.splitlines()[0] if text else repr(error))


def _no_password(where: str, named: str) -> None:
    """Refuse a location holding a password (or a PostgreSQL URL): Spark would write it
    in its own logs, beyond obc's reach."""
    url = split_url(where)
    if url is not None and url[0].lower() in ("postgresql://", "postgres://"):
        raise ConfigurationError(f"{named}: --engine spark reads Parquet (a folder, s3a://, "
                                 f"hdfs://, …), not {without_password(where)}; for a "
                                 "PostgreSQL database use --engine postgres")
    if passwords(where):
        raise ConfigurationError(f"{named}: {without_password(where)} holds a password, "
                                 "which Spark would write in its logs; give the storage's "
                                 "credentials in spark-defaults.conf or the environment "
                                 "instead (docs/engines.md)")
