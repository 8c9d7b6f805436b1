"""placement_stability: the DfE measures at each boundary they state, and SQL on DuckDB
against the Python reference.

The rules (DfE, Children looked after in England including adoptions / Stability
measures for children looked after in England, 2024; NI 62 and NI 63): children
looked after at 31 March, short breaks left out; short-term, three or more
placements during the year, temporary placements not counted; long-term, children
under 16 looked after continuously for at least 2.5 years, in the same placement
for at least 2 years or placed for adoption with the previous placement lasting 2
years together. The period here ends 2026-03-31: 2.5 years before is 2023-09-30,
2 years before is 2024-03-31 and the year began after 2025-03-31.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from obcrules_childrens_services.derived import PLACEMENT_STABILITY
from obcrules_childrens_services.vocabulary import (
    LEGAL_STATUSES,
    PLACEMENT_EPISODES,
    PLACEMENT_TYPES,
    REASONS_FOR_CHANGE,
)

from obcrules.plugins.common_tables import people_table
from obcrules.testing import derived_python_rows, derived_sql_rows

D = dt.date
TABLES = {"placement_episodes": PLACEMENT_EPISODES, "people": people_table()}


def episode(
    child: str,
    start: dt.date | None,
    end: dt.date | None,
    reason: str | None = "placement_change",
    placement: str | None = "foster_other",
    legal_status: str | None = "full_care_order",
    period: str = "2026-Q1",
) -> dict[str, Any]:
    return {
        "person_id": child,
        "provider": "Brookside",
        "period": period,
        "episode_start": start,
        "episode_end": end,
        "placement_type": placement,
        "reason_for_change": reason,
        "legal_status": legal_status,
    }


def child(name: str, age: int | None, period: str = "2026-Q1") -> dict[str, Any]:
    return {"person_id": name, "provider": "Brookside", "period": period, "age": age}


def stability(episodes: list[dict[str, Any]], ages: dict[str, int | None]) -> dict[str, Any]:
    """``{child: (placements_12m, same_placement_2y)}`` from SQL, checked against Python."""
    inputs = {"placement_episodes": episodes,
              "people": [child(name, age) for name, age in ages.items()]}
    rows = derived_sql_rows(PLACEMENT_STABILITY, inputs, TABLES)
    assert rows == derived_python_rows(PLACEMENT_STABILITY, inputs)
    return {r["person_id"]: (r["placements_12m"], r["same_placement_2y"]) for r in rows}


def in_care_since(start: dt.date, placed: dt.date, name: str = "c") -> list[dict[str, Any]]:
    """Looked after since ``start``; in the current placement since ``placed``."""
    return [episode(name, start, placed, "started_care"), episode(name, placed, None)]


@pytest.mark.parametrize(
    ("care_start", "expected"),
    [
        (D(2023, 9, 30), (1, True)),  # looked after exactly 2.5 years: counted
        (D(2023, 10, 1), (1, None)),  # a day short of 2.5 years: not in the measure
    ],
)
def test_long_term_needs_2_5_years_looked_after(
    care_start: dt.date, expected: tuple[int, bool | None]
) -> None:
    assert stability(in_care_since(care_start, D(2024, 3, 31)), {"c": 10})["c"] == expected


@pytest.mark.parametrize(
    ("placed", "expected"),
    [
        (D(2024, 3, 31), True),  # in the same placement exactly 2 years
        (D(2024, 4, 1), False),  # a day short of 2 years
    ],
)
def test_long_term_needs_2_years_in_the_same_placement(placed: dt.date, expected: bool) -> None:
    assert stability(in_care_since(D(2021, 1, 1), placed), {"c": 10})["c"][1] is expected


@pytest.mark.parametrize(("age", "expected"), [(15, True), (16, None), (None, None)])
def test_long_term_is_for_children_under_16_at_the_period_end(
    age: int | None, expected: bool | None
) -> None:
    assert stability(in_care_since(D(2021, 1, 1), D(2022, 1, 1)), {"c": age})["c"][1] is expected


def test_continuity_counts_from_the_latest_period_of_care() -> None:
    # Looked after 2019-2022, home, then back in care from 2024-01-01: not 2.5 years.
    episodes = [
        episode("c", D(2019, 1, 1), D(2022, 1, 1), "started_care"),
        episode("c", D(2024, 1, 1), None, "started_care"),
    ]
    assert stability(episodes, {"c": 10})["c"] == (1, None)


@pytest.mark.parametrize(
    ("previous_start", "placement", "expected"),
    [
        # Placed for adoption 2025-06-01 with the carers who fostered the child since
        # 2024-03-31: the two placements together have lasted exactly 2 years.
        (D(2024, 3, 31), "placed_for_adoption", True),
        (D(2024, 4, 1), "placed_for_adoption", False),
        # Not an adoptive placement: only the current placement counts.
        (D(2024, 3, 31), "foster_other", False),
    ],
)
def test_the_adoption_exception(
    previous_start: dt.date, placement: str, expected: bool
) -> None:
    episodes = [
        episode("c", D(2022, 1, 1), previous_start, "started_care"),
        episode("c", previous_start, D(2025, 6, 1)),
        episode("c", D(2025, 6, 1), None, "legal_and_placement_change_same_carer", placement),
    ]
    assert stability(episodes, {"c": 3})["c"][1] is expected


def test_temporary_placements_and_the_return_from_them_are_not_moves() -> None:
    # In the same foster home since 2023; a week in hospital (T1) in 2025 and back.
    episodes = [
        episode("c", D(2021, 1, 1), D(2023, 1, 1), "started_care"),
        episode("c", D(2023, 1, 1), D(2025, 7, 1)),
        episode("c", D(2025, 7, 1), D(2025, 7, 8), placement="temporary"),
        episode("c", D(2025, 7, 8), None),
    ]
    assert stability(episodes, {"c": 12})["c"] == (1, True)


def test_three_placements_during_the_year() -> None:
    # The placement held on 2025-03-31 counts, and each move after that day.
    two = [episode("two", D(2022, 1, 1), D(2025, 9, 1), "started_care"),
           episode("two", D(2025, 9, 1), None)]
    three = [episode("three", D(2022, 1, 1), D(2025, 9, 1), "started_care"),
             episode("three", D(2025, 9, 1), D(2026, 1, 10)),
             episode("three", D(2026, 1, 10), None)]
    got = stability(two + three, {"two": 12, "three": 12})
    assert (got["two"][0], got["three"][0]) == (2, 3)


def test_a_move_on_the_first_day_of_the_year_counts_and_the_day_before_does_not() -> None:
    inside = [episode("a", D(2023, 1, 1), D(2025, 4, 1), "started_care"),
              episode("a", D(2025, 4, 1), None)]
    before = [episode("b", D(2023, 1, 1), D(2025, 3, 31), "started_care"),
              episode("b", D(2025, 3, 31), None)]
    got = stability(inside + before, {"a": 12, "b": 12})
    assert (got["a"][0], got["b"][0]) == (2, 1)


def test_the_denominator_is_children_looked_after_at_the_period_end() -> None:
    episodes = [
        episode("left", D(2020, 1, 1), D(2026, 2, 1), "started_care"),  # left care
        episode("ends_on_the_day", D(2020, 1, 1), D(2026, 3, 31), "started_care"),
        episode("respite", D(2025, 1, 1), None, "started_care", legal_status="short_breaks"),
        episode("later", D(2026, 4, 2), None, "started_care"),  # starts after the period
        episode("here", D(2025, 1, 1), None, "started_care"),
    ]
    ages = {"left": 9, "ends_on_the_day": 9, "respite": 9, "later": 9, "here": 9}
    assert list(stability(episodes, ages)) == ["here"]


def test_short_breaks_are_not_placements_for_a_child_otherwise_in_care() -> None:
    episodes = [
        episode("c", D(2021, 1, 1), D(2025, 6, 1), "started_care"),
        episode("c", D(2025, 6, 1), D(2025, 6, 20), legal_status="short_breaks"),
        episode("c", D(2025, 6, 20), None, "legal_status_change"),
    ]
    assert stability(episodes, {"c": 8})["c"] == (1, True)


def test_the_period_end_comes_from_the_period_text() -> None:
    periods = ("2024-06", "2025", "2026-05", "2026-06", "2026-Q2")
    rows = [row for p in periods for row in (
        episode("x", D(2022, 1, 1), D(2024, 6, 30), "started_care", period=p),
        episode("x", D(2024, 6, 30), None, period=p))]
    people = [child("x", 10, period=p) for p in periods]
    inputs = {"placement_episodes": rows, "people": people}
    got = {r["period"]: (r["placements_12m"], r["same_placement_2y"])
           for r in derived_sql_rows(PLACEMENT_STABILITY, inputs, TABLES)}
    assert got == {
        "2024-06": (2, None),  # looked after 2.5 years only from 2024-07-01
        "2025": (1, False),
        "2026-05": (1, False),  # 2026-05-31 - 24 months = 2024-05-31, before the move
        "2026-06": (1, True),  # 2026-06-30 - 24 months = 2024-06-30, the day of the move
        "2026-Q2": (1, True),
    }


dates = st.one_of(st.none(), st.dates(D(2021, 1, 1), D(2026, 12, 31)))
episodes = st.lists(
    st.builds(
        episode,
        st.sampled_from(["c1", "c2"]),
        dates,
        dates,
        st.one_of(st.none(), st.sampled_from(sorted(REASONS_FOR_CHANGE))),
        st.one_of(st.none(), st.sampled_from(["foster_other", "temporary",
                                              "placed_for_adoption"])),
        st.one_of(st.none(), st.sampled_from(sorted(LEGAL_STATUSES))),
        st.sampled_from(["2025-Q4", "2026-Q1", "2026-02", "2026"]),
    ),
    min_size=1,
    max_size=20,
)
people = st.lists(
    st.builds(child, st.sampled_from(["c1", "c2"]), st.one_of(st.none(), st.integers(10, 17)),
              st.sampled_from(["2025-Q4", "2026-Q1", "2026-02", "2026"])),
    max_size=6,
)


@settings(max_examples=80, deadline=None)
@given(rows=episodes, children=people)
def test_sql_matches_python(rows: list[dict[str, Any]], children: list[dict[str, Any]]) -> None:
    inputs = {"placement_episodes": rows, "people": children}
    assert derived_sql_rows(PLACEMENT_STABILITY, inputs, TABLES) == derived_python_rows(
        PLACEMENT_STABILITY, inputs
    )


def test_every_placement_type_is_an_ssda903_code_group() -> None:
    assert PLACEMENT_TYPES["temporary"] == "T0-T4"
    assert "T0" not in PLACEMENT_TYPES["other"]
