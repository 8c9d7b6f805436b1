"""Calendar and period arithmetic (`obcrules.plugins.dates`) and its SQL twins in
`obcrules.plugins.sql`: Python and the sqlglot SQL agree on DuckDB."""

from __future__ import annotations

import datetime as dt

import duckdb
import pytest
import sqlglot.expressions as exp
from hypothesis import given, settings
from hypothesis import strategies as st

from obcrules.plugins.dates import add_duration, add_months, period_bounds, whole_months
from obcrules.plugins.declarations import Duration
from obcrules.plugins.sql import (
    as_date,
    date_plus,
    period_end_sql,
    period_start_sql,
    whole_months_sql,
)

D = dt.date


def sql_value(expression: exp.Expression) -> object:
    return duckdb.sql(exp.select(expression).sql(dialect="duckdb")).fetchall()[0][0]


def date_sql(value: dt.date) -> exp.Expression:
    return as_date(exp.Literal.string(value.isoformat()))


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (D(2026, 1, 15), 6, D(2026, 7, 15)),
        (D(2026, 1, 31), 1, D(2026, 2, 28)),  # from the 31st, the month's last day
        (D(2024, 1, 31), 1, D(2024, 2, 29)),
        (D(2026, 8, 31), -6, D(2026, 2, 28)),
        (D(2025, 12, 31), 6, D(2026, 6, 30)),
    ],
)
def test_add_months(start: dt.date, months: int, expected: dt.date) -> None:
    assert add_months(start, months) == expected
    assert sql_value(date_plus(date_sql(start), Duration(months, "month"))) == expected


@pytest.mark.parametrize(
    ("period", "bounds"),
    [
        ("2026-Q1", (D(2026, 1, 1), D(2026, 3, 31))),
        ("2025-Q4", (D(2025, 10, 1), D(2025, 12, 31))),
        ("2024-02", (D(2024, 2, 1), D(2024, 2, 29))),
        ("2026", (D(2026, 1, 1), D(2026, 12, 31))),
    ],
)
def test_period_bounds_in_python_and_sql(period: str, bounds: tuple[dt.date, dt.date]) -> None:
    assert period_bounds(period) == bounds
    text = exp.Literal.string(period)
    assert (sql_value(period_start_sql(text)), sql_value(period_end_sql(text))) == bounds


def test_a_period_that_is_not_one_is_refused() -> None:
    with pytest.raises(ValueError, match=r"not a period: '2026-3'"):
        period_bounds("2026-3")


dates = st.dates(D(2020, 1, 1), D(2030, 12, 31))
periods = st.one_of(
    st.builds(lambda y, q: f"{y}-Q{q}", st.integers(2000, 2099), st.integers(1, 4)),
    st.builds(lambda y, m: f"{y}-{m:02d}", st.integers(2000, 2099), st.integers(1, 12)),
    st.builds(str, st.integers(2000, 2099)),
)


@settings(max_examples=60, deadline=None)
@given(start=dates, end=dates, n=st.integers(0, 40), unit=st.sampled_from(["day", "month", "year"]))
def test_sql_calendar_matches_python(start: dt.date, end: dt.date, n: int, unit: str) -> None:
    duration = Duration(n, unit)  # type: ignore[arg-type]
    assert sql_value(date_plus(date_sql(start), duration)) == add_duration(start, duration)
    assert sql_value(whole_months_sql(date_sql(start), date_sql(end))) == whole_months(start, end)


@settings(max_examples=60, deadline=None)
@given(period=periods)
def test_sql_period_bounds_match_python(period: str) -> None:
    text = exp.Literal.string(period)
    assert (sql_value(period_start_sql(text)), sql_value(period_end_sql(text))) == period_bounds(
        period
    )
