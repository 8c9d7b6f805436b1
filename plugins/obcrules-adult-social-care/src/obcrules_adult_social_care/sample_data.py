"""Synthetic adult social care returns: five providers over eight quarters.

Oakwood Care is strong (few untreated continence problems, most people still at
home 91 days after reablement), Meadowbank and Ashford are middling, Fernlea is
middling and made no return for 2026-Q2, and Greystone is much weaker. Sessions
are drawn from each provider's people, fewer for weaker providers.
"""

from __future__ import annotations

from typing import Any

import pyarrow.compute as pc

from obcrules.plugins.arrow_schema import table_from_columns
from obcrules.plugins.declarations import SampleDataDecl
from obcrules.plugins.sampling import (
    PeopleFrame,
    ProviderProfile,
    Sampler,
    days_before,
    only_where,
    people_frame,
    people_with,
)
from obcrules_adult_social_care.vocabulary import (
    PEOPLE_FIELDS,
    PLACES_OF_DEATH,
    SESSION_KINDS,
    SESSIONS,
)

PROVIDERS = (
    ProviderProfile("Oakwood Care", "OAK", 1.2, 0.92),
    ProviderProfile("Meadowbank Homes", "MBH", 1.0, 0.65),
    ProviderProfile("Ashford Community Care", "ACC", 0.9, 0.58),
    ProviderProfile("Fernlea Living", "FRN", 0.7, 0.70, silent=("2026-Q2",)),
    ProviderProfile("Greystone Care Group", "GRY", 0.8, 0.25),
)

SETTING_MIX = (
    ("own_home", 0.45),
    ("care_home", 0.30),
    ("nursing_home", 0.12),
    ("extra_care", 0.08),
    ("hospital", 0.05),
)


def generate(rows: int, seed: int) -> dict[str, Any]:
    """``rows`` people and about a quarter as many sessions; the same for the same seed."""
    s = Sampler(seed)
    frame = people_frame(rows, s, PROVIDERS, ages=(55, 101))
    people = _people(s, frame)
    return {"people": people, "sessions": _sessions(s, frame)}


def _people(s: Sampler, frame: PeopleFrame) -> Any:
    n, skill = frame.size, frame.skill
    problem = s.chance(n, 0.35)
    treated = pc.and_(problem, s.chance(n, pc.add(pc.multiply(skill, 0.9), 0.05)))
    reablement = s.chance(n, 0.25)
    dying = s.chance(n, 0.06)
    died = pc.and_(dying, s.chance(n, 0.7))
    wemwbs_start = s.around(n, 40, 7, 14, 70)
    rise = s.around(n, pc.subtract(pc.multiply(skill, 7), 1), 4, -20, 30)
    wemwbs_end = pc.min_element_wise(pc.max_element_wise(pc.add(wemwbs_start, rise), 14), 70)
    columns = {
        **frame.columns,
        "setting": s.choice(n, SETTING_MIX),
        "continence_problem": s.blank(problem, 0.03),
        "continence_treated": s.blank(treated, 0.03),
        "falls_12m": s.around(n, pc.subtract(2.0, pc.multiply(skill, 1.5)), 1.2, 0, 20),
        "delayed_discharge_days": s.blank(
            s.around(n, pc.multiply(pc.subtract(1.0, skill), 12), 4, 0, 90), 0.3
        ),
        "wemwbs_start": s.blank(wemwbs_start, 0.06),
        "wemwbs_end": s.blank(wemwbs_end, 0.1),
        "lives_at_home_91d": only_where(
            reablement, s.chance(n, pc.add(pc.multiply(skill, 0.35), 0.55))
        ),
        "end_of_life_preferred_place": only_where(
            dying, s.choice(n, tuple(zip(PLACES_OF_DEATH, (0.5, 0.25, 0.15, 0.1), strict=True)))
        ),
        "died_in_preferred_place": only_where(
            died, s.chance(n, pc.add(pc.multiply(skill, 0.4), 0.45))
        ),
    }
    return table_from_columns(people_with(PEOPLE_FIELDS), columns)


def _sessions(s: Sampler, frame: PeopleFrame) -> Any:
    """Sessions for randomly chosen people, kept more often by stronger providers."""
    drawn = max(frame.size // 4, 1)
    index = s.integers(drawn, 0, frame.size - 1)
    kept = pc.filter(
        index, s.chance(drawn, pc.add(pc.multiply(pc.take(frame.skill, index), 0.6), 0.4))
    )
    m = len(kept)
    people = frame.columns
    columns = {
        "person_id": s.blank(pc.take(people["person_id"], kept), 0.2),
        "provider": pc.take(people["provider"], kept),
        "period": pc.take(people["period"], kept),
        "session_kind": s.choice(m, tuple((kind, 1.0) for kind in SESSION_KINDS)),
        "session_date": days_before(pc.take(frame.period_end, kept), s.integers(m, 0, 89)),
    }
    table = table_from_columns(SESSIONS, columns)
    return table.sort_by([("provider", "ascending"), ("period", "ascending")]) if m else table


SAMPLE_DATA = SampleDataDecl(
    service="adult_social_care",
    tables=("people", "sessions"),
    description="Five care providers, 2025-Q1 to 2026-Q4, one weak and one with a missing return.",
    generate=generate,
)

__all__ = ["PROVIDERS", "SAMPLE_DATA", "generate"]
