"""reoffending_known: the 12-month follow-up and 6-month wait to the day (MoJ), and its SQL."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from obcrules_justice.functions import FUNCTIONS, proven_reoffence, reoffending_known

from obcrules.plugins.declarations import FunctionContext
from obcrules.testing import python_results, sql_results

D = dt.date
Q4 = FunctionContext(D(2025, 10, 1), D(2025, 12, 31))
DECL = FUNCTIONS[0]


@pytest.mark.parametrize(
    ("index", "expected"),
    [
        (D(2024, 7, 1), True),  # follow-up to 2025-06-30, wait to 2025-12-31: known
        (D(2024, 7, 2), False),  # the wait ends 2026-01-01, after the period
        (D(2024, 6, 30), True),
        (None, None),
    ],
)
def test_reoffending_known(index: dt.date | None, expected: bool | None) -> None:
    assert reoffending_known(index, Q4) is expected


def test_month_ends_clamp() -> None:
    # 2024-08-31 + 18 months = 2026-02-28: known at the end of February 2026.
    february = FunctionContext(D(2026, 2, 1), D(2026, 2, 28))
    assert reoffending_known(D(2024, 8, 31), february) is True
    assert proven_reoffence(D(2024, 8, 31), D(2025, 8, 30), D(2026, 2, 27), "caution")
    assert not proven_reoffence(D(2024, 8, 31), D(2025, 8, 31), D(2026, 2, 27), "caution")
    assert not proven_reoffence(D(2024, 8, 31), D(2025, 8, 30), D(2026, 2, 28), "caution")


def test_sql_agrees_at_the_boundaries() -> None:
    rows = [(D(2024, 7, 1),), (D(2024, 7, 2),), (None,)]
    assert sql_results(DECL, rows, Q4) == [True, False, None]


periods = st.sampled_from([Q4, FunctionContext(D(2024, 2, 1), D(2024, 2, 29))])


@settings(max_examples=40, deadline=None)
@given(rows=st.lists(st.tuples(st.one_of(st.none(), st.dates(D(2021, 1, 1), D(2026, 12, 31)))),
                     min_size=1, max_size=30), ctx=periods)
def test_sql_matches_python(rows: list[tuple[dt.date | None]], ctx: FunctionContext) -> None:
    assert sql_results(DECL, rows, ctx) == python_results(DECL, rows, ctx)
