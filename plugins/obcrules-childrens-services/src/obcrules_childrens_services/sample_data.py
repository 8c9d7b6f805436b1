"""Synthetic children's services returns: four providers over eight quarters.

Brookside keeps children in care in stable placements (few moves, most long-term
children in the same home for 2 years); Willowbank and Castlegate are middling
(Castlegate made no return for 2026-Q1); Redmoor is much weaker (many moves,
lower school attendance). Children in care get their SSDA903-style placement
episodes, from entering care up to the period end.
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
    age = frame.columns["age"]
    sdq_start = s.around(n, 17, 6, 0, 40)
    sdq_fall = s.around(n, pc.subtract(pc.multiply(skill, 6), 0.5), 3, -10, 40)
    attendance = s.around(n, pc.subtract(95.0, pc.multiply(weakness, 14)), 5, 0, 100)
    people = {
        **frame.columns,
        "in_care": in_care,
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
        "not_in_education_employment_training": only_where(
            pc.greater_equal(age, 16), s.chance(n, pc.add(pc.multiply(weakness, 0.25), 0.08))
        ),
    }
    return {
        "people": table_from_columns(people_with(PEOPLE_FIELDS), people),
        "placement_episodes": _episodes(s, frame, in_care),
    }


def _episodes(s: Sampler, frame: PeopleFrame, in_care: Any) -> Any:
    """Each child in care entered care 1 month to 5.5 years ago and has 1-6 episodes.

    Episodes split the time in care into roughly equal parts (with jitter); the
    first is ``started_care``, each later one a placement or legal-status change.
    Weaker providers move children more often.
    """
    index = pc.indices_nonzero(in_care)
    m = len(index)
    period_end = pc.take(frame.period_end, index)
    care_start = days_before(period_end, s.integers(m, 30, 2000))
    span = pc.subtract(
        pc.cast(pc.cast(period_end, pa.int32()), pa.int64()),
        pc.cast(pc.cast(care_start, pa.int32()), pa.int64()),
    )
    weakness = pc.subtract(1.0, pc.take(frame.skill, index))
    count = s.around(m, pc.add(pc.multiply(weakness, 3.0), 1.2), 1, 1, MAX_EPISODES)
    starts = [care_start]
    for j in range(1, MAX_EPISODES):
        jitter = pc.subtract(pc.multiply(s.uniform(m), 0.8), 0.4)
        share = pc.divide(pc.add(jitter, j), pc.cast(count, pa.float64()))
        offset = pc.cast(pc.floor(pc.multiply(span, share)), pa.int64())
        starts.append(days_after(care_start, offset))
    ids = {k: pc.take(frame.columns[k], index) for k in ("person_id", "provider", "period")}
    parts = []
    for j in range(MAX_EPISODES):
        exists = pc.greater(count, j)
        last = pc.equal(count, j + 1)
        end = starts[j + 1] if j + 1 < MAX_EPISODES else pa.nulls(m, pa.date32())
        reason = pa.repeat(pa.scalar("started_care"), m) if j == 0 else s.choice(m, LATER_REASONS)
        columns = {
            **ids,
            "episode_start": starts[j],
            "episode_end": pc.if_else(last, pa.nulls(m, pa.date32()), end),
            "placement_type": s.choice(m, PLACEMENT_MIX),
            "reason_for_change": reason,
        }
        parts.append(table_from_columns(PLACEMENT_EPISODES, columns).filter(exists))
    return pa.concat_tables(parts).sort_by(
        [
            ("provider", "ascending"),
            ("period", "ascending"),
            ("person_id", "ascending"),
            ("episode_start", "ascending"),
        ]
    )


SAMPLE_DATA = SampleDataDecl(
    service="childrens_services",
    tables=("people", "placement_episodes"),
    description="Four providers of care for children, 2025-Q1 to 2026-Q4, one much weaker.",
    generate=generate,
)
