"""job_outcome_due at the boundary the Work Programme's job outcomes imply, and its SQL."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from obcrules_employment.functions import FUNCTIONS, job_outcome_due

from obcrules.plugins.declarations import Duration, FunctionContext
from obcrules.testing import python_results, sql_results

D = dt.date
Q1 = FunctionContext(D(2026, 1, 1), D(2026, 3, 31))
DECL = FUNCTIONS[0]
THIRTEEN = Duration(13, "week")


@pytest.mark.parametrize(
    ("start", "duration", "expected"),
    [
        (D(2025, 12, 31), THIRTEEN, True),  # 91 days to 31 March, both ends included
        (D(2026, 1, 1), THIRTEEN, False),  # 90 days: a 13-week outcome is not yet due
        (D(2025, 10, 1), Duration(26, "week"), True),  # 182 days
        (D(2025, 10, 2), Duration(26, "week"), False),
        (None, THIRTEEN, None),
    ],
)
def test_job_outcome_due(start: dt.date | None, duration: Duration,
                         expected: bool | None) -> None:
    assert job_outcome_due(start, duration, Q1) is expected


def test_sql_agrees_at_the_boundaries() -> None:
    rows = [(D(2025, 12, 31),), (D(2026, 1, 1),), (None,)]
    assert sql_results(DECL, rows, Q1, {"duration": THIRTEEN}) == [True, False, None]


durations = st.builds(Duration, st.integers(0, 60), st.sampled_from(["day", "week", "month"]))
periods = st.sampled_from([Q1, FunctionContext(D(2024, 2, 1), D(2024, 2, 29))])


@settings(max_examples=40, deadline=None)
@given(rows=st.lists(st.tuples(st.one_of(st.none(), st.dates(D(2023, 1, 1), D(2027, 1, 1)))),
                     min_size=1, max_size=30), duration=durations, ctx=periods)
def test_sql_matches_python(rows: list[tuple[dt.date | None]], duration: Duration,
                            ctx: FunctionContext) -> None:
    literals = {"duration": duration}
    assert sql_results(DECL, rows, ctx, literals) == python_results(DECL, rows, ctx, literals)
