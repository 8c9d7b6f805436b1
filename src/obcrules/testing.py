"""Helpers for testing obcrules plugins (and obcrules itself).

- `fresh_registry` builds a new plugin registry, optionally with extra plugins
  that are not installed (the plugin under test, or a deliberately broken one).
- `load_check_cases` and `run_check_case` run YAML lint-check cases:

  ```yaml
  rule: MH001                  # the default code for the cases below
  recovery_over_everyone:      # a case name (the pytest id)
    fail: |
      ruleset ...
    line: 12                   # where the diagnostic must point
    column: 31
  recovery_over_caseness:
    pass: |
      ruleset ...
  ```

  ``@pytest.mark.parametrize("case", load_check_cases(path), ids=str)``, or
  in one line ``test_checks = check_case_tests(path)``.
- `sql_results`/`python_results` run a function's SQL compiler on DuckDB and its
  Python reference over the same rows; `derived_sql_rows`/`derived_python_rows`
  do the same for a derived table. Tests assert the two agree.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import duckdb
import pyarrow as pa
import sqlglot.expressions as exp
import yaml

from obcrules.diagnostics import Diagnostic
from obcrules.model import PeriodUnit
from obcrules.plugins.arrow_schema import arrow_schema, arrow_type
from obcrules.plugins.catalog import vocabulary_for
from obcrules.plugins.declarations import (
    DerivedTableDecl,
    FunctionContext,
    FunctionDecl,
    SampleDataDecl,
    TableDecl,
)
from obcrules.plugins.manager import Registry, make_plugin_manager
from obcrules.plugins.sql import as_date, period_end_sql, period_start_sql

__all__ = [
    "CheckCase",
    "SqlContext",
    "check_case_tests",
    "derived_python_rows",
    "derived_sql_rows",
    "fresh_registry",
    "generate_checked_sample",
    "load_check_cases",
    "plugin_registry",
    "python_results",
    "run_check_case",
    "sql_results",
]


def fresh_registry(
    extra: Mapping[str, ModuleType | object] | None = None, *, entry_points: bool = True
) -> Registry:
    """A newly built registry: the installed plugins (unless ``entry_points`` is false)
    plus ``extra`` plugins registered under the given service names."""
    return make_plugin_manager(entry_points=entry_points, extra=extra)


def plugin_registry(service: str, module: ModuleType | object) -> Registry:
    """The installed plugins plus ``module`` as ``service``, unless it is installed already.

    A plugin's own tests use this so that they pass both before and after
    ``pip install -e .``.
    """
    installed = fresh_registry()
    if service in installed.plugins:
        return installed
    return fresh_registry(extra={service: module})


# --------------------------------------------------------------------------
# Sample data
# --------------------------------------------------------------------------


def generate_checked_sample(
    registry: Registry, service: str, rows: int = 400, seed: int = 1
) -> dict[str, Any]:
    """Run the service's sample-data generator and assert the contract; return its tables.

    Asserts: the declared tables and only those come back; ``people`` has
    ``rows`` rows; the same seed gives the same data and another seed other
    data; every column is a declared field of its declared Arrow type; values
    keep to declared ranges and categories; required fields are never missing;
    ``person_id`` is unique within provider and period.
    """
    decl = next(
        (
            d
            for _, d in registry.declared("register_sample_data", SampleDataDecl)
            if d.service == service
        ),
        None,
    )
    assert decl is not None, f"no sample data for service {service!r}"
    tables = decl.generate(rows, seed)
    assert sorted(tables) == sorted(decl.tables), f"tables {sorted(tables)} != {decl.tables}"
    if "people" in tables:
        assert tables["people"].num_rows == rows, f"people has {tables['people'].num_rows} rows"
    again = decl.generate(rows, seed)
    other = decl.generate(rows, seed + 1)
    vocabulary = vocabulary_for(registry, [service])
    for name, table in tables.items():
        assert table.equals(again[name]), f"{name}: the same seed gave other data"
        declared = vocabulary.table(name)
        assert declared is not None, f"{name} is not a declared table"
        _assert_conforms(name, table, declared)
    assert any(not t.equals(other[n]) for n, t in tables.items()), "another seed, same data"
    return tables


def _assert_conforms(name: str, table: Any, declared: TableDecl) -> None:
    import pyarrow.compute as pc

    for column in table.column_names:
        f = declared.field(column)
        assert f is not None, f"{name}.{column} is not a declared field"
        values = table[column]
        assert values.type == arrow_type(f), f"{name}.{column}: {values.type} is not {f.type}"
        if f.required:
            assert values.null_count == 0, f"{name}.{column} is required but has missing values"
        if f.values:
            allowed = pc.is_in(values, value_set=pa.array(f.values))
            outside = len(values) - values.null_count - pc.sum(allowed).as_py()
            assert outside == 0, f"{name}.{column}: {outside} values outside {f.values}"
        bounds = pc.min_max(values) if f.minimum is not None or f.maximum is not None else None
        if bounds is not None and values.null_count < len(values):
            low, high = bounds["min"].as_py(), bounds["max"].as_py()
            assert f.minimum is None or low >= f.minimum, f"{name}.{column}: {low} < {f.minimum}"
            assert f.maximum is None or high <= f.maximum, f"{name}.{column}: {high} > {f.maximum}"
    if declared.key is not None and declared.key in table.column_names:
        keys = ["provider", "period", declared.key]
        grouped = table.group_by(keys).aggregate([])
        assert grouped.num_rows == table.num_rows, f"{name}: {declared.key} repeats in a period"


# --------------------------------------------------------------------------
# YAML check cases
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class CheckCase:
    """One lint-check case: ruleset source that must pass, or fail at a place."""

    name: str
    rule: str
    source: str
    should_fail: bool
    line: int | None = None
    column: int | None = None
    file: str = ""

    def __str__(self) -> str:
        return f"{self.rule}-{self.name}"


def load_check_cases(path: str | Path) -> list[CheckCase]:
    """The cases of a YAML file (see the module docstring for its shape).

    Raises ValueError naming the case when one is malformed.
    """
    where = Path(path)
    document = yaml.safe_load(where.read_text(encoding="utf-8")) or {}
    if not isinstance(document, dict):
        raise ValueError(f"{where}: expected a mapping of case names to cases")
    default_rule = document.get("rule")
    cases: list[CheckCase] = []
    for name, body in document.items():
        if name == "rule":
            continue
        cases.append(_case(where, str(name), body, default_rule))
    return cases


def _case(where: Path, name: str, body: Any, default_rule: Any) -> CheckCase:
    if not isinstance(body, dict):
        raise ValueError(f"{where}: case {name!r} must be a mapping")
    rule = body.get("rule", default_rule)
    if not isinstance(rule, str):
        raise ValueError(f"{where}: case {name!r} names no rule")
    if ("pass" in body) == ("fail" in body):
        raise ValueError(f"{where}: case {name!r} needs exactly one of 'pass' and 'fail'")
    if "fail" in body:
        line, column = body.get("line"), body.get("column")
        if not isinstance(line, int) or not isinstance(column, int):
            raise ValueError(f"{where}: failing case {name!r} needs a line and a column")
        return CheckCase(name, rule, str(body["fail"]), True, line, column, str(where))
    return CheckCase(name, rule, str(body["pass"]), False, file=str(where))


def run_check_case(case: CheckCase, registry: Registry) -> list[Diagnostic]:
    """Check the case's source and assert the outcome; return the diagnostics.

    A ``pass`` case must raise no diagnostic of its rule (nor any error: the
    snippet must be a valid ruleset); a ``fail`` case must raise its rule at the
    expected line and column.
    """
    from obcrules.api import check_source

    diagnostics: list[Diagnostic] = list(
        check_source(case.source, file="<case>", registry=registry)
    )
    found = [d for d in diagnostics if d.code == case.rule]
    listing = "\n".join(f"  {d.line}:{d.column} {d.code} {d.message}" for d in diagnostics)
    if not case.should_fail:
        errors = [d for d in diagnostics if d.is_error]
        assert not found and not errors, f"{case}: expected no {case.rule}, got:\n{listing}"
        return diagnostics
    places = [(d.line, d.column) for d in found]
    assert (case.line, case.column) in places, (
        f"{case}: expected {case.rule} at {case.line}:{case.column}, got:\n{listing or '  nothing'}"
    )
    return diagnostics


def check_case_tests(
    path: str | Path, registry: Registry | None = None
) -> Callable[[CheckCase], None]:
    """A pytest test function parametrised over the cases of ``path``.

    ``test_checks = check_case_tests(Path(__file__).with_name("cases.yml"))`` in a
    test module runs each case against ``registry``, or one fresh registry of the
    installed plugins (built on first use).
    """
    import pytest

    registries: list[Registry] = [registry] if registry is not None else []

    @pytest.mark.parametrize("case", load_check_cases(path), ids=str)
    def test_check_case(case: CheckCase) -> None:
        if not registries:
            registries.append(fresh_registry())
        run_check_case(case, registries[0])

    return test_check_case


# --------------------------------------------------------------------------
# Functions and derived tables: SQL on DuckDB against the Python reference
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class SqlContext:
    """What a SQL compiler sees besides its arguments, for tests: the period as SQL dates.

    It satisfies `obcrules.plugins.sql_context.SqlContext` as the engine's context
    does: ``period_start_sql`` and ``period_end_sql`` are the engine's rules.
    """

    period_start: exp.Expression
    period_end: exp.Expression
    period_unit: PeriodUnit = "quarter"

    @classmethod
    def of(cls, ctx: FunctionContext, period_unit: PeriodUnit = "quarter") -> SqlContext:
        """The SQL twin of a `FunctionContext`: its period as date literals."""
        return cls(_date_literal(ctx.period_start), _date_literal(ctx.period_end), period_unit)

    @classmethod
    def per_row(cls, period_unit: PeriodUnit = "quarter", column: str = "period") -> SqlContext:
        """Each row's period, from its ``column`` text, as the engine gives derived tables."""
        period = exp.column(column, quoted=True)
        return cls(period_start_sql(period), period_end_sql(period), period_unit)

    def period_start_sql(self, period: exp.Expression) -> exp.Expression:
        """The first day of the period named by a text expression."""
        return period_start_sql(period)

    def period_end_sql(self, period: exp.Expression) -> exp.Expression:
        """The last day of the period named by a text expression."""
        return period_end_sql(period)


