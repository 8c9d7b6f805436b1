"""The mental health functions: boundaries in Python, and SQL on DuckDB agreeing with it."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from obcrules_mental_health.functions import (
    FUNCTIONS,
    caseness,
    days_waiting,
    finished_treatment,
    recovered,
    reliable_improvement,
    reliable_recovery,
)

from obcrules.plugins.declarations import FunctionContext, FunctionDecl
from obcrules.testing import python_results, sql_results

CTX = FunctionContext(dt.date(2026, 1, 1), dt.date(2026, 3, 31))
BY_NAME: dict[str, FunctionDecl] = {f.name: f for f in FUNCTIONS}


@pytest.mark.parametrize(
    ("phq9", "gad7", "expected"),
    [
        (10, 0, True),  # PHQ-9 exactly 10 is caseness
        (9, 7, False),  # both just below
        (0, 8, True),  # GAD-7 exactly 8 is caseness
        (27, 21, True),
        (None, 12, None),  # missing makes missing, even though GAD-7 alone would decide
        (12, None, None),
    ],
)
def test_caseness_boundaries(phq9: int | None, gad7: int | None, expected: bool | None) -> None:
    assert caseness(phq9, gad7, CTX) is expected


@pytest.mark.parametrize(
    ("scores", "expected"),
    [
        ((10, 0, 9, 0), True),  # from exactly caseness to just below
        ((10, 0, 10, 0), False),  # still at caseness
        ((9, 7, 0, 0), False),  # never at caseness: cannot recover
        ((0, 8, 0, 7), True),
        ((15, 12, 5, 8), False),  # PHQ-9 recovered but GAD-7 still at caseness
        ((15, 12, None, 3), None),
    ],
)
def test_recovered(scores: tuple[int | None, ...], expected: bool | None) -> None:
    assert recovered(*scores, CTX) is expected


@pytest.mark.parametrize(
    ("scores", "expected"),
    [
        ((16, 10, 10, 10), True),  # PHQ-9 falls by exactly 6
        ((16, 10, 11, 10), False),  # falls by 5
        ((5, 12, 5, 8), True),  # GAD-7 falls by exactly 4
        ((16, 5, 10, 9), False),  # PHQ-9 improves but GAD-7 rises by 4
        ((16, 5, 10, 8), True),  # GAD-7 rises by 3 only
        ((16, 5, None, 8), None),
    ],
)
def test_reliable_improvement(scores: tuple[int | None, ...], expected: bool | None) -> None:
    assert reliable_improvement(*scores, CTX) is expected


@pytest.mark.parametrize(
    ("scores", "expected"),
    [
        ((16, 10, 9, 7), True),  # recovered, and PHQ-9 fell by 7
        ((10, 8, 9, 7), False),  # recovered, but no score fell by its reliable change
        ((16, 12, 10, 5), False),  # reliably improved, still at caseness
        ((16, 12, None, 5), None),
    ],
)
def test_reliable_recovery_is_recovery_with_reliable_improvement(
    scores: tuple[int | None, ...], expected: bool | None
) -> None:
    assert reliable_recovery(*scores, CTX) is expected


@pytest.mark.parametrize(
    ("sessions", "discharged", "expected"),
    [
        (2, dt.date(2026, 2, 1), True),  # two treatment sessions and ended: a finished course
        (1, dt.date(2026, 2, 1), False),  # one session is not a course of treatment
        (2, None, False),  # still open
        (2, dt.date(2026, 1, 1), True),  # ended on the first day of the period
        (2, dt.date(2025, 12, 31), False),  # ended the day before: in the last period
        (2, dt.date(2026, 3, 31), True),  # ended on the last day of the period
        (2, dt.date(2026, 4, 1), False),
        (None, dt.date(2026, 2, 1), None),  # ended in the period, sessions unknown
        (None, None, False),
    ],
)
def test_finished_treatment(sessions: int | None, discharged: dt.date | None,
                            expected: bool | None) -> None:
    assert finished_treatment(sessions, discharged, CTX) is expected


def test_days_waiting() -> None:
    assert days_waiting(dt.date(2026, 1, 30), dt.date(2026, 3, 2), CTX) == 31
    assert days_waiting(dt.date(2026, 1, 30), dt.date(2026, 1, 30), CTX) == 0
    assert days_waiting(dt.date(2026, 1, 30), None, CTX) is None


BOUNDARY_ROWS = {
    "caseness": [(10, 0), (9, 7), (0, 8), (None, 12), (12, None), (None, None)],
    "recovered": [(10, 0, 9, 0), (10, 0, 10, 0), (9, 7, 0, 0), (0, 8, 0, 7), (15, 12, None, 3)],
    "reliable_improvement": [(16, 10, 10, 10), (16, 10, 11, 10), (5, 12, 5, 8), (16, 5, 10, 9)],
    "reliable_recovery": [(16, 10, 9, 7), (10, 8, 9, 7), (16, 12, 10, 5), (16, 12, None, 5)],
    "finished_treatment": [(2, dt.date(2026, 2, 1)), (1, dt.date(2026, 2, 1)), (2, None),
                           (2, dt.date(2026, 1, 1)), (2, dt.date(2025, 12, 31)),
                           (2, dt.date(2026, 3, 31)), (2, dt.date(2026, 4, 1)),
                           (None, dt.date(2026, 2, 1)), (None, None)],
    "days_waiting": [
        (dt.date(2026, 1, 30), dt.date(2026, 3, 2)),
        (dt.date(2024, 2, 28), dt.date(2024, 3, 1)),
        (None, dt.date(2026, 1, 1)),
    ],
}


@pytest.mark.parametrize("name", sorted(BOUNDARY_ROWS))
def test_sql_agrees_with_python_on_boundaries(name: str) -> None:
    decl = BY_NAME[name]
    rows = BOUNDARY_ROWS[name]
    assert sql_results(decl, rows, CTX) == python_results(decl, rows, CTX)


def test_sql_returns_real_values() -> None:
    rows = BOUNDARY_ROWS["caseness"]
    assert sql_results(BY_NAME["caseness"], rows, CTX) == [True, False, True, None, None, None]


phq9 = st.one_of(st.none(), st.integers(0, 27))
gad7 = st.one_of(st.none(), st.integers(0, 21))
four_scores = st.tuples(phq9, gad7, phq9, gad7)
dates = st.one_of(st.none(), st.dates(dt.date(2020, 1, 1), dt.date(2030, 12, 31)))


@settings(max_examples=30, deadline=None)
@given(rows=st.lists(four_scores, min_size=1, max_size=40))
def test_score_functions_sql_match_python(rows: list[tuple[int | None, ...]]) -> None:
    for name in ("recovered", "reliable_improvement", "reliable_recovery"):
        decl = BY_NAME[name]
        assert sql_results(decl, rows, CTX) == python_results(decl, rows, CTX)
    pairs = [r[:2] for r in rows]
    assert sql_results(BY_NAME["caseness"], pairs, CTX) == python_results(
        BY_NAME["caseness"], pairs, CTX
    )


@settings(max_examples=30, deadline=None)
@given(rows=st.lists(st.tuples(dates, dates), min_size=1, max_size=40))
def test_days_waiting_sql_matches_python(rows: list[tuple[dt.date | None, ...]]) -> None:
    decl = BY_NAME["days_waiting"]
    assert sql_results(decl, rows, CTX) == python_results(decl, rows, CTX)


@settings(max_examples=30, deadline=None)
@given(rows=st.lists(st.tuples(st.one_of(st.none(), st.integers(0, 30)), dates),
                     min_size=1, max_size=40))
def test_finished_treatment_sql_matches_python(
    rows: list[tuple[int | None, dt.date | None]]
) -> None:
    decl = BY_NAME["finished_treatment"]
    assert sql_results(decl, rows, CTX) == python_results(decl, rows, CTX)
