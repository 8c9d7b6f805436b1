"""tenancy_sustainment: SQL on DuckDB against the Python reference."""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from obcrules_housing.derived import TENANCY_SUSTAINMENT
from obcrules_housing.vocabulary import TENANCIES

from obcrules.testing import derived_python_rows, derived_sql_rows

D = dt.date
TABLES = {"tenancies": TENANCIES}


def tenancy(person: str, period: str, start: dt.date | None, end: dt.date | None) -> dict[str, Any]:
    return {
        "person_id": person,
        "provider": "Harbour Housing",
        "period": period,
        "tenancy_start": start,
        "tenancy_end": end,
    }


EXAMPLE = {
    "tenancies": [
        # Started 2025-12-31: 6 months reached on 2026-06-30, the Q2 period end.
        tenancy("a", "2026-Q2", D(2025, 12, 31), None),
        # A failed tenancy and a current one: the longer counts.
        tenancy("b", "2026-Q2", D(2024, 1, 10), D(2024, 4, 1)),
        tenancy("b", "2026-Q2", D(2025, 5, 1), None),
        # Ended the day 1 month was reached (31 Jan + 1 month = 28 Feb).
        tenancy("c", "2026-Q1", D(2026, 1, 31), D(2026, 2, 28)),
        # Starts after the period end: no months, not sustained.
        tenancy("d", "2026-Q1", D(2026, 5, 1), None),
        tenancy("e", "2026", None, None),
    ]
}


def test_example_rows() -> None:
    rows = derived_sql_rows(TENANCY_SUSTAINMENT, EXAMPLE, TABLES)
    summary = {
        r["person_id"]: (r["months_sustained"], r["sustained_6m"], r["sustained_12m"]) for r in rows
    }
    assert summary == {
        "a": (6, True, False),
        "b": (13, True, True),
        "c": (1, False, False),
        "d": (None, False, False),
        "e": (None, None, None),
    }
    assert rows == derived_python_rows(TENANCY_SUSTAINMENT, EXAMPLE)


def test_the_period_end_is_computed_from_the_period_text() -> None:
    start = D(2025, 7, 31)
    rows = [tenancy("x", p, start, None) for p in ("2025-12", "2026-01", "2026-Q1", "2026")]
    got = derived_sql_rows(TENANCY_SUSTAINMENT, {"tenancies": rows}, TABLES)
    months = {r["period"]: r["months_sustained"] for r in got}
    assert months == {"2025-12": 5, "2026-01": 6, "2026-Q1": 8, "2026": 17}


dates = st.one_of(st.none(), st.dates(D(2023, 1, 1), D(2027, 12, 31)))
rows = st.lists(
    st.builds(
        tenancy,
        st.sampled_from(["p1", "p2", "p3"]),
        st.sampled_from(["2025-Q4", "2026-Q1", "2026-02", "2026"]),
        dates,
        dates,
    ),
    min_size=1,
    max_size=25,
)


@settings(max_examples=40, deadline=None)
@given(tenancies=rows)
def test_sql_matches_python(tenancies: list[dict[str, Any]]) -> None:
    inputs = {"tenancies": tenancies}
    assert derived_sql_rows(TENANCY_SUSTAINMENT, inputs, TABLES) == derived_python_rows(
        TENANCY_SUSTAINMENT, inputs
    )
