"""accommodation_sustainment at each boundary the homelessness outcome definitions state, and
SQL on DuckDB against the Python reference.

The rules (Fair Chance Fund; Rough Sleeping Social Impact Bond): accommodation sustained for
3, 6, 12 and 18 months across planned moves to other settled homes, counted from the
referral, with people who died left out of the outcomes they had not reached. The 2025-Q3
period ends 2025-09-30.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from obcrules_housing.accommodation import ACCOMMODATION_SUSTAINMENT
from obcrules_housing.vocabulary import ENDED_REASONS, PEOPLE_FIELDS, TENANCIES

from obcrules.plugins.sampling import people_with
from obcrules.testing import derived_python_rows, derived_sql_rows

D = dt.date
TABLES = {"tenancies": TENANCIES, "people": people_with(PEOPLE_FIELDS)}
REFERRED = D(2025, 1, 1)


def person(name: str = "p", referral: dt.date | None = REFERRED,
           period: str = "2025-Q3") -> dict[str, Any]:
    return {"person_id": name, "provider": "Harbour", "period": period,
            "referral_date": referral}


def tenancy(start: dt.date | None, end: dt.date | None = None, reason: str | None = None,
            name: str = "p", period: str = "2025-Q3") -> dict[str, Any]:
    return {"person_id": name, "provider": "Harbour", "period": period, "tenancy_start": start,
            "tenancy_end": end, "tenure": "social_rent", "ended_reason": reason}


def outcome(tenancies: list[dict[str, Any]], referral: dt.date | None = REFERRED,
            period: str = "2025-Q3") -> dict[str, Any]:
    """The one person's row, SQL checked against Python."""
    inputs = {"people": [person(referral=referral, period=period)], "tenancies": tenancies}
    [row] = derived_sql_rows(ACCOMMODATION_SUSTAINMENT, inputs, TABLES)
    assert [row] == derived_python_rows(ACCOMMODATION_SUSTAINMENT, inputs)
    return row


@pytest.mark.parametrize(
    ("reason", "sustained"),
    [
        ("planned_move", True),  # moved to another settled home: still accommodated
        ("eviction_arrears", False),  # evicted: the accommodation ended on 1 April
        ("abandoned", False),
        ("other", False),
        (None, False),  # no reason recorded: not a planned move
    ],
)
def test_a_planned_move_keeps_the_accommodation(reason: str | None, sustained: bool) -> None:
    row = outcome([tenancy(D(2025, 1, 15), D(2025, 4, 1), reason), tenancy(D(2025, 4, 1))])
    assert row["sustained_6m"] is sustained  # 15 January + 6 months = 15 July
    assert row["accommodated_on"] == D(2025, 1, 15)


@pytest.mark.parametrize(
    ("ended", "sustained"),
    [
        (D(2025, 7, 15), True),  # evicted the day 6 months were reached
        (D(2025, 7, 14), False),  # a day short
    ],
)
def test_six_months_to_the_day(ended: dt.date, sustained: bool) -> None:
    row = outcome([tenancy(D(2025, 1, 15), ended, "eviction_behaviour")])
    assert row["sustained_6m"] is sustained
    assert row["sustained_3m"] is True


@pytest.mark.parametrize(
    ("died_on", "three", "six"),
    [
        (D(2025, 3, 1), None, None),  # died before 3 months: left out of both
        (D(2025, 5, 1), True, None),  # died after 3 months: 3 reached, left out of 6
    ],
)
def test_deaths_leave_the_outcomes_they_had_not_reached(
    died_on: dt.date, three: bool | None, six: bool | None
) -> None:
    row = outcome([tenancy(D(2025, 1, 15), died_on, "died")])
    assert (row["died"], row["sustained_3m"], row["sustained_6m"]) == (True, three, six)


@pytest.mark.parametrize(
    ("referral", "counted"),
    [(D(2025, 1, 15), True),  # the tenancy began the day of referral
     (D(2025, 1, 16), False)],  # it began the day before support: it does not count
)
def test_outcomes_count_from_the_referral(referral: dt.date, counted: bool) -> None:
    row = outcome([tenancy(D(2025, 1, 15))], referral=referral)
    assert (row["accommodated_on"] is not None, row["sustained_6m"]) == (
        (True, True) if counted else (False, None))


def test_an_outcome_is_known_once_its_months_have_passed_since_accommodation() -> None:
    # 30 March + 6 months = 30 September, the period end: reached.
    assert outcome([tenancy(D(2025, 3, 30))])["sustained_6m"] is True
    # From 1 April, 6 months end on 1 October: not yet known.
    assert outcome([tenancy(D(2025, 4, 1))])["sustained_6m"] is None
    # Accommodated in February, abandoned, housed again in April: due, and not sustained.
    failed = [tenancy(D(2025, 2, 1), D(2025, 3, 1), "abandoned"), tenancy(D(2025, 4, 1))]
    assert outcome(failed)["sustained_6m"] is False


def test_a_new_spell_after_a_failure_can_reach_the_months() -> None:
    row = outcome([tenancy(D(2025, 1, 10), D(2025, 2, 10), "eviction_arrears", period="2025-Q4"),
                   tenancy(D(2025, 3, 1), period="2025-Q4")], period="2025-Q4")
    assert (row["sustained_6m"], row["months_accommodated"]) == (True, 9)


def test_everyone_referred_has_a_row() -> None:
    inputs = {"people": [person("a"), person("b", referral=None)], "tenancies": []}
    rows = derived_sql_rows(ACCOMMODATION_SUSTAINMENT, inputs, TABLES)
    assert [(r["person_id"], r["accommodated_on"], r["died"], r["sustained_3m"])
            for r in rows] == [("a", None, False, None), ("b", None, None, None)]


dates = st.one_of(st.none(), st.dates(D(2023, 6, 1), D(2026, 12, 31)))
periods = st.sampled_from(["2025-Q4", "2026-Q1", "2026-02", "2026"])
names = st.sampled_from(["p1", "p2", "p3"])
tenancies = st.lists(st.builds(tenancy, dates, dates,
                               st.one_of(st.none(), st.sampled_from(sorted(ENDED_REASONS))),
                               names, periods), max_size=20)
people = st.lists(st.builds(person, names, dates, periods), min_size=1, max_size=6)


@settings(max_examples=60, deadline=None)
@given(referred=people, housed=tenancies)
def test_sql_matches_python(referred: list[dict[str, Any]],
                            housed: list[dict[str, Any]]) -> None:
    inputs = {"people": referred, "tenancies": housed}
    assert derived_sql_rows(ACCOMMODATION_SUSTAINMENT, inputs, TABLES) == derived_python_rows(
        ACCOMMODATION_SUSTAINMENT, inputs)
