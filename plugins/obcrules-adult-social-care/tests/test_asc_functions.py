"""meaningful_change: boundaries in Python, and SQL on DuckDB agreeing with it."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from obcrules_adult_social_care.functions import FUNCTIONS, meaningful_change

from obcrules.plugins.declarations import FunctionContext
from obcrules.testing import python_results, sql_results

CTX = FunctionContext(dt.date(2026, 1, 1), dt.date(2026, 3, 31))
DECL = FUNCTIONS[0]


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (40, 43, True),  # a rise of exactly 3
        (40, 42, False),  # a rise of 2
        (43, 40, False),  # a fall
        (14, 70, True),
        (None, 50, None),
        (50, None, None),
    ],
)
def test_meaningful_change(start: int | None, end: int | None, expected: bool | None) -> None:
    assert meaningful_change(start, end, CTX) is expected


def test_sql_gives_the_same_answers() -> None:
    rows = [(40, 43), (40, 42), (43, 40), (None, 50), (50, None)]
    assert sql_results(DECL, rows, CTX) == [True, False, False, None, None]
    assert python_results(DECL, rows, CTX) == [True, False, False, None, None]


scores = st.one_of(st.none(), st.integers(14, 70))


@settings(max_examples=40, deadline=None)
@given(rows=st.lists(st.tuples(scores, scores), min_size=1, max_size=50))
def test_sql_matches_python(rows: list[tuple[int | None, int | None]]) -> None:
    assert sql_results(DECL, rows, CTX) == python_results(DECL, rows, CTX)
