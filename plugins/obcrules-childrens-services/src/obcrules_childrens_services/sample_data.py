"""Synthetic children's services returns: four providers over eight quarters.

Brookside keeps children in care in stable placements (few moves, most long-term
children in the same home for 2 years); Willowbank and Castlegate are middling,
near England's rates (Castlegate made no return for 2026-Q1); Redmoor is much
weaker (many moves, lower school attendance). Children in care get their
SSDA903-style placement episodes, from entering care up to the period end: some
have a week in a temporary placement (T0-T4) and return, a few are looked after
only for short breaks (V3/V4), and a fifth of SDQs were completed by the
provider's own staff.
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
from obcrules_childrens_services.vocabulary import PEOPLE_FIELDS, PLACEMENT_EPISODES

PROVIDERS = (
    ProviderProfile("Brookside Children's Services", "BCS", 1.0, 0.90),
    ProviderProfile("Willowbank Care", "WBC", 1.0, 0.60),
    ProviderProfile("Castlegate Family Placements", "CFP", 0.8, 0.55, silent=("2026-Q1",)),
    ProviderProfile("Redmoor Residential", "RMR", 0.7, 0.15),
)

PLACEMENT_MIX = (
    ("foster_relative", 0.18),
    ("foster_other", 0.50),
    ("placed_for_adoption", 0.03),
    ("placed_with_parents", 0.07),
    ("independent_living", 0.05),
    ("secure_unit", 0.01),
    ("childrens_home", 0.11),
    ("residential_school", 0.01),
    ("residential_other", 0.02),
    ("other", 0.02),
)
"""Placement types of ordinary episodes; temporary placements (T0-T4) are made apart."""
LEGAL_MIX = (
    ("full_care_order", 0.55),
    ("interim_care_order", 0.12),
    ("voluntary_accommodation", 0.2),
    ("placement_order", 0.08),
    ("police_protection_or_emergency_order", 0.02),
    ("youth_justice", 0.03),
)
INFORMANTS = (
    ("carer", 0.7),
    ("provider_staff", 0.2),
    ("teacher", 0.05),
    ("young_person", 0.05),
)
LATER_REASONS = (
    ("legal_status_change", 0.2),
    ("placement_change", 0.55),
    ("placement_change_same_carer", 0.1),
    ("legal_and_placement_change", 0.1),
    ("legal_and_placement_change_same_carer", 0.05),
)
MAX_EPISODES = 6


def generate(rows: int, seed: int) -> dict[str, Any]:
    """``rows`` children and the episodes of those in care; the same for the same seed."""
    s = Sampler(seed)
    frame = people_frame(rows, s, PROVIDERS, ages=(0, 17))
    n, skill = frame.size, frame.skill
    weakness = pc.subtract(1.0, skill)
    in_care = s.chance(n, 0.45)
    care_start = days_before(frame.period_end, s.integers(n, 30, 2400))
    age = frame.columns["age"]
    sdq_start = s.around(n, 16, 6, 0, 40)
    sdq_fall = s.around(n, pc.subtract(pc.multiply(skill, 6), 0.5), 3, -10, 40)
    attendance = s.around(n, pc.subtract(95.0, pc.multiply(weakness, 14)), 5, 0, 100)
    people = {
        **frame.columns,
        "in_care": in_care,
        "in_care_since": only_where(in_care, care_start),
        "placements_12m": pc.if_else(
            in_care, s.around(n, pc.add(pc.multiply(weakness, 2.0), 1), 0.8, 1, 8), 0
        ),
        "offended_12m": pc.and_(
            pc.greater_equal(age, 10), s.chance(n, pc.add(pc.multiply(weakness, 0.1), 0.03))
        ),
        "school_attendance": s.blank(pc.cast(attendance, pa.float64()), 0.05),
        "sdq_start": s.blank(sdq_start, 0.1),
        "sdq_end": s.blank(
            pc.min_element_wise(pc.max_element_wise(pc.subtract(sdq_start, sdq_fall), 0), 40),
            0.15,
        ),
        "sdq_completed_by": s.blank(s.choice(n, INFORMANTS), 0.05),
        "not_in_education_employment_training": only_where(
            pc.greater_equal(age, 16), s.chance(n, pc.add(pc.multiply(weakness, 0.25), 0.08))
        ),
    }
    return {
        "people": table_from_columns(people_with(PEOPLE_FIELDS), people),
        "placement_episodes": _episodes(s, frame, in_care, care_start),
    }


def _episodes(s: Sampler, frame: PeopleFrame, in_care: Any, care_start: Any) -> Any:
    """Each child in care entered care 1 month to 6.5 years ago and has 1-6 episodes.

    Episodes split the time in care into roughly equal parts (with jitter); the
    first is ``started_care``, each later one a placement or legal-status change.
    Weaker providers move children more often. About one child in ten spent a week
    in a temporary placement during their latest placement and returned to it; one
    in thirty is looked after only for short breaks.
    """
    index = pc.indices_nonzero(in_care)
    m = len(index)
    period_end = pc.take(frame.period_end, index)
    care_start = pc.take(care_start, index)
    span = pc.subtract(_days(period_end), _days(care_start))
    weakness = pc.subtract(1.0, pc.take(frame.skill, index))
    count = s.around(m, pc.add(pc.multiply(weakness, 2.6), 0.9), 1, 1, MAX_EPISODES)
    starts = [care_start]
    for j in range(1, MAX_EPISODES):
        jitter = pc.subtract(pc.multiply(s.uniform(m), 0.8), 0.4)
        share = pc.divide(pc.add(jitter, j), pc.cast(count, pa.float64()))
        offset = pc.cast(pc.floor(pc.multiply(span, share)), pa.int64())
        starts.append(days_after(care_start, offset))
    latest = pc.choose(pc.subtract(count, 1), *starts)
    # A week away (hospital, a holiday) in the latest placement, then back to it.
    room = pc.max_element_wise(pc.subtract(pc.subtract(_days(period_end), _days(latest)), 8), 0)
    away_from = days_after(latest, pc.add(pc.cast(pc.floor(pc.multiply(s.uniform(m), room)),
                                                  pa.int64()), 1))
    back_on = days_after(away_from, 7)
    away = pc.and_(s.chance(m, 0.1), pc.less(back_on, period_end))
    respite = s.chance(m, 1 / 30)
    legal = pc.if_else(respite, pa.scalar("short_breaks"), s.choice(m, LEGAL_MIX))
    ids = {k: pc.take(frame.columns[k], index) for k in ("person_id", "provider", "period")}
    parts = []
    for j in range(MAX_EPISODES):
        exists = pc.greater(count, j)
        last = pc.equal(count, j + 1)
        end = starts[j + 1] if j + 1 < MAX_EPISODES else pa.nulls(m, pa.date32())
        reason = pa.repeat(pa.scalar("started_care"), m) if j == 0 else s.choice(m, LATER_REASONS)
        placement = s.choice(m, PLACEMENT_MIX)
        columns = {
            **ids,
            "episode_start": starts[j],
            "episode_end": pc.if_else(last, pc.if_else(away, away_from, pa.nulls(m, pa.date32())),
                                      end),
            "placement_type": placement,
            "reason_for_change": reason,
            "legal_status": legal,
        }
        parts.append(table_from_columns(PLACEMENT_EPISODES, columns).filter(exists))
        returning = {
            **ids,
            "episode_start": back_on,
            "episode_end": pa.nulls(m, pa.date32()),
            "placement_type": placement,
            "reason_for_change": pa.repeat(pa.scalar("placement_change_same_carer"), m),
            "legal_status": legal,
        }
        parts.append(table_from_columns(PLACEMENT_EPISODES, returning).filter(
            pc.and_(last, away)))
    temporary = {
        **ids,
        "episode_start": away_from,
        "episode_end": back_on,
        "placement_type": pa.repeat(pa.scalar("temporary"), m),
        "reason_for_change": pa.repeat(pa.scalar("placement_change"), m),
        "legal_status": legal,
    }
    parts.append(table_from_columns(PLACEMENT_EPISODES, temporary).filter(away))
    return pa.concat_tables(parts).sort_by(
        [
            ("provider", "ascending"),
            ("period", "ascending"),
            ("person_id", "ascending"),
            ("episode_start", "ascending"),
        ]
    )


def _days(dates: Any) -> Any:
    """Dates as day numbers (int64)."""
    return pc.cast(pc.cast(dates, pa.int32()), pa.int64())


SAMPLE_DATA = SampleDataDecl(
    service="childrens_services",
    tables=("people", "placement_episodes"),
    description="Four providers of care for children, 2025-Q1 to 2026-Q4, one much weaker.",
    generate=generate,
)
