"""The children's services functions at the boundaries their sources state, and SQL on
DuckDB agreeing with Python.

SSDA903 / Outcomes for children looked after (DfE): the SDQ is returned for children
aged 4 to 16 looked after continuously for 12 months or more at the period end (the OC2
cohort), and read in bands 0-13 normal, 14-16 borderline, 17+ cause for concern.
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from obcrules_childrens_services.functions import (
    FUNCTIONS,
    looked_after_12_months,
    sdq_band,
    sdq_eligible,
    sdq_improved,
)

from obcrules.plugins.declarations import FunctionContext, FunctionDecl
from obcrules.testing import python_results, sql_results

D = dt.date
CTX = FunctionContext(D(2026, 1, 1), D(2026, 3, 31))
BY_NAME: dict[str, FunctionDecl] = {f.name: f for f in FUNCTIONS}


@pytest.mark.parametrize(
    ("score", "band"),
    [
        (0, "normal"),
        (13, "normal"),  # the top of the normal band
        (14, "borderline"),  # the bottom of borderline
        (16, "borderline"),
        (17, "cause_for_concern"),  # 17 and over: a cause for concern
        (40, "cause_for_concern"),
        (None, None),
    ],
)
def test_sdq_bands(score: int | None, band: str | None) -> None:
    assert sdq_band(score, CTX) == band


@pytest.mark.parametrize(
    ("since", "expected"),
    [
        (D(2025, 3, 31), True),  # looked after exactly 12 months at 2026-03-31
        (D(2025, 4, 1), False),  # a day short
        (None, None),
    ],
)
def test_the_12_month_cohort(since: dt.date | None, expected: bool | None) -> None:
    assert looked_after_12_months(since, CTX) is expected


@pytest.mark.parametrize(
    ("age", "since", "expected"),
    [
        (4, D(2024, 1, 1), True),  # the youngest age returned
        (3, D(2024, 1, 1), False),
        (16, D(2024, 1, 1), True),  # the oldest age returned
        (17, D(2024, 1, 1), False),
        (10, D(2025, 3, 31), True),  # in care exactly 12 months
        (10, D(2025, 4, 1), False),
        (None, D(2024, 1, 1), None),
        (10, None, None),
    ],
)
def test_sdq_eligibility(age: int | None, since: dt.date | None, expected: bool | None) -> None:
    assert sdq_eligible(age, since, CTX) is expected


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


BOUNDARY_ROWS = {
    "sdq_band": [(13,), (14,), (16,), (17,), (0,), (40,), (None,)],
    "looked_after_12_months": [(D(2025, 3, 31),), (D(2025, 4, 1),), (None,)],
    "sdq_eligible": [(4, D(2024, 1, 1)), (3, D(2024, 1, 1)), (16, D(2024, 1, 1)),
                     (17, D(2024, 1, 1)), (10, D(2025, 4, 1)), (None, D(2024, 1, 1)),
                     (10, None)],
}


@pytest.mark.parametrize("name", sorted(BOUNDARY_ROWS))
def test_sql_agrees_at_the_boundaries(name: str) -> None:
    decl, rows = BY_NAME[name], BOUNDARY_ROWS[name]
    assert sql_results(decl, rows, CTX) == python_results(decl, rows, CTX)


def test_sql_gives_real_answers() -> None:
    rows = BOUNDARY_ROWS["sdq_band"]
    assert sql_results(BY_NAME["sdq_band"], rows, CTX) == [
        "normal", "borderline", "borderline", "cause_for_concern", "normal",
        "cause_for_concern", None]
    improved = [(20, 17), (20, 18), (20, 25), (None, 10)]
    assert sql_results(BY_NAME["sdq_improved"], improved, CTX, {"n": 3}) == [
        True, False, False, None]


scores = st.one_of(st.none(), st.integers(0, 40))
dates = st.one_of(st.none(), st.dates(D(2023, 1, 1), D(2027, 1, 1)))
periods = st.sampled_from([CTX, FunctionContext(D(2024, 2, 1), D(2024, 2, 29))])


@settings(max_examples=40, deadline=None)
@given(rows=st.lists(st.tuples(scores, scores), min_size=1, max_size=50), n=st.integers(0, 10))
def test_sdq_improved_sql_matches_python(rows: list[tuple[int | None, int | None]],
                                         n: int) -> None:
    decl = BY_NAME["sdq_improved"]
    assert sql_results(decl, rows, CTX, {"n": n}) == python_results(decl, rows, CTX, {"n": n})


@settings(max_examples=40, deadline=None)
@given(rows=st.lists(st.tuples(st.one_of(st.none(), st.integers(0, 20)), dates, scores),
                     min_size=1, max_size=40), ctx=periods)
def test_sql_matches_python(rows: list[tuple[int | None, dt.date | None, int | None]],
                            ctx: FunctionContext) -> None:
    cases = {
        "sdq_band": [(score,) for _, _, score in rows],
        "looked_after_12_months": [(since,) for _, since, _ in rows],
        "sdq_eligible": [(age, since) for age, since, _ in rows],
    }
    for name, args in cases.items():
        decl = BY_NAME[name]
        assert sql_results(decl, args, ctx) == python_results(decl, args, ctx)
