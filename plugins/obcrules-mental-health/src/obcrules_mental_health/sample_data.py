"""Synthetic talking-therapies returns: four providers over eight quarters.

Riverside performs well (recovery about 60%, short waits), Northfield and
Eastgate sit near a 50% recovery target, and Hillcrest is weak (recovery about
30%, long waits) and made no return for 2025-Q3. Most referrals end in the
quarter after two or more treatment sessions (a finished course of treatment);
some are still open, some ended after a single session (they have end scores
but did not finish a course) and some ended in an earlier quarter. A quarter of
people have an anxiety disorder specific measure (SPIN, PDSS, HAI or PCL-5)
beside GAD-7.
"""

from __future__ import annotations

from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from obcrules.plugins.arrow_schema import table_from_columns
from obcrules.plugins.declarations import SampleDataDecl
from obcrules.plugins.sampling import (
    ProviderProfile,
    Sampler,
    days_after,
    days_before,
    only_where,
    people_frame,
    people_with,
)
from obcrules_mental_health.vocabulary import GAD7_MAX, PEOPLE_FIELDS, PHQ9_MAX

ADSM_MIX = (("spin", 0.35), ("pdss", 0.2), ("hai", 0.15), ("pcl5", 0.3))
ADSM_SCORES = {"spin": (34, 12, 68), "pdss": (14, 5, 28), "hai": (26, 8, 54),
               "pcl5": (46, 14, 80)}
"""Each measure's usual score at referral, its spread and its top score."""

PROVIDERS = (
    ProviderProfile("Riverside Talking Therapies", "RTT", 1.2, 0.90),
    ProviderProfile("Northfield Wellbeing Service", "NWS", 1.0, 0.62),
    ProviderProfile("Eastgate Psychological Therapies", "EPT", 0.8, 0.55),
    ProviderProfile("Hillcrest Counselling", "HCC", 0.6, 0.15, silent=("2025-Q3",)),
)


def generate(rows: int, seed: int) -> dict[str, Any]:
    """``rows`` people over `PROVIDERS` and 2025-Q1..2026-Q4, the same for the same seed."""
    s = Sampler(seed)
    frame = people_frame(rows, s, PROVIDERS, ages=(18, 75))
    n, skill = frame.size, frame.skill
    referral = days_before(frame.period_end, s.integers(n, 20, 150))
    wait_centre = pc.add(pc.multiply(pc.subtract(1.0, skill), 60), 8)
    wait = s.around(n, wait_centre, 8, 0, 180)
    first = s.blank(days_after(referral, wait), 0.04)
    phq9_start = s.around(n, 13, 6, 0, PHQ9_MAX)
    gad7_start = s.around(n, 11, 5, 0, GAD7_MAX)
    phq9_end = _after_treatment(s, phq9_start, skill, 15, PHQ9_MAX)
    gad7_end = _after_treatment(s, gad7_start, skill, 11, GAD7_MAX)
    sessions = pc.if_else(
        s.chance(n, pc.add(0.75, pc.multiply(skill, 0.15))), s.around(n, 7, 3, 2, 20),
        s.integers(n, 0, 1))
    discharge = days_after(first, pc.add(pc.multiply(sessions, 7), s.integers(n, 0, 21)))
    discharged = pc.less_equal(discharge, frame.period_end)
    finished = pc.and_(pc.greater_equal(sessions, 1), pc.is_valid(first))
    wemwbs_start = s.around(n, 38, 7, 14, 70)
    wemwbs_end = pc.min_element_wise(
        pc.add(wemwbs_start, s.around(n, pc.subtract(pc.multiply(skill, 8), 1), 4, -20, 30)),
        70,
    )
    employed = s.chance(n, 0.45)
    columns = {
        **frame.columns,
        "referral_date": referral,
        "first_appointment_date": first,
        "treatment_sessions": s.blank(only_where(pc.is_valid(first), sessions), 0.02),
        "discharge_date": only_where(pc.and_(discharged, pc.is_valid(first)), discharge),
        **_adsm(s, n, skill),
        "phq9_start": s.blank(phq9_start, 0.02),
        "gad7_start": s.blank(gad7_start, 0.02),
        "phq9_end": only_where(finished, phq9_end),
        "gad7_end": only_where(finished, gad7_end),
        "wemwbs_start": s.blank(wemwbs_start, 0.05),
        "wemwbs_end": s.blank(only_where(finished, pc.max_element_wise(wemwbs_end, 14)), 0.05),
        "in_employment_start": employed,
        "in_employment_end": pc.or_(employed, s.chance(n, pc.multiply(skill, 0.25))),
    }
    return {"people": table_from_columns(people_with(PEOPLE_FIELDS), columns)}


def _adsm(s: Sampler, n: int, skill: Any) -> dict[str, Any]:
    """An anxiety disorder specific measure for a quarter of people, with its scores."""
    name = s.choice(n, ADSM_MIX)
    start = pa.nulls(n, pa.int64())
    end = pa.nulls(n, pa.int64())
    for measure, (centre, spread, top) in ADSM_SCORES.items():
        mine = pc.equal(name, pa.scalar(measure))
        first = s.around(n, centre, spread, 0, top)
        fall = s.around(n, pc.multiply(skill, centre * 0.6), spread * 0.6, -spread, top)
        last = pc.min_element_wise(pc.max_element_wise(pc.subtract(first, fall), 0), top)
        start = pc.if_else(mine, first, start)
        end = pc.if_else(mine, last, end)
    recorded = s.chance(n, 0.25)
    return {
        "adsm": only_where(recorded, name),
        "adsm_start": only_where(recorded, start),
        "adsm_end": s.blank(only_where(recorded, end), 0.1),
    }


def _after_treatment(s: Sampler, start: Any, skill: Any, gain: float, top: int) -> Any:
    """A score at the end of treatment: lower by a skill-driven amount, within 0..top."""
    fall = s.around(len(start), pc.add(pc.multiply(skill, gain), 2.0), 7, -6, top)
    return pc.min_element_wise(pc.max_element_wise(pc.subtract(start, fall), 0), top)


SAMPLE_DATA = SampleDataDecl(
    service="mental_health",
    tables=("people",),
    description=__doc__.splitlines()[0] if __doc__ else "",
    generate=generate,
)