def _date_literal(value: dt.date) -> exp.Expression:
    return as_date(exp.Literal.string(value.isoformat()))


_ARG_TYPES: dict[str, Any] = {
    "integer": pa.int64(),
    "decimal": pa.float64(),
    "number": pa.float64(),
    "percent": pa.float64(),
    "boolean": pa.bool_(),
    "text": pa.string(),
    "date": pa.date32(),
}


def sql_results(
    decl: FunctionDecl,
    rows: Sequence[Sequence[Any]],
    ctx: FunctionContext,
    literals: Mapping[str, Any] | None = None,
) -> list[Any]:
    """Run ``decl.compile_sql`` on DuckDB over ``rows`` (values of the non-literal
    parameters, in order; None is missing); ``literals`` gives the literal ones."""
    if decl.compile_sql is None:
        raise ValueError(f"function {decl.name!r} has no SQL compiler")
    literals = dict(literals or {})
    columns = [p for p in decl.params if not p.literal]
    data: dict[str, Any] = {"_row": pa.array(range(len(rows)), pa.int64())}
    for index, param in enumerate(columns):
        values = [row[index] for row in rows]
        data[param.name] = pa.array(values, _ARG_TYPES.get(param.type))
    args = [literals[p.name] if p.literal else exp.column(p.name) for p in decl.params]
    compiled = decl.compile_sql(args, SqlContext.of(ctx))
    query = exp.select(exp.alias_(compiled, "result")).from_("args").order_by("_row")
    con = duckdb.connect()
    try:
        con.register("args", pa.table(data))
        return [r[0] for r in con.execute(query.sql(dialect="duckdb")).fetchall()]
    finally:
        con.close()


