"""sdq_improved: boundaries in Python, and SQL on DuckDB agreeing with it."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from obcrules_childrens_services.functions import FUNCTIONS, sdq_improved

from obcrules.plugins.declarations import FunctionContext
from obcrules.testing import python_results, sql_results

CTX = FunctionContext(dt.date(2026, 1, 1), dt.date(2026, 3, 31))
DECL = FUNCTIONS[0]


@pytest.mark.parametrize(
    ("start", "end", "n", "expected"),
    [
        (20, 17, 3, True),  # falls by exactly N
        (20, 18, 3, False),
        (20, 25, 3, False),  # rises
        (20, 20, 0, True),
        (None, 10, 3, None),
        (20, None, 3, None),
    ],
)
def test_sdq_improved(start: int | None, end: int | None, n: int, expected: bool | None) -> None:
    assert sdq_improved(start, end, n, CTX) is expected


def test_sql_gives_the_same_answers() -> None:
    rows = [(20, 17), (20, 18), (20, 25), (None, 10)]
    assert sql_results(DECL, rows, CTX, {"n": 3}) == [True, False, False, None]
    assert sql_results(DECL, rows, CTX, {"n": 2}) == [True, True, False, None]


scores = st.one_of(st.none(), st.integers(0, 40))


@settings(max_examples=40, deadline=None)
@given(rows=st.lists(st.tuples(scores, scores), min_size=1, max_size=50), n=st.integers(0, 10))
def test_sql_matches_python(rows: list[tuple[int | None, int | None]], n: int) -> None:
    literals = {"n": n}
    assert sql_results(DECL, rows, CTX, literals) == python_results(DECL, rows, CTX, literals)
