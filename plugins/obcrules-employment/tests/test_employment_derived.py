"""employment_outcomes at the boundaries the Work Programme and IPS rules state, and SQL on
DuckDB against the Python reference.

The rules (DWP Work Programme guidance; IPS fidelity scale): only paid work in the open
labour market counts (a job or self-employment), from the referral on; a job outcome is
13 or 26 weeks in work, and a change of job with no break between does not restart it.
The period here ends 2026-03-31.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from obcrules_employment.derived import EMPLOYMENT_OUTCOMES
from obcrules_employment.vocabulary import EMPLOYMENT_SPELLS, EMPLOYMENT_TYPES, PEOPLE_FIELDS

from obcrules.plugins.sampling import people_with
from obcrules.testing import derived_python_rows, derived_sql_rows

D = dt.date
TABLES = {"employment_spells": EMPLOYMENT_SPELLS, "people": people_with(PEOPLE_FIELDS)}


def person(name: str, referral: dt.date | None, period: str = "2026-Q1") -> dict[str, Any]:
    return {"person_id": name, "provider": "Pathway", "period": period,
            "referral_date": referral}


def spell(name: str, start: dt.date | None, end: dt.date | None, kind: str | None = "employee",
          period: str = "2026-Q1") -> dict[str, Any]:
    return {"person_id": name, "provider": "Pathway", "period": period, "job_start": start,
            "job_end": end, "employment_type": kind, "hours_per_week": 30}


def outcomes(people: list[dict[str, Any]], spells: list[dict[str, Any]]) -> dict[str, Any]:
    """``{person: (job_start, weeks_in_work, in_work_at_period_end)}``, SQL checked against
    Python."""
    inputs = {"people": people, "employment_spells": spells}
    rows = derived_sql_rows(EMPLOYMENT_OUTCOMES, inputs, TABLES)
    assert rows == derived_python_rows(EMPLOYMENT_OUTCOMES, inputs)
    return {r["person_id"]: (r["job_start"], r["weeks_in_work"], r["in_work_at_period_end"])
            for r in rows}


@pytest.mark.parametrize(
    ("end", "weeks"),
    [
        (D(2025, 4, 1), 13),  # 1 January to 1 April: 91 days worked, 13 weeks
        (D(2025, 3, 31), 12),  # 90 days: not yet 13 weeks
        (D(2025, 7, 1), 26),  # 182 days: 26 weeks
        (D(2025, 6, 30), 25),
    ],
)
def test_weeks_in_work_count_the_days_worked(end: dt.date, weeks: int) -> None:
    got = outcomes([person("p", D(2024, 12, 1))], [spell("p", D(2025, 1, 1), end)])
    assert got["p"] == (D(2025, 1, 1), weeks, False)


def test_a_job_still_running_counts_to_the_period_end() -> None:
    # 2025-12-31 to 2026-03-31: 91 days, 13 weeks, in work at the period end.
    got = outcomes([person("p", D(2025, 12, 1))], [spell("p", D(2025, 12, 31), None)])
    assert got["p"] == (D(2025, 12, 31), 13, True)


@pytest.mark.parametrize(
    ("next_start", "weeks"),
    [
        (D(2025, 3, 1), 26),  # the next job starts the day after: one period in work
        (D(2025, 3, 2), 17),  # a day between: two periods (8 and 17 weeks), the longer counts
    ],
)
def test_a_change_of_job_without_a_break_keeps_counting(next_start: dt.date, weeks: int) -> None:
    spells = [spell("p", D(2025, 1, 1), D(2025, 2, 28)),  # 59 days
              spell("p", next_start, D(2025, 7, 1))]
    assert outcomes([person("p", D(2024, 12, 1))], spells)["p"][1] == weeks


@pytest.mark.parametrize(
    ("referral", "counted"),
    [(D(2025, 1, 1), True),  # a job starting on the day of referral counts
     (D(2025, 1, 2), False)],  # a job that began the day before referral does not
)
def test_outcomes_count_from_the_referral(referral: dt.date, counted: bool) -> None:
    got = outcomes([person("p", referral)], [spell("p", D(2025, 1, 1), None)])
    assert (got["p"][0] is not None) is counted


@pytest.mark.parametrize(("kind", "counted"),
                         [("employee", True), ("self_employed", True), ("supported", False),
                          ("voluntary", False), (None, False)])
def test_only_paid_work_in_the_open_labour_market_counts(kind: str | None,
                                                        counted: bool) -> None:
    got = outcomes([person("p", D(2025, 1, 1))], [spell("p", D(2025, 2, 1), None, kind)])
    assert got["p"] == ((D(2025, 2, 1), 60, True) if counted else (None, 0, False))


def test_everyone_referred_has_a_row() -> None:
    got = outcomes([person("none", D(2025, 6, 1)), person("unknown", None)], [])
    assert got == {"none": (None, 0, False), "unknown": (None, None, None)}


def test_the_period_end_comes_from_the_period_text() -> None:
    periods = ("2025-06", "2025-Q3", "2025")
    people = [person("p", D(2025, 1, 1), period=p) for p in periods]
    spells = [spell("p", D(2025, 4, 1), None, period=p) for p in periods]
    inputs = {"people": people, "employment_spells": spells}
    weeks = {r["period"]: r["weeks_in_work"]
             for r in derived_sql_rows(EMPLOYMENT_OUTCOMES, inputs, TABLES)}
    assert weeks == {"2025-06": 13, "2025-Q3": 26, "2025": 39}


dates = st.one_of(st.none(), st.dates(D(2024, 6, 1), D(2026, 12, 31)))
periods = st.sampled_from(["2025-Q4", "2026-Q1", "2026-02", "2026"])
names = st.sampled_from(["p1", "p2", "p3"])
spells = st.lists(st.builds(spell, names, st.dates(D(2024, 6, 1), D(2026, 12, 31)), dates,
                            st.one_of(st.none(), st.sampled_from(sorted(EMPLOYMENT_TYPES))),
                            periods), max_size=20)
people = st.lists(st.builds(person, names, dates, periods), min_size=1, max_size=6)


@settings(max_examples=60, deadline=None)
@given(referred=people, worked=spells)
def test_sql_matches_python(referred: list[dict[str, Any]],
                            worked: list[dict[str, Any]]) -> None:
    inputs = {"people": referred, "employment_spells": worked}
    assert derived_sql_rows(EMPLOYMENT_OUTCOMES, inputs, TABLES) == derived_python_rows(
        EMPLOYMENT_OUTCOMES, inputs)