def python_results(
    decl: FunctionDecl,
    rows: Sequence[Sequence[Any]],
    ctx: FunctionContext,
    literals: Mapping[str, Any] | None = None,
) -> list[Any]:
    """Run ``decl.python`` over the same rows and literals as `sql_results`."""
    literals = dict(literals or {})
    results = []
    for row in rows:
        values = iter(row)
        args = [literals[p.name] if p.literal else next(values) for p in decl.params]
        results.append(decl.python(*args, ctx))
    return results


def derived_sql_rows(
    decl: DerivedTableDecl,
    inputs: Mapping[str, list[dict[str, Any]]],
    tables: Mapping[str, TableDecl],
    ctx: SqlContext | None = None,
) -> list[dict[str, Any]]:
    """Run ``decl.build_sql`` on DuckDB over input rows typed by their table declarations.

    ``ctx`` defaults to each row's period (`SqlContext.per_row`), as in a monitoring
    run. Rows come back as dicts ordered by provider, period and person_id.
    """
    con = duckdb.connect()
    try:
        for name in decl.inputs:
            schema = arrow_schema(tables[name])
            rows = inputs.get(name, [])
            columns = {f.name: [row.get(f.name) for row in rows] for f in schema}
            con.register(name, pa.table(columns, schema=schema))
        inputs_sql = {name: exp.to_table(name) for name in decl.inputs}
        query = decl.build_sql(inputs_sql, ctx or SqlContext.per_row())
        result = con.execute(query.sql(dialect="duckdb"))
        names = [d[0] for d in result.description]
        out = [dict(zip(names, row, strict=True)) for row in result.fetchall()]
    finally:
        con.close()
    return sorted(out, key=_row_key)


def derived_python_rows(
    decl: DerivedTableDecl, inputs: Mapping[str, list[dict[str, Any]]], ctx: Any = None
) -> list[dict[str, Any]]:
    """Run the derived table's Python reference; rows ordered like `derived_sql_rows`."""
    if decl.python is None:
        raise ValueError(f"derived table {decl.table.name!r} has no Python reference")
    return sorted(decl.python({k: list(v) for k, v in inputs.items()}, ctx), key=_row_key)


def _row_key(row: Mapping[str, Any]) -> tuple[str, str, str]:
    return (str(row.get("provider")), str(row.get("period")), str(row.get("person_id")))
