"""sustained and tenancy_failed: calendar boundaries, and SQL on DuckDB agreeing with Python."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from obcrules_housing.functions import FUNCTIONS, sustained, tenancy_failed

from obcrules.plugins.declarations import Duration, FunctionContext, FunctionDecl
from obcrules.testing import python_results, sql_results

D = dt.date
Q2 = FunctionContext(D(2026, 4, 1), D(2026, 6, 30))
Q3 = FunctionContext(D(2026, 7, 1), D(2026, 9, 30))
SIX = Duration(6, "month")
ONE = Duration(1, "month")
BY_NAME: dict[str, FunctionDecl] = {f.name: f for f in FUNCTIONS}


@pytest.mark.parametrize(
    ("start", "end", "duration", "ctx", "expected"),
    [
        (D(2026, 1, 15), None, SIX, Q3, True),  # still running, 6 months reached 2026-07-15
        (D(2026, 1, 15), None, SIX, Q2, False),  # 2026-07-15 is after the Q2 period end
        (D(2026, 1, 15), D(2026, 7, 15), SIX, Q3, True),  # ends the day 6 months are reached
        (D(2026, 1, 15), D(2026, 7, 14), SIX, Q3, False),  # one day short
        (D(2026, 1, 31), D(2026, 2, 28), ONE, Q2, True),  # 31 Jan + 1 month = 28 Feb
        (D(2026, 1, 31), D(2026, 2, 27), ONE, Q2, False),
        (D(2025, 12, 31), None, SIX, Q2, True),  # 31 Dec + 6 months = 30 Jun = period end
        (D(2026, 1, 1), None, Duration(26, "week"), Q3, True),
        (None, None, SIX, Q3, None),
    ],
)
def test_sustained(
    start: dt.date | None,
    end: dt.date | None,
    duration: Duration,
    ctx: FunctionContext,
    expected: bool | None,
) -> None:
    assert sustained(start, end, duration, ctx) is expected


@pytest.mark.parametrize(
    ("start", "end", "ctx", "expected"),
    [
        (D(2026, 1, 15), D(2026, 7, 14), Q3, True),  # ended a day before reaching 6 months
        (D(2026, 1, 15), D(2026, 7, 15), Q3, False),  # ended the day it reached 6 months
        (D(2026, 1, 15), None, Q3, False),  # still running
        (D(2026, 1, 15), D(2026, 7, 1), Q2, False),  # ends after this period's end
        (None, D(2026, 3, 1), Q3, None),
    ],
)
def test_tenancy_failed(
    start: dt.date | None, end: dt.date | None, ctx: FunctionContext, expected: bool | None
) -> None:
    assert tenancy_failed(start, end, SIX, ctx) is expected


BOUNDARIES = [
    (D(2026, 1, 15), None),
    (D(2026, 1, 15), D(2026, 7, 15)),
    (D(2026, 1, 15), D(2026, 7, 14)),
    (D(2026, 1, 31), D(2026, 2, 28)),
    (D(2025, 12, 31), None),
    (D(2024, 2, 29), D(2024, 8, 29)),
    (None, None),
    (None, D(2026, 1, 1)),
]


@pytest.mark.parametrize("name", ["sustained", "tenancy_failed"])
@pytest.mark.parametrize("duration", [SIX, ONE, Duration(1, "year"), Duration(26, "week")])
@pytest.mark.parametrize("ctx", [Q2, Q3])
def test_sql_agrees_on_boundaries(name: str, duration: Duration, ctx: FunctionContext) -> None:
    decl = BY_NAME[name]
    literals = {"duration": duration}
    expected = python_results(decl, BOUNDARIES, ctx, literals)
    assert sql_results(decl, BOUNDARIES, ctx, literals) == expected


def test_sql_gives_real_answers() -> None:
    got = sql_results(BY_NAME["sustained"], BOUNDARIES, Q3, {"duration": SIX})
    assert got == [True, True, False, False, True, True, None, None]


dates = st.one_of(st.none(), st.dates(D(2024, 1, 1), D(2027, 12, 31)))
durations = st.builds(
    Duration, st.integers(0, 30), st.sampled_from(["day", "week", "month", "year"])
)
periods = st.sampled_from([Q2, Q3, FunctionContext(D(2024, 1, 1), D(2024, 2, 29))])


@settings(max_examples=40, deadline=None)
@given(
    rows=st.lists(st.tuples(dates, dates), min_size=1, max_size=30),
    duration=durations,
    ctx=periods,
)
def test_sql_matches_python(
    rows: list[tuple[dt.date | None, dt.date | None]], duration: Duration, ctx: FunctionContext
) -> None:
    for decl in FUNCTIONS:
        literals = {"duration": duration}
        assert sql_results(decl, rows, ctx, literals) == python_results(decl, rows, ctx, literals)
