"""Conditions and expressions compiled to SQL (`obcrules.engine.expressions`).

Plugin functions: the SQL the engine runs agrees with the Python reference on
random data. Each function compiles with the engine's own row context (the
period's start and end computed in SQL from each row's ``period`` text), so this
checks the plugins' compilers and the engine's plumbing together. Percent
fields and ``days from`` compare as a ruleset reads them.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import duckdb
import pyarrow as pa
import pytest
import sqlglot.expressions as exp
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from obcrules.api import default_registry
from obcrules.engine.expressions import RowContext, column
from obcrules.plugins.dates import period_bounds
from obcrules.plugins.declarations import Duration, FunctionContext, FunctionDecl
from obcrules.plugins.manager import Registry
from tests.engine import monitor_plugin
from tests.engine.conftest import Run, results

QUARTERS = [f"{y}-Q{q}" for y in (2025, 2026) for q in (1, 2, 3, 4)]
DATES = st.none() | st.dates(dt.date(2024, 1, 1), dt.date(2027, 12, 31))
ARROW = {"integer": pa.int64(), "date": pa.date32(), "boolean": pa.bool_(),
         "decimal": pa.float64(), "number": pa.float64(), "text": pa.string()}


def _functions() -> list[FunctionDecl]:
    registry: Registry = default_registry()
    found = [f for _, f in registry.declared("register_functions", FunctionDecl)
             if f.compile_sql is not None]
    plugin = [monitor_plugin.register_functions()]
    return found + [f for group in plugin for f in group]


def _value(param_type: str) -> st.SearchStrategy[Any]:
    if param_type == "date":
        return DATES
    if param_type == "boolean":
        return st.none() | st.booleans()
    return st.none() | st.integers(-2, 45)


def _literal(param_type: str) -> st.SearchStrategy[Any]:
    if param_type == "duration":
        return st.builds(Duration, st.integers(1, 24),
                         st.sampled_from(["day", "week", "month", "year"]))
    return st.integers(1, 10)


@pytest.mark.parametrize("decl", _functions(), ids=lambda d: d.name)
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_sql_agrees_with_python(decl: FunctionDecl, data: st.DataObject) -> None:
    literals = {p.name: data.draw(_literal(p.type)) for p in decl.params if p.literal}
    columns = [p for p in decl.params if not p.literal]
    rows = data.draw(st.lists(st.tuples(st.sampled_from(QUARTERS),
                                        *[_value(p.type) for p in columns]),
                              min_size=1, max_size=30))
    table = {"period": pa.array([r[0] for r in rows], pa.string())}
    for index, p in enumerate(columns, start=1):
        table[p.name] = pa.array([r[index] for r in rows], ARROW.get(p.type, pa.int64()))
    table["_row"] = pa.array(range(len(rows)), pa.int64())
    args = [literals[p.name] if p.literal else column(p.name) for p in decl.params]
    assert decl.compile_sql is not None
    compiled = decl.compile_sql(args, RowContext("quarter"))
    query = exp.select(exp.alias_(compiled, "result")).from_("args").order_by("_row")
    con = duckdb.connect()
    try:
        con.register("args", pa.table(table))
        got = [r[0] for r in con.execute(query.sql(dialect="duckdb")).fetchall()]
    finally:
        con.close()
    for row, result in zip(rows, got, strict=True):
        values = iter(row[1:])
        call = [literals[p.name] if p.literal else next(values) for p in decl.params]
        expected = decl.python(*call, FunctionContext(*period_bounds(row[0])))
        assert result == expected, f"{decl.name}{tuple(call)} in {row[0]}"


def test_percent_field_compares_with_percentages(run: Run) -> None:
    source = '''
outcome attending "Attending":
    measure share of people where attendance >= 90%
    target at least 50%
'''
    rows = [{"person_id": str(i), "provider": "P", "period": "2026-Q1", "code": "x",
             "attendance": a} for i, a in enumerate([89, 90, 100, 50])]
    entry = results(run(source, people=rows), "attending")[("P", "2026-Q1")]
    assert (entry["numerator"], entry["denominator"]) == (2, 4)
    assert entry["target"] == "at least 50%"
    assert entry["status"] == "met"


def test_days_from_and_dates(run: Run) -> None:
    source = '''
outcome quick "Started within 30 days of the period start":
    measure share of people where days from period_start to start_date <= 30
    target at least 50%
'''
    rows = [{"person_id": str(i), "provider": "P", "period": "2026-Q2", "code": "x",
             "start_date": d} for i, d in enumerate(
                 [dt.date(2026, 4, 1), dt.date(2026, 5, 1), dt.date(2026, 5, 2), None])]
    entry = results(run(source, people=rows), "quick")[("P", "2026-Q2")]
    assert (entry["numerator"], entry["denominator"]) == (2, 4)
