"""Synthetic returns of services for homeless young people: four providers, eight quarters.

Harbour Housing gets most young people into tenancies that last; Bridgeway and
Northlight are middling (Northlight made no return for 2025-Q2); Cornerstone is
much weaker (fewer housed, more tenancies failing). Each person was referred up to
four months before their tenancy began (a few already had it when referred, which
does not count). Of the tenancies that ended, about a quarter were planned moves
to another settled home, which follows at once, and a few ended in the tenant's
death. About one tenant in eight also has an earlier tenancy that failed.
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
from obcrules_housing.vocabulary import PEOPLE_FIELDS, TENANCIES

PROVIDERS = (
    ProviderProfile("Harbour Housing", "HBH", 1.0, 0.90),
    ProviderProfile("Bridgeway Youth Homes", "BYH", 1.1, 0.60),
    ProviderProfile("Northlight Trust", "NLT", 0.8, 0.55, silent=("2025-Q2",)),
    ProviderProfile("Cornerstone Lettings", "CSL", 0.7, 0.20),
)

AT_REFERRAL = (
    ("rough_sleeping", 0.15),
    ("sofa_surfing", 0.40),
    ("temporary", 0.25),
    ("supported", 0.12),
    ("family", 0.06),
    ("own_tenancy", 0.02),
)
NOT_HOUSED = (("sofa_surfing", 0.3), ("temporary", 0.35), ("supported", 0.25), ("family", 0.1))
TENURE_MIX = (
    ("social_rent", 0.5),
    ("private_rent", 0.3),
    ("supported_tenancy", 0.15),
    ("shared_ownership", 0.02),
    ("other", 0.03),
)
ENDINGS = (("planned_move", 0.25), ("died", 0.03), ("failed", 0.72))
FAILED_ENDINGS = (
    ("eviction_arrears", 0.35),
    ("eviction_behaviour", 0.2),
    ("abandoned", 0.25),
    ("custody", 0.08),
    ("hospital", 0.05),
    ("other", 0.07),
)


def generate(rows: int, seed: int) -> dict[str, Any]:
    """``rows`` young people and their tenancies; the same for the same seed."""
    s = Sampler(seed)
    frame = people_frame(rows, s, PROVIDERS, ages=(16, 25))
    n, skill = frame.size, frame.skill
    housed = s.chance(n, pc.add(pc.multiply(skill, 0.5), 0.3))
    start = days_before(frame.period_end, s.integers(n, 0, 540))
    fails = s.chance(n, pc.subtract(0.7, pc.multiply(skill, 0.5)))
    end_after = days_after(start, s.integers(n, 14, 240))
    ended = pc.and_(fails, pc.less_equal(end_after, frame.period_end))
    end = only_where(pc.and_(housed, ended), end_after)
    ending = s.choice(n, ENDINGS)
    moved = pc.and_(pc.and_(housed, ended), pc.equal(ending, pa.scalar("planned_move")))
    still_housed = pc.or_(pc.and_(housed, pc.invert(ended)), moved)
    before_support = pc.and_(housed, s.chance(n, 0.05))
    referral = pc.if_else(
        housed,
        pc.if_else(before_support, days_after(start, s.integers(n, 10, 120)),
                   days_before(start, s.integers(n, 0, 120))),
        days_before(frame.period_end, s.integers(n, 0, 540)),
    )
    people = {
        **frame.columns,
        "referral_date": s.blank(pc.min_element_wise(referral, frame.period_end), 0.01),
        "accommodation_at_referral": s.blank(s.choice(n, AT_REFERRAL), 0.02),
        "accommodation_now": pc.if_else(
            still_housed, pa.scalar("own_tenancy"), s.choice(n, NOT_HOUSED)
        ),
        "tenancy_start": only_where(housed, start),
        "tenancy_end": end,
        "in_education_training_employment": s.blank(
            s.chance(n, pc.add(pc.multiply(skill, 0.4), 0.25)), 0.05
        ),
    }
    return {
        "people": table_from_columns(people_with(PEOPLE_FIELDS), people),
        "tenancies": _tenancies(s, frame, housed, start, end, ending),
    }


def _tenancies(s: Sampler, frame: PeopleFrame, housed: Any, start: Any, end: Any,
               ending: Any) -> Any:
    """The current tenancy of everyone housed, the next one after a planned move, and an
    earlier failed one for some."""
    n = frame.size
    ids = {k: frame.columns[k] for k in ("person_id", "provider", "period")}
    reason = pc.if_else(pc.equal(ending, pa.scalar("failed")), s.choice(n, FAILED_ENDINGS),
                        ending)
    current = {
        **ids,
        "tenancy_start": start,
        "tenancy_end": end,
        "tenure": s.choice(n, TENURE_MIX),
        "ended_reason": only_where(pc.is_valid(end), reason),
    }
    moved = pc.and_(pc.is_valid(end), pc.equal(ending, pa.scalar("planned_move")))
    next_home = {
        **ids,
        "tenancy_start": end,
        "tenancy_end": pa.nulls(n, pa.date32()),
        "tenure": s.choice(n, TENURE_MIX),
        "ended_reason": pa.nulls(n, pa.string()),
    }
    earlier_start = days_before(start, s.integers(n, 200, 500))
    earlier = {
        **ids,
        "tenancy_start": earlier_start,
        "tenancy_end": days_after(earlier_start, s.integers(n, 20, 150)),
        "tenure": s.choice(n, TENURE_MIX),
        "ended_reason": s.choice(n, FAILED_ENDINGS),
    }
    had_earlier = pc.and_(housed, s.chance(n, 0.12))
    parts = [
        table_from_columns(TENANCIES, current).filter(housed),
        table_from_columns(TENANCIES, next_home).filter(pc.fill_null(moved, False)),
        table_from_columns(TENANCIES, earlier).filter(had_earlier),
    ]
    return pa.concat_tables(parts).sort_by(
        [("provider", "ascending"), ("period", "ascending"), ("person_id", "ascending")]
    )


SAMPLE_DATA = SampleDataDecl(
    service="housing",
    tables=("people", "tenancies"),
    description="Four providers housing young people, 2025-Q1 to 2026-Q4, one much weaker.",
    generate=generate,
)
