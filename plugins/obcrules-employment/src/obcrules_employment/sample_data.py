"""Synthetic returns of employment programmes: four providers over eight quarters.

Pathway Works gets most people into jobs that last; Northbridge and Horizon are
middling (Horizon made no return for 2025-Q3); Ridgeline is much weaker (fewer job
starts, shorter jobs). A fifth of the people referred are in secondary mental health
care and start work less often. About a quarter of those in work change job, most
without a break; some work is supported or unpaid (not counted), and a few people
had a job that ended before they were referred (not counted either).
"""

from __future__ import annotations

from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from obcrules.plugins.arrow_schema import table_from_columns
from obcrules.plugins.declarations import SampleDataDecl
from obcrules.plugins.sampling import (
    PeopleFrame,
    ProviderProfile,
    Sampler,
    days_after,
    days_before,
    only_where,
    people_frame,
    people_with,
)
from obcrules_employment.vocabulary import EMPLOYMENT_SPELLS, PEOPLE_FIELDS

PROVIDERS = (
    ProviderProfile("Pathway Works", "PWK", 1.0, 0.85),
    ProviderProfile("Northbridge Employment", "NBE", 1.1, 0.55),
    ProviderProfile("Horizon Skills", "HZS", 0.8, 0.5, silent=("2025-Q3",)),
    ProviderProfile("Ridgeline Futures", "RLF", 0.7, 0.15),
)

BENEFIT_MIX = (
    ("universal_credit", 0.6),
    ("jobseekers_allowance", 0.1),
    ("employment_and_support_allowance", 0.2),
    ("none", 0.1),
)
WORK_MIX = (("employee", 0.82), ("self_employed", 0.08), ("supported", 0.06),
            ("voluntary", 0.04))


def generate(rows: int, seed: int) -> dict[str, Any]:
    """``rows`` people referred and their spells of work; the same for the same seed."""
    s = Sampler(seed)
    frame = people_frame(rows, s, PROVIDERS, ages=(18, 64))
    n = frame.size
    referral = days_before(frame.period_end, s.integers(n, 0, 720))
    mental_health = s.chance(n, 0.2)
    people = {
        **frame.columns,
        "referral_date": referral,
        "benefit_at_referral": s.blank(s.choice(n, BENEFIT_MIX), 0.02),
        "months_out_of_work": s.blank(s.around(n, 14, 10, 0, 240), 0.05),
        "secondary_mental_health_care": mental_health,
        **_wellbeing(s, frame),
    }
    return {
        "people": table_from_columns(people_with(PEOPLE_FIELDS), people),
        "employment_spells": _spells(s, frame, referral, mental_health),
    }


def _wellbeing(s: Sampler, frame: PeopleFrame) -> dict[str, Any]:
    """WEMWBS at the start and at the latest review (rising more with stronger providers)."""
    n = frame.size
    start = s.around(n, 40, 7, 14, 70)
    rise = s.around(n, pc.subtract(pc.multiply(frame.skill, 7), 1), 4, -20, 30)
    end = pc.min_element_wise(pc.max_element_wise(pc.add(start, rise), 14), 70)
    return {"wemwbs_start": s.blank(start, 0.05), "wemwbs_end": s.blank(end, 0.2)}


def _spells(s: Sampler, frame: PeopleFrame, referral: Any, mental_health: Any) -> Any:
    """A first job for those who start work, a next job for some, an old job for a few."""
    n, skill = frame.size, frame.skill
    pe = frame.period_end
    likely = pc.multiply(pc.add(pc.multiply(skill, 0.4), 0.3),
                         pc.if_else(mental_health, 0.8, 1.0))
    first_start = days_after(referral, s.integers(n, 7, 240))
    started = pc.and_(s.chance(n, likely), pc.less_equal(first_start, pe))
    lasted = s.around(n, pc.add(pc.multiply(skill, 260.0), 40.0), 100, 5, 900)
    first_end = days_after(first_start, lasted)
    moved_on = pc.and_(started, pc.and_(s.chance(n, 0.25), pc.less(first_end, pe)))
    gap = pc.if_else(s.chance(n, 0.7), s.integers(n, 0, 1), s.integers(n, 2, 40))
    next_start = days_after(first_end, gap)
    next_end = days_after(next_start, s.around(n, pc.add(pc.multiply(skill, 200.0), 60.0),
                                               80, 5, 900))
    old_end = days_before(referral, s.integers(n, 1, 60))
    old = s.chance(n, 0.05)
    ids = {k: frame.columns[k] for k in ("person_id", "provider", "period")}

    def spell(start: Any, end: Any, keep: Any, kinds: Any) -> Any:
        columns = {
            **ids,
            "job_start": start,
            "job_end": only_where(pc.less(end, pe), end),
            "employment_type": kinds,
            "hours_per_week": s.blank(s.around(n, 28, 9, 4, 48), 0.05),
        }
        return table_from_columns(EMPLOYMENT_SPELLS, columns).filter(
            pc.and_(keep, pc.less_equal(start, pe)))

    parts = [
        spell(first_start, first_end, started, s.choice(n, WORK_MIX)),
        spell(next_start, next_end, moved_on, s.choice(n, WORK_MIX)),
        spell(days_before(old_end, s.integers(n, 30, 400)), old_end, old,
              pa.repeat(pa.scalar("employee"), n)),
    ]
    return pa.concat_tables(parts).sort_by(
        [("provider", "ascending"), ("period", "ascending"), ("person_id", "ascending"),
         ("job_start", "ascending")]
    )


SAMPLE_DATA = SampleDataDecl(
    service="employment",
    tables=("people", "employment_spells"),
    description="Four employment programme providers, 2025-Q1 to 2026-Q4, one much weaker.",
    generate=generate,
)
