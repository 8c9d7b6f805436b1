"""placement_stability: worked examples, and SQL on DuckDB against the Python reference."""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from obcrules_childrens_services.derived import PLACEMENT_STABILITY
from obcrules_childrens_services.vocabulary import PLACEMENT_EPISODES, REASONS_FOR_CHANGE

from obcrules.testing import derived_python_rows, derived_sql_rows

D = dt.date
TABLES = {"placement_episodes": PLACEMENT_EPISODES}


def episode(
    child: str,
    start: dt.date | None,
    end: dt.date | None,
    reason: str | None = "placement_change",
    period: str = "2026-Q1",
) -> dict[str, Any]:
    return {
        "person_id": child,
        "provider": "Brookside",
        "period": period,
        "episode_start": start,
        "episode_end": end,
        "placement_type": "foster_other",
        "reason_for_change": reason,
    }


EXAMPLE = [
    # In care since 2022, in the same placement since 2024-03-31, exactly 2 years before
    # the period end 2026-03-31; a legal-status change in 2025 keeps the placement.
    episode("stable", D(2022, 1, 10), D(2024, 3, 31), "started_care"),
    episode("stable", D(2024, 3, 31), D(2025, 6, 1)),
    episode("stable", D(2025, 6, 1), None, "legal_status_change"),
    # Three moves in the last 12 months (window starts 2025-03-31).
    episode("moving", D(2023, 1, 1), D(2025, 5, 1), "started_care"),
    episode("moving", D(2025, 5, 1), D(2025, 9, 1)),
    episode("moving", D(2025, 9, 1), D(2026, 1, 1)),
    episode("moving", D(2026, 1, 1), None),
    # In care only 2 years: same_placement_2y does not apply.
    episode("recent", D(2024, 3, 31), None, "started_care"),
    # Long-term but moved 2024-04-01, one day too late for 2 years by 2026-03-31.
    episode("moved", D(2021, 5, 5), D(2024, 4, 1), "started_care"),
    episode("moved", D(2024, 4, 1), None),
    # Left care before the period end.
    episode("left", D(2020, 1, 1), D(2026, 2, 1), "started_care"),
]


def test_worked_example() -> None:
    rows = derived_sql_rows(PLACEMENT_STABILITY, {"placement_episodes": EXAMPLE}, TABLES)
    got = {r["person_id"]: (r["placements_12m"], r["same_placement_2y"]) for r in rows}
    assert got == {
        "stable": (1, True),
        "moving": (4, False),
        "recent": (1, None),
        "moved": (1, False),
        "left": (1, None),
    }
    assert rows == derived_python_rows(PLACEMENT_STABILITY, {"placement_episodes": EXAMPLE})


def test_the_period_end_comes_from_the_period_text() -> None:
    periods = ("2024-06", "2025", "2026-05", "2026-06", "2026-Q2")
    child = [
        row
        for p in periods
        for row in (
            episode("x", D(2022, 1, 1), D(2024, 6, 30), "started_care", period=p),
            episode("x", D(2024, 6, 30), None, period=p),
        )
    ]
    rows = derived_sql_rows(PLACEMENT_STABILITY, {"placement_episodes": child}, TABLES)
    got = {r["period"]: (r["placements_12m"], r["same_placement_2y"]) for r in rows}
    assert got == {
        "2024-06": (2, None),  # in care 2.5 years only from 2024-07-01
        "2025": (1, False),
        "2026-05": (1, False),  # 2026-05-31 - 24 months = 2024-05-31, before the move
        "2026-06": (1, True),  # 2026-06-30 - 24 months = 2024-06-30, the day of the move
        "2026-Q2": (1, True),
    }


dates = st.one_of(st.none(), st.dates(D(2021, 1, 1), D(2026, 12, 31)))
reasons = st.one_of(st.none(), st.sampled_from(sorted(REASONS_FOR_CHANGE)))
episodes = st.lists(
    st.builds(
        episode,
        st.sampled_from(["c1", "c2"]),
        dates,
        dates,
        reasons,
        st.sampled_from(["2025-Q4", "2026-Q1", "2026-02", "2026"]),
    ),
    min_size=1,
    max_size=20,
)


@settings(max_examples=60, deadline=None)
@given(rows=episodes)
def test_sql_matches_python(rows: list[dict[str, Any]]) -> None:
    inputs = {"placement_episodes": rows}
    assert derived_sql_rows(PLACEMENT_STABILITY, inputs, TABLES) == derived_python_rows(
        PLACEMENT_STABILITY, inputs
    )
