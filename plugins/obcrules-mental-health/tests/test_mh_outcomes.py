"""treatment_outcomes: NHS Talking Therapies' outcomes per referral at the thresholds the
manual publishes, an anxiety disorder specific measure in place of GAD-7 where recorded,
and SQL on DuckDB against the Python reference.

Thresholds (NHS Talking Therapies for anxiety and depression manual, version 7, 2024):
caseness PHQ-9 >= 10, GAD-7 >= 8, SPIN >= 19, PDSS >= 8, HAI >= 18, PCL-5 >= 32; reliable
change PHQ-9 6, GAD-7 4, SPIN 10, PDSS 5, HAI 4, PCL-5 10.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from obcrules_mental_health.functions import ANXIETY_MEASURES
from obcrules_mental_health.outcomes import TREATMENT_OUTCOMES

from obcrules.plugins.catalog import vocabulary_for
from obcrules.testing import derived_python_rows, derived_sql_rows, fresh_registry

D = dt.date
PEOPLE = vocabulary_for(fresh_registry(), ["mental_health"]).table("people")
assert PEOPLE is not None
TABLES = {"people": PEOPLE}
DISCHARGED, REFERRED, FIRST = D(2026, 2, 1), D(2025, 11, 1), D(2025, 12, 1)


def referral(name: str = "r", *, phq9: tuple[int | None, int | None] = (5, 5),
             gad7: tuple[int | None, int | None] = (5, 5), adsm: str | None = None,
             scores: tuple[int | None, int | None] = (None, None), sessions: int | None = 4,
             discharged: dt.date | None = DISCHARGED, period: str = "2026-Q1",
             referred: dt.date | None = REFERRED,
             first: dt.date | None = FIRST) -> dict[str, Any]:
    return {"person_id": name, "provider": "Riverside", "period": period,
            "phq9_start": phq9[0], "phq9_end": phq9[1], "gad7_start": gad7[0],
            "gad7_end": gad7[1], "adsm": adsm, "adsm_start": scores[0], "adsm_end": scores[1],
            "treatment_sessions": sessions, "discharge_date": discharged,
            "referral_date": referred, "first_appointment_date": first}


def outcome(**row: Any) -> dict[str, Any]:
    """The one referral's outcome row, SQL checked against Python."""
    inputs = {"people": [referral(**row)]}
    [got] = derived_sql_rows(TREATMENT_OUTCOMES, inputs, TABLES)
    assert [got] == derived_python_rows(TREATMENT_OUTCOMES, inputs)
    return got


@pytest.mark.parametrize("measure", sorted(set(ANXIETY_MEASURES) - {"gad7"}))
def test_each_adsm_caseness_is_at_its_cut_off(measure: str) -> None:
    cut = ANXIETY_MEASURES[measure].caseness
    at = outcome(adsm=measure, scores=(cut, 0))
    below = outcome(adsm=measure, scores=(cut - 1, 0))
    assert (at["anxiety_measure"], at["at_caseness"], at["recovered"]) == (measure, True, True)
    assert (below["at_caseness"], below["recovered"]) == (False, False)


@pytest.mark.parametrize("measure", sorted(set(ANXIETY_MEASURES) - {"gad7"}))
def test_each_adsm_reliable_change_is_its_published_size(measure: str) -> None:
    change = ANXIETY_MEASURES[measure].reliable_change
    start = ANXIETY_MEASURES[measure].caseness + change
    fell = outcome(adsm=measure, scores=(start, start - change))
    short = outcome(adsm=measure, scores=(start, start - change + 1))
    rose = outcome(adsm=measure, phq9=(20, 10), scores=(start - change, start))
    assert fell["reliable_improvement"] is True
    assert short["reliable_improvement"] is False
    assert rose["reliable_improvement"] is False  # PHQ-9 improved, the ADSM deteriorated


def test_the_adsm_replaces_gad7_only_when_both_its_scores_are_recorded() -> None:
    # GAD-7 at caseness (12) but the SPIN below its cut-off: SPIN decides.
    spin = outcome(gad7=(12, 12), adsm="spin", scores=(10, 8))
    assert (spin["anxiety_measure"], spin["at_caseness"]) == ("spin", False)
    # No last SPIN score: back to GAD-7, at caseness and not recovered.
    gad7 = outcome(gad7=(12, 12), adsm="spin", scores=(10, None))
    assert (gad7["anxiety_measure"], gad7["at_caseness"], gad7["recovered"]) == (
        "gad7", True, False)


def test_recovery_needs_both_measures_below_caseness_at_the_end() -> None:
    assert outcome(phq9=(15, 9), gad7=(12, 7))["recovered"] is True
    assert outcome(phq9=(15, 9), gad7=(12, 8))["recovered"] is False
    assert outcome(phq9=(15, 10), gad7=(12, 7))["recovered"] is False


def test_reliable_recovery_is_recovery_and_reliable_improvement() -> None:
    got = outcome(phq9=(10, 9), gad7=(8, 7))  # recovered by a point each: not reliable
    assert (got["recovered"], got["reliable_improvement"], got["reliable_recovery"]) == (
        True, False, False)
    got = outcome(phq9=(16, 9), gad7=(8, 7))
    assert (got["recovered"], got["reliable_improvement"], got["reliable_recovery"]) == (
        True, True, True)


@pytest.mark.parametrize(
    ("sessions", "discharged", "finished"),
    [(2, D(2026, 1, 1), True), (1, D(2026, 1, 1), False), (2, None, False),
     (2, D(2025, 12, 31), False)],
)
def test_a_finished_course_is_two_sessions_and_ended_in_the_period(
    sessions: int, discharged: dt.date | None, finished: bool
) -> None:
    assert outcome(sessions=sessions, discharged=discharged)["finished_treatment"] is finished


def test_days_to_treatment() -> None:
    assert outcome(referred=D(2025, 11, 1), first=D(2025, 12, 13))["days_to_treatment"] == 42
    assert outcome(first=None)["days_to_treatment"] is None


def test_missing_scores_make_the_outcomes_missing() -> None:
    got = outcome(phq9=(12, None))
    assert (got["at_caseness"], got["recovered"], got["reliable_recovery"]) == (
        True, None, None)
    assert outcome(phq9=(None, 3))["at_caseness"] is None


scores = st.one_of(st.none(), st.integers(0, 27))
big = st.one_of(st.none(), st.integers(0, 80))
dates = st.one_of(st.none(), st.dates(D(2025, 6, 1), D(2026, 12, 31)))
rows = st.builds(
    lambda name, p, g, a, s, sessions, discharged, period: referral(
        name, phq9=p, gad7=g, adsm=a, scores=s, sessions=sessions, discharged=discharged,
        period=period),
    st.uuids().map(str),
    st.tuples(scores, scores), st.tuples(scores, scores),
    st.one_of(st.none(), st.sampled_from(["spin", "pdss", "hai", "pcl5"])),
    st.tuples(big, big), st.one_of(st.none(), st.integers(0, 12)), dates,
    st.sampled_from(["2025-Q4", "2026-Q1", "2026-02", "2026"]),
)


@settings(max_examples=60, deadline=None)
@given(people=st.lists(rows, min_size=1, max_size=25))
def test_sql_matches_python(people: list[dict[str, Any]]) -> None:
    inputs = {"people": people}
    assert derived_sql_rows(TREATMENT_OUTCOMES, inputs, TABLES) == derived_python_rows(
        TREATMENT_OUTCOMES, inputs)
