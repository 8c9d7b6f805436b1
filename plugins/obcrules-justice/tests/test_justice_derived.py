"""proven_reoffending at each boundary the Ministry of Justice's definitions state, and SQL
on DuckDB against the Python reference.

The rules (MoJ, Proven reoffending statistics: guide): an offence counts when committed
in the one-year follow-up from the index date and proven by a court conviction or a
caution within that year or a further six months; an offender is measured once 18
months have passed. Here the index date is 2024-07-01, so offences count from
2024-07-01 to 2025-06-30, proven by 2025-12-31; the 2025-Q4 period ends 2025-12-31,
the first on which the outcome is known.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from obcrules_justice.derived import PROVEN_REOFFENDING
from obcrules_justice.vocabulary import DISPOSALS, PEOPLE_FIELDS, REOFFENCES

from obcrules.plugins.sampling import people_with
from obcrules.testing import derived_python_rows, derived_sql_rows

D = dt.date
INDEX = D(2024, 7, 1)
TABLES = {"people": people_with(PEOPLE_FIELDS), "reoffences": REOFFENCES}


def offender(name: str, index: dt.date | None = INDEX, period: str = "2025-Q4",
             disposal: str | None = "court_order") -> dict[str, Any]:
    return {"person_id": name, "provider": "Wessex", "period": period, "index_date": index,
            "index_disposal": disposal}


def offence(name: str, committed: dt.date | None, proven: dt.date | None,
            disposal: str | None = "court_conviction", period: str = "2025-Q4") -> dict[str, Any]:
    return {"person_id": name, "provider": "Wessex", "period": period,
            "offence_date": committed, "proven_date": proven, "disposal": disposal,
            "offence_group": "theft"}


def measured(people: list[dict[str, Any]], offences: list[dict[str, Any]]) -> dict[str, Any]:
    """``{offender: reoffences}`` for the offenders measured, SQL checked against Python."""
    inputs = {"people": people, "reoffences": offences}
    rows = derived_sql_rows(PROVEN_REOFFENDING, inputs, TABLES)
    assert rows == derived_python_rows(PROVEN_REOFFENDING, inputs)
    assert all(r["reoffended"] is (r["reoffences"] > 0) for r in rows)
    return {r["person_id"]: r["reoffences"] for r in rows}


@pytest.mark.parametrize(
    ("committed", "counted"),
    [
        (D(2024, 7, 1), 1),  # on the index date: the follow-up has begun
        (D(2024, 6, 30), 0),  # the day before: not a reoffence
        (D(2025, 6, 30), 1),  # the last day of the follow-up year
        (D(2025, 7, 1), 0),  # a year to the day: outside it
    ],
)
def test_the_offence_is_committed_in_the_follow_up_year(committed: dt.date,
                                                        counted: int) -> None:
    got = measured([offender("o")], [offence("o", committed, D(2025, 11, 1))])
    assert got == {"o": counted}


@pytest.mark.parametrize(
    ("proven", "counted"),
    [
        (D(2025, 12, 31), 1),  # proven on the last day of the six months' wait
        (D(2026, 1, 1), 0),  # 18 months to the day: too late
        (None, 0),  # not yet proven
    ],
)
def test_the_offence_is_proven_by_the_end_of_the_six_months_wait(
    proven: dt.date | None, counted: int
) -> None:
    got = measured([offender("o", period="2026-Q1")],
                   [offence("o", D(2025, 6, 1), proven, period="2026-Q1")])
    assert got == {"o": counted}


@pytest.mark.parametrize(("disposal", "counted"),
                         [("court_conviction", 1), ("caution", 1), ("youth_caution", 1),
                          ("penalty_notice", 0), ("community_resolution", 0), (None, 0)])
def test_only_a_conviction_or_caution_proves_it(disposal: str | None, counted: int) -> None:
    got = measured([offender("o")], [offence("o", D(2024, 9, 1), D(2024, 12, 1), disposal)])
    assert got == {"o": counted}


@pytest.mark.parametrize(
    ("period", "index", "measured_then"),
    [
        ("2025-Q4", D(2024, 7, 1), True),  # 2024-07-01 + 18 months = 2026-01-01 = 31 Dec + 1
        ("2025-Q4", D(2024, 7, 2), False),  # a day later: the wait ends after the period
        ("2025-12", D(2024, 6, 30), True),
        ("2025", D(2024, 7, 1), True),
    ],
)
def test_offenders_are_measured_once_18_months_have_passed(period: str, index: dt.date,
                                                           measured_then: bool) -> None:
    got = measured([offender("o", index, period)], [])
    assert got == ({"o": 0} if measured_then else {})


def test_frequency_counts_every_proven_reoffence() -> None:
    offences = [offence("o", D(2024, 8, 1), D(2024, 9, 1)),
                offence("o", D(2024, 8, 1), D(2024, 9, 1)),  # two offences, one hearing
                offence("o", D(2025, 2, 1), D(2025, 5, 1), "caution"),
                offence("o", D(2025, 8, 1), D(2025, 9, 1))]  # after the follow-up year
    assert measured([offender("o"), offender("p")], offences) == {"o": 3, "p": 0}


def test_an_offence_proven_before_it_was_committed_is_a_recording_error() -> None:
    got = measured([offender("o")], [offence("o", D(2024, 9, 1), D(2024, 8, 1))])
    assert got == {"o": 0}


dates = st.one_of(st.none(), st.dates(D(2023, 1, 1), D(2026, 12, 31)))
periods = st.sampled_from(["2025-Q4", "2026-Q1", "2026-02", "2026"])
names = st.sampled_from(["o1", "o2", "o3"])
people = st.lists(st.builds(offender, names, dates, periods), min_size=1, max_size=6)
offences = st.lists(st.builds(offence, names, st.dates(D(2023, 1, 1), D(2026, 12, 31)), dates,
                              st.one_of(st.none(), st.sampled_from(sorted(DISPOSALS))),
                              periods), max_size=20)


@settings(max_examples=60, deadline=None)
@given(cohort=people, committed=offences)
def test_sql_matches_python(cohort: list[dict[str, Any]],
                            committed: list[dict[str, Any]]) -> None:
    inputs = {"people": cohort, "reoffences": committed}
    assert derived_sql_rows(PROVEN_REOFFENDING, inputs, TABLES) == derived_python_rows(
        PROVEN_REOFFENDING, inputs)
